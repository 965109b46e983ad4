import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { AcquisitionsPage } from './pages/AcquisitionsPage';
import { DashboardPage } from './pages/DashboardPage';
import { ScopePage } from './pages/ScopePage';

test.describe('math channels and FFT', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    const testInfo = test.info();
    // A failure under load: the backend's own words say whether it was alive and busy or gone.
    if (testInfo.status !== testInfo.expectedStatus) console.log(backend?.stderr.join('\n'));
    await backend?.stop();
  });

  test('M1 = CH1 − CH2 is drawn, labelled and measured like a channel', async ({ page }) => {
    // GIVEN the scope showing CH1 (1 kHz sine, 2 Vpp) and CH2 (1 kHz square, 1 Vpp)
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startDisplay();

    // WHEN M1 is set to CH1 − CH2
    await scope.setMath(1, 'subtract', 'CH1', 'CH2');

    // THEN it has its own scale label and legend entry on the display
    await expect(scope.testId('scope-scale-m1')).toContainText('M1 = CH1 − CH2');
    await expect(scope.testId('scope-chart').locator('.u-legend')).toContainText('M1 = CH1 − CH2');

    // AND it is measured from the same record as its sources: a 1 V-peak sine minus an in-phase 0.5 V-peak
    // square spans −0.5 … +0.5 V (1 Vpp), and averages follow the arithmetic exactly
    await expect.poll(() => scope.measurement('M1', 'vpp'), { timeout: 30_000 }).toBeGreaterThan(0);
    const vpp = (await scope.measurement('M1', 'vpp'))!;
    expect(vpp).toBeGreaterThan(0.9);
    expect(vpp).toBeLessThan(1.2);
    const [m1, ch1, ch2] = await Promise.all(
      ['M1', 'CH1', 'CH2'].map((channel) => scope.measurement(channel, 'vavg')),
    );
    expect(Math.abs(m1! - (ch1! - ch2!))).toBeLessThan(0.02);
  });

  test('M1 is offered in the capture form and captured, listed, reviewed and exported like a channel', async ({
    page,
  }) => {
    // GIVEN the scope with M1 = CH1 − CH2 on (records twice a second: the capture, not the display, is
    // under test, and a loaded machine answers create_acquisition late behind 60 records a second)
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startWaveformEvery(500);
    const acquisitions = new AcquisitionsPage(page);
    await expect(acquisitions.testId('acq-channel-M1')).toHaveCount(0);
    await scope.setMath(1, 'subtract', 'CH1', 'CH2');

    // THEN the capture form offers M1 under its definition and unit, and counts it on disk
    const m1 = acquisitions.testId('acq-channel-M1');
    await expect(m1.locator('xpath=..')).toContainText('M1 = CH1 − CH2 (V)');

    // WHEN a 0.5 s single capture of CH1 and M1 at 10 kSa/s is created and started
    const id = await acquisitions.createAndStart({
      source: 'scope_1',
      channels: ['CH1', 'M1'],
      rateHz: 10_000,
      mode: 'single',
      durationS: '0.5',
      name: 'e2e math',
    });

    // THEN it completes with both channels listed
    await expect(acquisitions.state(id)).toHaveText('complete', { timeout: 15_000 });
    await expect(acquisitions.testId(`acq-row-${id}`)).toContainText('CH1, M1');
    await expect(acquisitions.testId(`acq-samples-${id}`)).toHaveAttribute('data-samples', '5000');

    // AND the review reads M1 at a cursor, in its unit
    await acquisitions.testId(`acq-review-${id}`).click();
    await expect(acquisitions.testId('review')).toHaveAttribute('data-kind', /minmax|samples/);
    await acquisitions
      .testId('review-plot')
      .locator('.u-over')
      .click({ position: { x: 100, y: 50 } });
    await expect(acquisitions.testId('review-cursors')).toContainText(/M1 -?[\d.]+ m?V/);
    await acquisitions.testId('review-close').click();

    // AND the CSV export carries M1 as a column: CH1 (1 V-peak sine) minus CH2 (0.5 V-peak in-phase square)
    const text = await acquisitions.exportCsv(id);
    expect(text).toContain('# columns: [{"name":"CH1","unit":"V"},{"name":"M1","unit":"V"}]\r\n');
    const rows = text.split('\r\n').filter((line) => line.length > 0 && !line.startsWith('#'));
    expect(rows[0]).toBe('time_s,CH1 (V),M1 (V)');
    const m1Values = rows.slice(1).map((row) => Number(row.split(',')[2]));
    expect(m1Values).toHaveLength(5000);
    expect(m1Values.every(Number.isFinite)).toBe(true);
    const vpp = Math.max(...m1Values) - Math.min(...m1Values);
    expect(vpp).toBeGreaterThan(0.8);
    expect(vpp).toBeLessThan(1.3);
  });

  test("the FFT of CH1 peaks at the simulator's 1 kHz", async ({ page }) => {
    // Two live charts and a spectrum ten times a second: on a loaded machine the default 90 s is short.
    test.slow();
    // GIVEN the scope showing CH1's simulated 1 kHz sine
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startDisplay();

    // WHEN the FFT view is opened on CH1 with the Hann window (the one for frequency: flat-top is for level)
    await scope.testId('fft-open').click();
    await scope.testId('fft-channel').selectOption('CH1');
    await scope.testId('fft-window').selectOption('hann');

    // THEN the peak readout is at 1 kHz (bins of 122 Hz, interpolated to a few Hz) at about −3 dBV
    const peak = scope.testId('fft-peak');
    await expect
      .poll(async () => Number((await peak.getAttribute('data-frequency-hz')) || 'NaN'), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const frequencyHz = Number(await peak.getAttribute('data-frequency-hz'));
    expect(Math.abs(frequencyHz - 1000)).toBeLessThan(10);
    await expect(peak).toContainText('dBV');
    await expect(scope.testId('fft-chart')).toBeVisible();

    // AND a cursor reads the level where it is put
    const over = scope.testId('fft-chart').locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.click({ position: { x: box.width * 0.3, y: box.height * 0.5 } });
    await expect(scope.testId('fft-cursor-a')).toContainText('Hz');
  });
});
