/**
 * A real instrument added from the UI by its address (issue 17): the dialog identifies an emulated Rigol
 * DP832 on a loopback port, adds it with the driver the probe chose, and its panel comes online and streams.
 * Identifying it again then says it is on the bench already, and an address where nothing listens says so.
 */
import { expect, test } from '@playwright/test';
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer';
import { dp832Emulator } from '../../src-main/emulators/dp832/index';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { supplyOnlyBench } from './supplyBench';

test.describe('adding an instrument by address', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    // A supply is added beside the simulated one: the scope would stream into the page unseen.
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('an emulated DP832 is identified, added, comes online and streams', async ({ page }) => {
    // GIVEN a DP832 emulator on a free loopback port, and a dashboard
    const emulator = await EmulatorServer.start(dp832Emulator, { port: 0 });
    try {
      const dashboard = new DashboardPage(page);
      await dashboard.open(backend.url);
      await expect(dashboard.instrument('psu_1')).toBeVisible();

      // WHEN the dialog is switched to adding by address
      await page.getByTestId('add-instrument').click();
      const dialog = page.getByTestId('add-instrument-dialog');
      await dialog.getByTestId('add-instrument-mode-address').click();
      await expect(dialog.getByTestId('add-instrument-submit')).toBeDisabled();

      // WHEN the network is searched THEN the button is busy while the backend listens, then an answer
      // shows: a list, the line about multicast, or why the search failed (what mDNS hears depends on the
      // machine's network)
      const search = dialog.getByTestId('add-instrument-search');
      await search.click();
      // One locator for the whole busy state, so it is read in one go: the search listens for 3 s, and on a
      // loaded machine a second assertion after the text could start after it ended (seen in a run at
      // load 15: the text matched, then "disabled" found the button enabled again).
      await expect(
        dialog.locator('[data-testid="add-instrument-search"][aria-busy="true"]:disabled'),
      ).toHaveText('Searching the network…');
      await expect(
        dialog
          .getByTestId('add-instrument-found')
          .or(dialog.getByTestId('add-instrument-search-none'))
          .or(dialog.getByTestId('add-instrument-search-failure')),
      ).toBeVisible();
      await expect(search).toBeEnabled();

      // WHEN an out-of-range port is identified THEN the form says what is wrong, and nothing is sent
      await dialog.getByTestId('add-instrument-host').fill('127.0.0.1');
      await dialog.getByTestId('add-instrument-port').fill('0');
      await dialog.getByTestId('add-instrument-identify').click();
      await expect(dialog.getByTestId('add-instrument-port-error')).toContainText('1 to 65535');
      await expect(dialog.getByTestId('add-instrument-probe-refusal')).toHaveCount(0);

      // WHEN the emulator's port is identified
      await dialog.getByTestId('add-instrument-port').fill(String(emulator.address.port));
      await dialog.getByTestId('add-instrument-identify').click();

      // THEN it shows the model and the driver chosen, and suggests an id and name from the model
      await expect(dialog.getByTestId('add-instrument-probe-model')).toContainText('DP832');
      await expect(dialog.getByTestId('add-instrument-probe-driver')).toContainText('rigol-dp800');
      await expect(dialog.getByTestId('add-instrument-id')).toHaveValue('dp832_1');
      await expect(dialog.getByTestId('add-instrument-label')).toHaveValue('Rigol DP832');

      // WHEN it is added under a name of our choosing
      await dialog.getByTestId('add-instrument-label').fill('DP832 (left)');
      await dialog.getByTestId('add-instrument-submit').click();
      await expect(dialog).toBeHidden();

      // THEN its panel and sidebar entry appear, online
      const panel = dashboard.instrument('dp832_1');
      await expect(panel).toBeVisible();
      await expect(page.getByTestId('sidebar-dp832_1')).toContainText('DP832 (left)');
      await expect(page.getByTestId('sidebar-dp832_1-state')).toContainText('online');

      // WHEN it is added its readings start by themselves THEN values arrive from the emulator
      await expect(panel.getByTestId('psu-readings-status')).toHaveText('running');
      await expect(panel.getByTestId('psu-ch1-voltage')).not.toHaveText('—');
      expect(Number(await panel.getByTestId('psu-ch1-voltage').textContent())).not.toBeNaN();

      // WHEN the same address is identified again THEN it is on the bench already, and cannot be added twice
      await page.getByTestId('add-instrument').click();
      await dialog.getByTestId('add-instrument-mode-address').click();
      await dialog.getByTestId('add-instrument-host').fill('127.0.0.1');
      await dialog.getByTestId('add-instrument-port').fill(String(emulator.address.port));
      await dialog.getByTestId('add-instrument-identify').click();
      await expect(dialog.getByTestId('add-instrument-probe-on-bench')).toContainText('dp832_1');
      await expect(dialog.getByTestId('add-instrument-submit')).toBeDisabled();

      // WHEN an address where nothing listens is identified THEN the dialog says nothing answered
      await dialog.getByTestId('add-instrument-port').fill('1');
      await dialog.getByTestId('add-instrument-identify').click();
      await expect(dialog.getByTestId('add-instrument-probe-refusal')).toContainText(
        'Nothing answered: 127.0.0.1:1 refused the connection',
      );
      await dialog.getByTestId('add-instrument-cancel').click();
      await expect(dialog).toBeHidden();
    } finally {
      await emulator.close();
    }
  });
});
