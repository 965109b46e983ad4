import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { ScopePage } from './pages/ScopePage';

test.describe('math channels and FFT', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('M1 = CH1 − CH2 is drawn, labelled and measured like a channel', async ({ page }) => {
    // GIVEN the scope showing CH1 (1 kHz sine, 2 Vpp) and CH2 (1 kHz square, 1 Vpp)
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startDisplay();

    // WHEN M1 is set to CH1 − CH2
    await scope.testId('math-m1-function').selectOption('subtract');
    await scope.testId('math-m1-source-a').selectOption('CH1');
    await scope.testId('math-m1-source-b').selectOption('CH2');

    // THEN it has its own scale label and legend entry on the display
    await expect(scope.testId('scope-scale-m1')).toContainText('M1 = CH1 − CH2');
    await expect(scope.testId('scope-chart').locator('.u-legend')).toContainText('M1 = CH1 − CH2');

    // AND it is measured: the difference of a 2 Vpp sine and a 1 Vpp square in phase spans 2.5 V or less,
    // more than either alone minus the other
    await expect.poll(() => scope.measurement('M1', 'vpp'), { timeout: 10_000 }).toBeGreaterThan(0);
    const vpp = (await scope.measurement('M1', 'vpp'))!;
    expect(vpp).toBeGreaterThan(1);
    expect(vpp).toBeLessThan(3.1);
    expect(Math.abs((await scope.measurement('M1', 'frequency'))! - 1000) / 1000).toBeLessThan(0.01);
  });

  test("the FFT of CH1 peaks at the simulator's 1 kHz", async ({ page }) => {
    // GIVEN the scope showing CH1's simulated 1 kHz sine
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startDisplay();

    // WHEN the FFT view is opened on CH1 with the flat-top window
    await scope.testId('fft-open').click();
    await scope.testId('fft-channel').selectOption('CH1');
    await scope.testId('fft-window').selectOption('flat_top');

    // THEN the peak readout is at 1 kHz (within a bin of the 10k-point record) at about −3 dBV
    const peak = scope.testId('fft-peak');
    await expect
      .poll(async () => Number((await peak.getAttribute('data-frequency-hz')) || 'NaN'), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const frequencyHz = Number(await peak.getAttribute('data-frequency-hz'));
    expect(Math.abs(frequencyHz - 1000)).toBeLessThan(20);
    await expect(peak).toContainText('dBV');
    await expect(scope.testId('fft-chart')).toBeVisible();

    // AND a cursor reads the level where it is put
    const over = scope.testId('fft-chart').locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.click({ position: { x: box.width * 0.3, y: box.height * 0.5 } });
    await expect(scope.testId('fft-cursor-a')).toContainText('Hz');
  });
});
