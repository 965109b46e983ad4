/**
 * A deep-memory capture from the UI (issue 17): a served backend whose bench holds an emulated DS1054Z on
 * a loopback port. The acquisitions panel offers "single deep-memory record" for it, shows the download's
 * progress while the record comes in, and completes with the whole record; a second, longer capture is
 * cancelled from its row and ends with nothing kept.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer';
import { ds1054zEmulator } from '../../src-main/emulators/ds1054z/index';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { AcquisitionsPage } from './pages/AcquisitionsPage';
import { DashboardPage } from './pages/DashboardPage';
import { sendFromSideClient } from './sideClient';

const SCOPE = 'ds1054z_1';

test.describe('deep-memory capture', () => {
  let backend: ServedBackend;
  let emulator: EmulatorServer;
  let benchDir: string;
  test.beforeEach(async () => {
    // The DS1000Z's own link rate: a 12 M-point record takes about 7 s to download.
    emulator = await EmulatorServer.start(ds1054zEmulator, { port: 0, rateBytesPerS: 1_700_000 });
    benchDir = mkdtempSync(path.join(tmpdir(), 'benchtop-e2e-bench-'));
    const benchFile = path.join(benchDir, 'bench.json');
    writeFileSync(
      benchFile,
      JSON.stringify({
        version: 1,
        instruments: [
          {
            id: SCOPE,
            driver: 'rigol-ds1000z',
            label: 'DS1054Z (emulated)',
            // The emulator runs in this test process and synthesises a 12 M-point record when it triggers:
            // on a loaded machine that can hold a reply for seconds, longer than the DS1000Z's 3 s default.
            options: { host: '127.0.0.1', port: emulator.address.port, pacing: { timeoutMs: 20_000 } },
          },
        ],
      }),
    );
    backend = await startServedBackend(['--bench', benchFile]);
  });
  test.afterEach(async () => {
    await backend?.stop();
    await emulator?.close();
    rmSync(benchDir, { recursive: true, force: true });
  });

  /** Sets the scope's memory depth and timebase from a side client; resolves with its rate, Sa/s. */
  async function setDepth(points: number, timebaseS: number): Promise<number> {
    for (const [parameter, value] of [
      ['record_length', points],
      ['timebase', timebaseS],
    ] as const) {
      const reply = await sendFromSideClient(backend.url, {
        type: 'set_parameter',
        equipment_id: SCOPE,
        parameter,
        value,
      });
      expect(reply.type, JSON.stringify(reply)).not.toBe('error');
    }
    return points / (12 * timebaseS);
  }

  async function startDeep(page: Page, rateHz: number, name: string): Promise<string> {
    const acquisitions = new AcquisitionsPage(page);
    await acquisitions.testId('acq-source').selectOption(SCOPE);
    await acquisitions.testId('acq-channel-CH1').check();
    await acquisitions.testId('acq-mode').selectOption('single_deep');
    await expect(acquisitions.testId('acq-duration')).toHaveCount(0);
    await expect(acquisitions.testId('acq-deep-hint')).toBeVisible();
    await acquisitions.testId('acq-rate').fill(String(rateHz));
    await acquisitions.testId('acq-name').fill(name);
    await acquisitions.testId('acq-create-start').click();
    const row = page.locator('[data-testid^="acq-row-"]').filter({ hasText: name });
    await expect(row).toHaveCount(1);
    return (await row.getAttribute('data-testid'))!.replace('acq-row-', '');
  }

  test('capture → progress → done, then a second capture cancelled mid-download', async ({ page }) => {
    // GIVEN the dashboard with the emulated DS1054Z online, its memory at 1.2 M points
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(page.getByTestId(`sidebar-${SCOPE}-state`)).toContainText('online', { timeout: 20_000 });
    const acquisitions = new AcquisitionsPage(page);
    const smallRate = await setDepth(1_200_000, 0.02);

    // WHEN a single deep-memory record of CH1 is created and started
    const first = await startDeep(page, smallRate, 'e2e deep record');

    // THEN it completes with the whole record, and the row says it was downloaded
    await expect(acquisitions.state(first)).toHaveText('complete', { timeout: 30_000 });
    await expect(acquisitions.testId(`acq-samples-${first}`)).toHaveAttribute('data-samples', '1200000');
    await expect(acquisitions.testId(`acq-deep-text-${first}`)).toContainText('Downloaded');

    // GIVEN a 12 M-point memory (a download of several seconds)
    const bigRate = await setDepth(12_000_000, 0.1);

    // WHEN a second capture is started THEN its progress bar and Cancel appear while it downloads
    const second = await startDeep(page, bigRate, 'e2e deep cancelled');
    await expect(acquisitions.testId(`acq-deep-text-${second}`)).toContainText('Downloading', {
      timeout: 30_000,
    });
    await expect(acquisitions.testId(`acq-deep-progress-${second}`)).toBeVisible();
    await expect(acquisitions.testId(`acq-pause-${second}`)).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('deep-downloading.png') });

    // WHEN Cancel is pressed
    await acquisitions.testId(`acq-cancel-${second}`).click();

    // THEN it ends at once with nothing kept, and says so
    await expect(acquisitions.state(second)).toHaveText('complete', { timeout: 5_000 });
    await expect(acquisitions.testId(`acq-samples-${second}`)).toHaveAttribute('data-samples', '0');
    await expect(acquisitions.testId(`acq-deep-text-${second}`)).toContainText(
      'the partial record was discarded',
    );
  });
});
