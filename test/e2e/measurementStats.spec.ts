import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { ScopePage } from './pages/ScopePage';

const VPP_TREND = 'scope_1/CH1/vpp';

test.describe('measurement statistics and trends', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('statistics count up and reset; a trend added is kept across a reload with its history', async ({
    page,
  }) => {
    // Several waits for records at the measurements stream's 10 Hz, and a reload: more than the default.
    test.setTimeout(180_000);
    // GIVEN the dashboard with the scope's measurements running
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startDisplay();
    // Statistics need the measurements only: a slow waveform keeps a loaded machine's browser responsive.
    await scope.startWaveformEvery(500);
    const count = async (): Promise<number> =>
      Number((await scope.testId('stats-CH1-vpp-count').getAttribute('data-value')) ?? 0);

    // THEN CH1's statistics show every column and the count grows record by record
    await expect(scope.testId('stats-CH1')).toBeVisible();
    await expect.poll(count).toBeGreaterThan(3);
    const before = await count();
    await expect.poll(count).toBeGreaterThan(before);
    for (const column of ['current', 'mean', 'min', 'max', 'stddev']) {
      await expect(scope.testId(`stats-CH1-vpp-${column}`)).not.toHaveText('—');
    }
    const mean = Number(await scope.testId('stats-CH1-vpp-mean').getAttribute('data-value'));
    expect(Math.abs(mean - 2) / 2).toBeLessThan(0.05);

    // WHEN the user resets CH1's statistics
    const grown = await count();
    await scope.testId('stats-reset-channel').click();

    // THEN they start again, saying since when and who reset them, and the reset is in the events log
    await expect(scope.testId('stats-since')).toContainText('reset by', { timeout: 20_000 });
    await expect.poll(count).toBeLessThan(grown);
    await expect(dashboard.eventRows('measurement_stats_reset').first()).toBeVisible();

    // WHEN the user trends CH1's Vpp
    await scope.testId(`trend-add-${VPP_TREND}`).click();

    // THEN a chart of it appears and fills
    await expect(page.getByTestId(`trend-chart-${VPP_TREND}`).locator('canvas')).toBeVisible();
    const extent = page.getByTestId(`trend-extent-${VPP_TREND}`);
    await expect
      .poll(async () => Number(await extent.getAttribute('data-points')), { timeout: 30_000 })
      .toBeGreaterThan(5);
    const firstMs = Number(await extent.getAttribute('data-first-ms'));

    // WHEN the page is reloaded
    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');

    // THEN the trend is still there, with the backend's history from before the reload
    await expect(page.getByTestId(`trend-chart-${VPP_TREND}`).locator('canvas')).toBeVisible();
    await expect
      .poll(async () => Number(await extent.getAttribute('data-first-ms')))
      .toBeLessThanOrEqual(firstMs);
    await expect(scope.testId(`trend-add-${VPP_TREND}`)).toHaveText('Trending');

    // WHEN it is removed
    await page.getByTestId(`trend-remove-${VPP_TREND}`).click();

    // THEN the trends panel is gone and the row offers the trend again
    await expect(page.getByTestId('trends-panel')).toHaveCount(0);
    await expect(scope.testId(`trend-add-${VPP_TREND}`)).toHaveText('Trend');
  });
});
