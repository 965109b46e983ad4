import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';

test.describe('power-supply readings', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    backend = await startServedBackend();
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('start shows live readings on the chart; stop freezes it', async ({ page }) => {
    // GIVEN the app served and open in the browser
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(dashboard.instrument('psu_1')).toBeVisible();
    await expect(dashboard.psuVoltage(1)).toHaveText('—');

    // WHEN Start is clicked
    await dashboard.psuStart.click();

    // THEN the chart gains at least 10 points and the readout changes (waits bound a hang, not a speed:
    // a loaded machine draws late)
    await expect.poll(() => dashboard.chartPoints(1), { intervals: [100] }).toBeGreaterThanOrEqual(10);
    await expect(dashboard.psuVoltage(1)).not.toHaveText('—');
    const first = await dashboard.psuVoltage(1).textContent();
    expect(Number(first)).toBeCloseTo(5, 1); // CH1 of the demo bench is set to 5 V
    await expect(dashboard.psuVoltage(1)).not.toHaveText(first!);
    await expect(dashboard.psuStatus).toHaveText('running');

    // WHEN Stop is clicked
    await dashboard.psuStop.click();
    await expect(dashboard.psuStatus).toHaveText('stopped');

    // THEN no new point arrives for 1 s. A rolling trend redraws once its window has moved a pixel, so the
    // readings that arrived just before Stop may still be drawn within that time (≤ 0.5 s at 1 min over
    // 120+ px): let it settle first.
    await page.waitForTimeout(600);
    const drawsAtStop = await dashboard.chartDraws(1);
    const pointsAtStop = await dashboard.chartPoints(1);
    await page.waitForTimeout(1_000);
    expect(await dashboard.chartDraws(1)).toBe(drawsAtStop);
    expect(await dashboard.chartPoints(1)).toBe(pointsAtStop);
  });

  test('a page without the token says how to get in', async ({ page }) => {
    await page.goto(backend.url.split('#')[0]!);
    await expect(page.getByTestId('connection-error')).toContainText('access token');
  });
});
