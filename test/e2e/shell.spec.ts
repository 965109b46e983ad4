import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';

test.describe('dashboard shell', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    backend = await startServedBackend();
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('launch shows every instrument in the sidebar and as a panel', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    for (const id of ['psu_1', 'scope_1']) {
      await expect(page.getByTestId(`sidebar-${id}`)).toContainText('online');
      await expect(dashboard.instrument(id)).toBeVisible();
    }
  });

  test('panels can be hidden and the layout and theme survive a reload', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await page.getByTestId('sidebar-scope_1-visible').uncheck();
    await expect(dashboard.instrument('scope_1')).toHaveCount(0);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');
    await expect(dashboard.instrument('psu_1')).toBeVisible();
    await expect(dashboard.instrument('scope_1')).toHaveCount(0);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByTestId('sidebar-scope_1-visible').check();
    await expect(dashboard.instrument('scope_1')).toBeVisible();
  });

  test('? opens the shortcut list and Esc closes it', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await page.keyboard.press('?');
    const dialog = page.getByTestId('help-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('All power-supply outputs off');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });

  test('a chart can be saved as PNG', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await dashboard.psuLive();
    await expect.poll(() => dashboard.chartPoints(1)).toBeGreaterThan(2);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('psu-chart-ch1-snapshot').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^benchtop-psu-chart-ch1-.*\.png$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  });
});
