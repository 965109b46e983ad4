import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { AcquisitionsPage } from './pages/AcquisitionsPage';
import { DashboardPage } from './pages/DashboardPage';

/** Splits RFC 4180 CSV (no quoted fields in this data besides the header) into rows of cells. */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

test.describe('acquisitions', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('capture two scope channels to disk, then export the capture as CSV and read it back', async ({
    page,
  }) => {
    // GIVEN the dashboard
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);

    // WHEN a 0.5 s single capture of CH1 and CH2 at 10 kSa/s is created and started
    const id = await acquisitions.createAndStart({
      source: 'scope_1',
      channels: ['CH1', 'CH2'],
      rateHz: 10_000,
      mode: 'single',
      durationS: '0.5',
      name: 'e2e ripple',
    });

    // THEN it completes by itself with exactly rate × duration samples, shown live while it runs
    await expect(acquisitions.state(id)).toHaveText('complete', { timeout: 15_000 });
    await expect(acquisitions.testId(`acq-samples-${id}`)).toHaveAttribute('data-samples', '5000');
    await expect(acquisitions.testId('acq-live')).toBeVisible();

    // WHEN it is exported as CSV
    await acquisitions.testId(`acq-export-${id}`).click();
    const dialog = acquisitions.testId('export-dialog');
    await expect(dialog).toBeVisible();
    await acquisitions.testId('export-format-csv').check();
    await expect(acquisitions.testId('export-estimate')).toContainText('will be written');
    await acquisitions.testId('export-start-button').click();
    await expect(acquisitions.testId('export-done')).toBeVisible({ timeout: 15_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      acquisitions.testId('export-download').click(),
    ]);

    // THEN the file is RFC 4180 CSV with a header, one row per sample, times at 1 / 10 kHz, and the signal
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(rows[0]).toEqual(['time_s', 'CH1 (V)', 'CH2 (V)']);
    const data = rows.slice(1).map((r) => r.map(Number));
    expect(data).toHaveLength(5000);
    expect(data[1]![0]! - data[0]![0]!).toBeCloseTo(1e-4, 9);
    expect(data[4999]![0]! - data[0]![0]!).toBeCloseTo(0.4999, 6);
    const ch1 = data.map((r) => r[1]!);
    expect(Math.max(...ch1) - Math.min(...ch1)).toBeGreaterThan(1.8); // CH1: 2 Vpp sine (plus a little noise)
    expect(ch1.every(Number.isFinite)).toBe(true);

    // AND a used download link does not work twice
    const again = await page.request.get(
      new URL((await acquisitions.testId('export-download').getAttribute('href'))!, backend.url).href,
    );
    expect(again.status()).toBe(404);
  });

  test('the export dialog accepts its own default range when the capture does not end on a round time', async ({
    page,
  }) => {
    // GIVEN a finished capture of 2 samples at 30 Sa/s: it ends at 0.0666… s, which no decimal shows exactly
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);
    const id = await acquisitions.createAndStart({
      source: 'psu_1',
      channels: ['CH1.voltage'],
      rateHz: 30,
      mode: 'single',
      durationS: '0.0667',
      name: 'two samples',
    });
    await expect(acquisitions.state(id)).toHaveText('complete', { timeout: 15_000 });
    await expect(acquisitions.testId(`acq-samples-${id}`)).toHaveAttribute('data-samples', '2');

    // WHEN it is exported with the range the dialog offers
    await acquisitions.testId(`acq-export-${id}`).click();
    await acquisitions.testId('export-format-csv').check();
    await expect(acquisitions.testId('export-estimate')).toContainText('will be written');
    await acquisitions.testId('export-start-button').click();

    // THEN it is exported whole: both samples (the old default, 0.066667 s, was refused as out of range)
    await expect(acquisitions.testId('export-done')).toBeVisible({ timeout: 15_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      acquisitions.testId('export-download').click(),
    ]);
    expect(parseCsv(readFileSync(await download.path(), 'utf8'))).toHaveLength(3);
  });

  test('the export dialog says what is wrong with a range as it is typed, and clears it once corrected', async ({
    page,
  }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);
    const id = await acquisitions.createAndStart({
      source: 'psu_1',
      channels: ['CH1.voltage'],
      rateHz: 100,
      mode: 'single',
      durationS: '0.2',
      name: 'range',
    });
    await expect(acquisitions.state(id)).toHaveText('complete', { timeout: 15_000 });
    await acquisitions.testId(`acq-export-${id}`).click();
    const estimate = acquisitions.testId('export-estimate');
    await expect(estimate).toContainText('will be written');

    await acquisitions.testId('export-start').fill('-1');
    await expect(estimate).toHaveText('From must be 0 s or later.');
    await expect(acquisitions.testId('export-start-button')).toBeDisabled();
    await acquisitions.testId('export-start').fill('0');
    await acquisitions.testId('export-end').fill('5');
    await expect(estimate).toHaveText('To must be at most 0.200 s, the end of the capture.');
    await acquisitions.testId('export-end').fill('0.1');
    await expect(estimate).toContainText('will be written');
    await expect(acquisitions.testId('export-start-button')).toBeEnabled();
  });

  test('deleting a capture asks first', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);
    const id = await acquisitions.createAndStart({
      source: 'psu_1',
      channels: ['CH1.voltage'],
      rateHz: 100,
      mode: 'single',
      durationS: '0.2',
      name: 'short',
    });
    await expect(acquisitions.state(id)).toHaveText('complete', { timeout: 15_000 });
    await acquisitions.testId(`acq-delete-${id}`).click();
    await expect(acquisitions.testId(`acq-delete-confirm-${id}`)).toBeVisible();
    await acquisitions.testId(`acq-delete-confirm-${id}`).click();
    await expect(acquisitions.testId(`acq-row-${id}`)).toHaveCount(0);
  });
});
