import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';

test.describe('backend restart while streaming', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    backend = await startServedBackend();
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('the dashboard reconnects, resumes the stream, and shows the outage as a gap', async ({ page }) => {
    // GIVEN readings streaming into the chart
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await dashboard.psuStart.click();
    await expect.poll(() => dashboard.chartPoints(1)).toBeGreaterThanOrEqual(10);
    const pointsBefore = await dashboard.chartPoints(1);

    // WHEN the backend goes away for a while and comes back on the same port
    await backend.stop();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'reconnecting');
    await page.waitForTimeout(1_500);
    await backend.restart();

    // THEN the status returns to connected, data flows again, and the chart shows a break, not a reset
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');
    await expect.poll(() => dashboard.chartPoints(1)).toBeGreaterThan(pointsBefore + 5);
    expect(await dashboard.chartGaps(1)).toBeGreaterThanOrEqual(1);
    await expect(dashboard.psuStatus).toHaveText('running');
  });
});
