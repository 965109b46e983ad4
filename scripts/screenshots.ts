/**
 * `npm run screenshots`: starts the browser-mode backend, drives the dashboard into its main views in
 * Chromium and saves them under docs/screenshots/ for the README. Deterministic enough to re-run after
 * UI changes (seeded simulators, fixed viewport).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { CHROMIUM_ARGS, chromiumExecutable } from '../test/e2e/chromium.js';
import { startServedBackend } from '../test/e2e/backendProcess.js';
import { startAgent, stopProcess } from '../test/e2e/fleetProcesses.js';
import { NatsServer, natsServerMissing } from '../test/integration/fleet/natsServer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const backend = await startServedBackend();
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(backend.url);
    await page.getByTestId('connection-state').and(page.locator('[data-state="open"]')).waitFor();
    // Streams start by themselves when the dashboard opens.
    await page.getByTestId('psu-ch2-output').click();
    await page.waitForTimeout(6_000);
    await shot(page, 'dashboard');
    // The two smaller screens the layout must stay usable on.
    for (const [width, height] of [
      [1280, 720],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(1_500);
      await shot(page, `dashboard-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByTestId('sidebar-psu_1-visible').uncheck();
    await page.waitForTimeout(1_500);
    await shot(page, 'oscilloscope');
    await page.getByTestId('sidebar-psu_1-visible').check();

    await page.getByTestId('sidebar-scope_1-visible').uncheck();
    await page.waitForTimeout(1_500);
    await shot(page, 'power-supply');
    await page.getByTestId('sidebar-scope_1-visible').check();

    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(1_500);
    await shot(page, 'dashboard-light');
    await page.getByTestId('theme-toggle').click();

    // A capture: 4 s of CH1 and CH2 at 100 kSa/s, watched live, then the export dialog.
    await page.getByTestId('sidebar-psu_1-visible').uncheck();
    await page.getByTestId('sidebar-scope_1-visible').uncheck();
    await page.getByTestId('acq-source').selectOption('scope_1');
    await page.getByTestId('acq-channel-CH1').check();
    await page.getByTestId('acq-channel-CH2').check();
    await page.getByTestId('acq-rate').fill('100000');
    await page.getByTestId('acq-mode').selectOption('single');
    await page.getByTestId('acq-duration').fill('4');
    await page.getByTestId('acq-name').fill('rail ripple');
    await page.getByTestId('acq-create-start').click();
    await page.waitForTimeout(2_000);
    await shot(page, 'acquisition-live');
    await page
      .locator('[data-testid^="acq-state-"]')
      .filter({ hasText: 'complete' })
      .waitFor({ timeout: 15_000 });
    await page.locator('[data-testid^="acq-export-"]').first().click();
    await page.getByTestId('export-format-hdf5').check();
    await page.waitForTimeout(800);
    await shot(page, 'export-dialog');
  } finally {
    await browser.close();
    await backend.stop();
  }
}

/**
 * The overview of a small fleet: a broker, three agents (a simulated supply and scope each) and a
 * dashboard backend following them. Skipped, saying so, where Debian's nats-server is not installed.
 */
async function fleetShots(): Promise<void> {
  const missing = natsServerMissing();
  if (missing !== undefined) return void console.log(`fleet-overview.png not taken: ${missing}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'benchtop-shots-fleet-'));
  const nats = await NatsServer.start();
  const agents: ChildProcess[] = [];
  let backend: Awaited<ReturnType<typeof startServedBackend>> | undefined;
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    for (const bench of ['bench-east-1', 'bench-east-2', 'bench-west-1']) {
      const benchDir = path.join(dir, bench);
      mkdirSync(benchDir);
      agents.push(await startAgent(nats.url, benchDir, bench));
    }
    const emptyBench = path.join(dir, 'empty.json');
    writeFileSync(emptyBench, JSON.stringify({ instruments: [] }));
    backend = await startServedBackend(['--nats', nats.url, '--bench', emptyBench]);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(backend.url);
    await page.getByTestId('bench-tab-overview').click();
    await page.getByTestId('fleet-card-bench-west-1-scope_1-traces').waitFor();
    await page.waitForTimeout(4_000);
    await shot(page, 'fleet-overview');
  } finally {
    await browser.close();
    await backend?.stop();
    for (const agent of agents) await stopProcess(agent);
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(fleetShots)
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
