import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { supplyOnlyBench } from './supplyBench';

test.describe('power-supply readings', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    // Only the supply's readings are looked at: the scope would stream into the page unseen.
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('readings are live on open without a click; stop freezes them', async ({ page }) => {
    // WHEN the app is served and opened in the browser, and nothing is clicked
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(dashboard.instrument('psu_1')).toBeVisible();

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

  test('a drag on the empty trend leaves it live for Start; a zoom says it is not live until Back to live', async ({
    page,
  }) => {
    // GIVEN the dashboard with readings stopped (the previous test stopped them; the backend remembers
    // that), the CH1 trend empty
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(dashboard.psuStatus).toHaveText('stopped');
    const chart = dashboard.psuChart(1);
    const over = chart.locator('.u-over');
    const drag = async (from: number, to: number): Promise<void> => {
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    };

    // WHEN it is dragged across, THEN it stays live (there was nothing to zoom into)
    await drag(0.3, 0.6);
    await expect(chart).toHaveAttribute('data-following', 'true');
    await expect(dashboard.page.getByTestId('psu-chart-ch1-not-live')).toHaveCount(0);

    // WHEN Start is clicked, THEN the readings are drawn in the rolling window
    await dashboard.psuStart.click();
    await expect.poll(() => dashboard.chartPoints(1), { timeout: 5_000 }).toBeGreaterThanOrEqual(10);
    await expect(chart).toHaveAttribute('data-following', 'true');

    // WHEN the chart with data is zoomed, THEN it says so over the plot
    await drag(0.5, 0.9);
    await expect(chart).toHaveAttribute('data-following', 'false');
    const notLive = dashboard.page.getByTestId('psu-chart-ch1-not-live');
    await expect(notLive).toContainText('Zoomed — not following live data');

    // WHEN Back to live is clicked, THEN it follows the newest readings again and the notice goes
    await dashboard.page.getByTestId('psu-chart-ch1-back-to-live').click();
    await expect(chart).toHaveAttribute('data-following', 'true');
    await expect(notLive).toHaveCount(0);
    await dashboard.psuStop.click();
  });

  test('a page without the token says how to get in', async ({ page }) => {
    await page.goto(backend.url.split('#')[0]!);
    await expect(page.getByTestId('connection-error')).toContainText('access token');
  });
});
