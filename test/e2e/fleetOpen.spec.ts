/**
 * A NATS fleet bench opened into the full panels, end to end: a real `nats-server -js`, a real
 * `benchtop agent` process and two dashboard backends started with `--nats` (two controllers). Dashboard A
 * sees the agent's card live in the overview (its values and its scope's traces), opens the bench into the full panels, takes control, changes
 * a setpoint and sees the readback follow; dashboard B, an observer, sees the controls read-only with A
 * named, and its attempt to take control refused with the bench's words; A releases and the lease is free.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { NatsServer, natsServerMissing } from '../integration/fleet/natsServer';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { startAgent, stopProcess } from './fleetProcesses';
import { BenchesPage } from './pages/BenchesPage';
import { DashboardPage } from './pages/DashboardPage';

const BENCH = 'bench-e2e';

test.describe('a fleet bench opened into the full panels', () => {
  // Skipped only where Debian's nats-server is not installed (the reason is the skip's message); it is
  // installed on the CI machine and here.
  test.skip(natsServerMissing() !== undefined, natsServerMissing() ?? '');
  // A broker, an agent, two backends and two pages: a bound for a hang, not a figure. Every step passed in
  // 4.5 min at a load average of 20 on the shared 2-core machine (each click took seconds there).
  test.setTimeout(480_000);

  let nats: NatsServer | undefined;
  let agent: ChildProcess | undefined;
  const backends: ServedBackend[] = [];
  let dir: string | undefined;
  test.afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.stop();
    await stopProcess(agent);
    await nats?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('opens the agent’s bench, takes control, sets a voltage, an observer is refused, releases', async ({
    page,
    browser,
  }) => {
    // GIVEN a broker, an agent on it, and dashboards A and B following the fleet
    dir = mkdtempSync(path.join(tmpdir(), 'benchtop-e2e-fleet-'));
    nats = await NatsServer.start();
    agent = await startAgent(nats.url, dir, BENCH);
    // The dashboards' own benches are empty: they are lab PCs watching the fleet (and on a loaded machine
    // two more simulated scopes would only slow the one under test).
    const emptyBench = path.join(dir, 'empty.json');
    writeFileSync(emptyBench, JSON.stringify({ instruments: [] }));
    const a = await startServedBackend(['--nats', nats.url, '--bench', emptyBench]);
    backends.push(a);
    const b = await startServedBackend(['--nats', nats.url, '--bench', emptyBench]);
    backends.push(b);
    const dashboard = new DashboardPage(page);
    const benches = new BenchesPage(page);
    await dashboard.open(a.url);
    await benches.openOverview();
    const card = (part: string): ReturnType<typeof page.getByTestId> =>
      page.getByTestId(`fleet-card-${BENCH}-${part}`);

    // THEN the agent's card is online with live values
    await expect(card('state')).toHaveText('Online');
    await expect(page.getByTestId('fleet-controller')).toContainText('this dashboard is dashboard-');
    const controllerA = (await page.getByTestId('fleet-controller').textContent())!.replace(
      'this dashboard is ',
      '',
    );
    await expect(card('psu_1-ch1-v')).toHaveText(/\d/);
    // and its scope's latest traces drawn on the card (waveforms asked while the card is on screen): the
    // thumbnail's canvas has lit pixels.
    await expect(card('scope_1-traces')).toBeVisible();
    await benches.tracesDrawn(`fleet-card-${BENCH}-scope_1-traces`);

    // WHEN it is opened into the full panels
    await card('open').click();

    // THEN the panels run on the fleet bench: readings, the scope's waveform, read-only until control
    await dashboard.psuLive();
    await expect(page.getByTestId('lease-holder')).toContainText('Nobody controls');
    await expect(dashboard.psuSetting(1, 'voltage-set')).toBeDisabled();
    await expect(page.getByTestId('scope-waveform-status')).toHaveText('running');
    // The bench's traces (binary fleet frames, kind 5, forwarded by the backend) reach the scope's chart
    // (on screen: charts out of view do not draw).
    await page.getByTestId('scope-chart').scrollIntoViewIfNeeded();
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no scope trace drawn within 30 s')), 30_000);
          document.addEventListener('benchtop:chart-draw', (event) => {
            const detail = (event as CustomEvent<{ testId?: string; dataTimestampMs?: number }>).detail;
            if (detail.testId !== 'scope-chart' || detail.dataTimestampMs === undefined) return;
            clearTimeout(timer);
            resolve();
          });
        }),
    );
    await expect(page.getByTestId('acq-downloads-unavailable')).toContainText('no HTTP');

    // WHEN A takes control, switches CH1 on (the agent starts with every output off) and sets it to 3 V
    await page.getByTestId('lease-take').click();
    await expect(page.getByTestId('lease-bar')).toHaveAttribute('data-ours', 'true', { timeout: 30_000 });
    await expect(dashboard.psuSetting(1, 'voltage-set')).toBeEnabled();
    // The waveform was seen; stopped (and so remembered on the bench, B opens without it), it no longer
    // crowds a loaded machine's links while the rest is checked.
    await page.getByTestId('scope-waveform-stop').click();
    await expect(page.getByTestId('scope-waveform-status')).toHaveText('stopped');
    await dashboard.psuOutput(1).click();
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'true');
    await dashboard.enterSetting(1, 'voltage-set', '3');

    // THEN the bench applied it and its readback follows (3 V into the simulated 10 Ω load)
    await expect(dashboard.psuSetting(1, 'voltage-set')).toHaveValue('3.000');
    await expect
      .poll(async () => Number(await dashboard.psuVoltage(1).textContent()), { timeout: 30_000 })
      .toBeCloseTo(3, 1);

    // WHEN B, another controller, opens the same bench
    const observerContext = await browser.newContext();
    try {
      const observer = await observerContext.newPage();
      const observerDashboard = new DashboardPage(observer);
      await observerDashboard.open(b.url);
      await new BenchesPage(observer).openOverview();
      await observer.getByTestId(`fleet-card-${BENCH}-open`).click();

      // THEN its controls are read-only with A named, and its attempt to take control is refused in place
      await expect(observer.getByTestId('lease-holder')).toContainText(`Controlled by ${controllerA}`);
      await expect(observerDashboard.psuSetting(1, 'voltage-set')).toBeDisabled();
      await expect(observerDashboard.psuSetting(1, 'voltage-set')).toHaveValue('3.000');
      await observer.getByTestId('lease-take').click();
      await expect(observer.getByTestId('lease-error')).toContainText(controllerA, { timeout: 30_000 });

      // WHEN A releases the bench
      await page.getByTestId('lease-release').click();

      // THEN both see it free, and A's controls are read-only again
      await expect(page.getByTestId('lease-holder')).toContainText('Nobody controls', { timeout: 30_000 });
      await expect(dashboard.psuSetting(1, 'voltage-set')).toBeDisabled();
      await expect(observer.getByTestId('lease-holder')).toContainText('Nobody controls', {
        timeout: 30_000,
      });

      // WHEN A closes the bench's tab THEN the overview shows again, the card still there to reopen
      await page.getByTestId(`bench-tab-close-fleet-${BENCH}`).click();
      await expect(page.getByTestId(`bench-tab-fleet-${BENCH}`)).toHaveCount(0);
      await expect(card('open')).toBeVisible();
    } finally {
      await observerContext.close();
    }
  });
});
