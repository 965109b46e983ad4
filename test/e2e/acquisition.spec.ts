import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { AcquisitionsPage } from './pages/AcquisitionsPage';
import { DashboardPage } from './pages/DashboardPage';
import { supplyOnlyBench } from './supplyBench';

/** Splits RFC 4180 CSV (no quoted fields in this data besides the header) into rows of cells. */
/** The table of an exported CSV: the rows after its `# key: value` metadata block. */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
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
    const text = readFileSync(await download.path(), 'utf8');
    // AND the download carries its metadata: the block before the table names channels, rate and start
    expect(text).toMatch(/^# benchtop_csv: 1\r\n/);
    expect(text).toContain('# columns: [{"name":"CH1","unit":"V"},{"name":"CH2","unit":"V"}]\r\n');
    expect(text).toContain('# sample_rate_hz: 10000\r\n');
    expect(text).toMatch(/\r\n# start_iso: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\r\n/);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['time_s', 'CH1 (V)', 'CH2 (V)']);
    const data = rows.slice(1).map((r) => r.map(Number));
    expect(data).toHaveLength(5000);
    expect(data[1]![0]! - data[0]![0]!).toBeCloseTo(1e-4, 9);
    expect(data[4999]![0]! - data[0]![0]!).toBeCloseTo(0.4999, 6);
    const ch1 = data.map((r) => r[1]!);
    expect(Math.max(...ch1) - Math.min(...ch1)).toBeGreaterThan(1.8); // CH1: 2 Vpp sine (plus a little noise)
    expect(ch1.every(Number.isFinite)).toBe(true);

    // AND the used link is not offered again: the button says so and cannot be clicked
    const downloadButton = acquisitions.testId('export-download');
    await expect(downloadButton).toBeDisabled();
    await expect(downloadButton).toHaveText('Downloaded');
    await expect(acquisitions.testId('export-download-note')).toContainText('works once');
    // AND the backend answers a used link with 410 Gone and why, never the file
    const again = await page.request.get(
      new URL((await downloadButton.getAttribute('data-url'))!, backend.url).href,
    );
    expect(again.status()).toBe(410);
    expect(await again.text()).toContain('used already');
  });

  test('a capture started in one dashboard shows its progress in another; the preview’s skips are not gaps in the file', async ({
    page,
  }) => {
    // The heaviest journey here: two dashboards live on the scope and a 100 kSa/s capture. Quiet it takes
    // about 24 s; at load 25 filling the capture form alone took 60 s (every action waits for a page's
    // main thread), and the 90 s bound ran out twice while the test was still progressing.
    test.setTimeout(180_000);
    // GIVEN two dashboards on the same backend
    const first = new DashboardPage(page);
    await first.open(backend.url);
    const other = await page.context().newPage();
    await new DashboardPage(other).open(backend.url);

    // WHEN the first starts a continuous 100 kSa/s capture of CH1 (and watches it live)
    const acquisitions = new AcquisitionsPage(page);
    const id = await acquisitions.createAndStart({
      source: 'scope_1',
      channels: ['CH1'],
      rateHz: 100_000,
      mode: 'continuous',
      durationS: '',
      name: 'seen elsewhere',
    });

    // THEN the other dashboard, which has no live view of it, sees its samples grow while it runs
    const elsewhere = new AcquisitionsPage(other);
    const samplesElsewhere = async (): Promise<number> =>
      Number(await elsewhere.testId(`acq-samples-${id}`).getAttribute('data-samples'));
    await expect(elsewhere.state(id)).toHaveText('running');
    await expect.poll(samplesElsewhere, { timeout: 5_000 }).toBeGreaterThan(0);
    const seen = await samplesElsewhere();
    await expect.poll(samplesElsewhere, { timeout: 5_000 }).toBeGreaterThan(seen);
    await expect(elsewhere.testId('acq-live')).toHaveCount(0);

    // AND the first dashboard's preview says it skipped samples to keep up, while the file has no gaps
    // ("none skipped" also contains "skipped": the sentence with a count is what says it skipped)
    await expect(acquisitions.testId('acq-preview-note')).toContainText(
      /it skipped [\d,]+ samples to keep up\. The file has every sample\./,
    );

    // WHEN Stop is clicked
    await acquisitions.testId(`acq-stop-${id}`).click();
    // THEN the capture completes, in both dashboards, and no request failed on the way (a Stop that got no
    // reply would say so here rather than leave the capture looking as if it ran on)
    await expect(acquisitions.state(id)).toHaveText('complete');
    await expect(elsewhere.state(id)).toHaveText('complete');
    await expect(acquisitions.testId('acq-error')).toHaveCount(0);
    await expect(acquisitions.testId('acq-file-gaps')).toHaveText('Gaps in file 0');
    await expect(acquisitions.testId('acq-live')).not.toContainText('View gaps');
    await other.close();
  });

  test('the capture form says what is wrong as it is typed, estimates only valid captures, and clears once corrected', async ({
    page,
  }) => {
    // GIVEN the capture form with CH1 of the scope chosen
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);
    await acquisitions.testId('acq-source').selectOption('scope_1');
    await acquisitions.testId('acq-channel-CH1').check();
    const error = acquisitions.testId('acq-form-error');
    const estimate = acquisitions.testId('acq-estimate');

    // WHEN the rate is not a number, THEN it says so in words and there is no estimate (was "≈ NaN KB")
    await acquisitions.testId('acq-rate').fill('abc');
    await expect(error).toHaveText(
      'Sample rate must be a number of hertz, more than 0 Hz and at most 10 MHz.',
    );
    await expect(estimate).toHaveText('');
    // WHEN it is 0 (was "between 0 and 10000000 Hz") or negative (was "≈ 44 B")
    await acquisitions.testId('acq-rate').fill('0');
    await expect(error).toHaveText('Sample rate must be more than 0 Hz.');
    await acquisitions.testId('acq-rate').fill('-5');
    await expect(error).toHaveText('Sample rate must be more than 0 Hz.');
    await expect(estimate).toHaveText('');
    // WHEN the rate is put right, THEN the message goes at once and the estimate is back
    await acquisitions.testId('acq-rate').fill('1000');
    await expect(error).toHaveCount(0);
    await expect(estimate).toHaveText('≈ 19.6 KiB on disk');

    // WHEN the duration is negative (was "≈ -39999936 B") or shorter than a sample
    await acquisitions.testId('acq-duration').fill('-1');
    await expect(error).toHaveText('Duration must be more than 0 s, or empty to capture until stopped.');
    await expect(estimate).toHaveText('');
    await acquisitions.testId('acq-duration').fill('0.0001');
    await expect(error).toHaveText('Duration must be at least one sample period (1 ms at 1 kHz).');
    await acquisitions.testId('acq-duration').fill('');
    await expect(error).toHaveCount(0);
    await expect(estimate).toHaveText('≈ 3.91 KiB per second on disk, until stopped');
  });

  test('a capture bigger than the free disk space is refused with both figures, and nothing is created', async ({
    page,
  }) => {
    // GIVEN 250 000 s of four channels at 10 MSa/s: 36.4 TiB, more than this machine's disk holds
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);
    await acquisitions.testId('acq-source').selectOption('scope_1');
    for (const channel of ['CH1', 'CH2', 'CH3', 'CH4'])
      await acquisitions.testId(`acq-channel-${channel}`).check();
    await acquisitions.testId('acq-rate').fill('10000000');
    await acquisitions.testId('acq-mode').selectOption('single');
    await acquisitions.testId('acq-duration').fill('250000');
    await expect(acquisitions.testId('acq-estimate')).toHaveText('≈ 36.4 TiB on disk');

    // WHEN Create & start is pressed
    await acquisitions.testId('acq-create-start').click();

    // THEN the backend's refusal names what the capture needs and what is free, and no capture exists
    await expect(acquisitions.testId('acq-form-error')).toContainText(
      /needs about 36\.4 TiB on disk but the data folder has [\d.]+ [KMGT]iB free/,
    );
    await expect(page.locator('[data-testid^="acq-row-"]')).toHaveCount(0);
    // AND the refusal goes once the capture is changed
    await acquisitions.testId('acq-duration').fill('1');
    await expect(acquisitions.testId('acq-form-error')).toHaveCount(0);
  });
});

// Captures of the supply alone: the scope would stream into the page unseen (docs/TESTING.md, stop 7).
test.describe('acquisitions of the supply', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterEach(async () => {
    await backend?.stop();
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

    // WHEN it is exported with the range the dialog offers (the page object's export, which waits for the
    // estimate to say "will be written": the old default, 0.066667 s, was refused there as out of range)
    // THEN it is exported whole: both samples
    expect(parseCsv(await acquisitions.exportCsv(id))).toHaveLength(3);
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
