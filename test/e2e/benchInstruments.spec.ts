/**
 * Instruments added and removed while running, from the UI, as every open dashboard sees them (issue 16):
 * a second simulated supply is added in one dashboard, appears in both, streams, and disappears from both
 * when removed.
 */
import { expect, test, type Page } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { sendFromSideClient } from './sideClient';
import { supplyOnlyBench } from './supplyBench';

test.describe('adding and removing instruments', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    // Only supplies are added and removed here: the scope would stream into both dashboards unseen.
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('a supply added in one dashboard appears in both, streams, and leaves both when removed', async ({
    browser,
  }) => {
    // GIVEN two dashboards open on the same backend
    const pages: Page[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const page = await browser.newPage();
        pages.push(page);
        await new DashboardPage(page).open(backend.url);
        await expect(page.getByTestId('instrument-psu_1')).toBeVisible();
      }
      const [first, second] = pages as [Page, Page];

      // WHEN the first adds a simulated supply, after the form refused an id already on the bench
      await first.getByTestId('add-instrument').click();
      const dialog = first.getByTestId('add-instrument-dialog');
      await expect(dialog).toBeVisible();
      await dialog.getByTestId('add-instrument-driver').selectOption('sim-psu');
      await dialog.getByTestId('add-instrument-id').fill('psu_1');
      await dialog.getByTestId('add-instrument-label').fill('Second supply');
      await dialog.getByTestId('add-instrument-submit').click();
      await expect(dialog.getByTestId('add-instrument-id-error')).toContainText('already on the bench');
      await dialog.getByTestId('add-instrument-id').fill('psu_2');
      await expect(dialog.getByTestId('add-instrument-id-error')).toHaveCount(0);
      await dialog.getByTestId('add-instrument-submit').click();
      await expect(dialog).toBeHidden();

      // THEN its panel and sidebar entry appear in both dashboards, online
      for (const page of pages) {
        await expect(page.getByTestId('instrument-psu_2')).toBeVisible();
        await expect(page.getByTestId('sidebar-psu_2')).toContainText('Second supply');
        await expect(page.getByTestId('sidebar-psu_2-state')).toContainText('online');
      }

      // WHEN the second dashboard shows the new supply, its readings start by themselves
      const panel = second.getByTestId('instrument-psu_2');

      // THEN values arrive (CH1 of a new simulated supply is off at 0 V: the readback is a number)
      await expect(panel.getByTestId('psu-readings-status')).toHaveText('running');
      await expect(panel.getByTestId('psu-ch1-voltage')).not.toHaveText('—');
      expect(Number(await panel.getByTestId('psu-ch1-voltage').textContent())).not.toBeNaN();

      // WHEN the first dashboard removes it (confirming)
      await first.getByTestId('sidebar-psu_2-remove').click();
      await first.getByTestId('sidebar-psu_2-remove-confirm').click();

      // THEN it disappears from both, and the other instruments stay
      for (const page of pages) {
        await expect(page.getByTestId('instrument-psu_2')).toHaveCount(0);
        await expect(page.getByTestId('sidebar-psu_2')).toHaveCount(0);
        await expect(page.getByTestId('instrument-psu_1')).toBeVisible();
      }
    } finally {
      for (const page of pages) await page.close();
    }
  });

  test('removing an instrument that is capturing is refused, with the backend reason shown', async ({
    page,
  }) => {
    // GIVEN a capture running on psu_1, started by another client
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const created = await sendFromSideClient(backend.url, {
      type: 'create_acquisition',
      name: 'held',
      equipment_id: 'psu_1',
      mode: 'continuous',
      sample_rate: 10,
      channels: ['CH1.voltage'],
    });
    expect(created.type, JSON.stringify(created)).toBe('acquisition_created');
    const id = created.acquisition_id as string;
    try {
      await sendFromSideClient(backend.url, { type: 'start_acquisition', acquisition_id: id });

      // WHEN the dashboard tries to remove psu_1
      await page.getByTestId('sidebar-psu_1-remove').click();
      await page.getByTestId('sidebar-psu_1-remove-confirm').click();

      // THEN the refusal says why, and psu_1 stays
      await expect(page.getByTestId('sidebar-psu_1-remove-refusal')).toContainText(id);
      await expect(page.getByTestId('instrument-psu_1')).toBeVisible();
    } finally {
      await sendFromSideClient(backend.url, { type: 'stop_acquisition', acquisition_id: id });
    }
  });
});
