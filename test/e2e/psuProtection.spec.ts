import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { sendFromSideClient } from './sideClient';
import { supplyOnlyBench } from './supplyBench';

test.describe('power-supply protection and coupling', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    // Each test drives only the supply: the scope would stream into the page unseen.
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('OVP set below the output trips the card; clearing it leaves the output off', async ({ page }) => {
    // GIVEN CH1 on at 5 V, readings streaming, its protection shown on the card before anything trips
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    // Readings start by themselves when the dashboard opens.
    await dashboard.psuLive();
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'true');
    await expect(dashboard.psuProtectionState(1)).toHaveText('Protection armed');
    await expect(dashboard.psuProtectionSetting(1, 'ovp-level')).toHaveValue('33.000');
    await expect(dashboard.psuProtectionSetting(1, 'ocp-level')).toBeVisible();

    // WHEN the user sets CH1's OVP level to 3 V on the card, below its 5 V output
    await dashboard.psuProtectionSetting(1, 'ovp-level').fill('3');
    await dashboard.psuProtectionSetting(1, 'ovp-level').press('Enter');

    // THEN the whole card says it tripped, in words, and the output is off
    await expect(dashboard.psuCard(1)).toHaveAttribute('data-protection', 'tripped_ovp');
    await expect(dashboard.psuTrip(1)).toContainText('over-voltage protection tripped');
    await expect(dashboard.psuProtectionState(1)).toHaveText('OVP TRIPPED — output off');
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'false');
    await expect(dashboard.eventRows('protection_trip')).toHaveCount(1);

    // WHEN the user clears the trip from the card
    await dashboard.psuClearTrip(1).click();

    // THEN the card is armed again, the clear is logged, and the output stays off
    await expect(dashboard.psuCard(1)).toHaveAttribute('data-protection', 'armed');
    await expect(dashboard.psuTrip(1)).toHaveCount(0);
    await expect(dashboard.eventRows('protection_cleared')).toHaveCount(1);
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'false');
    await expect(dashboard.psuOutput(1)).toBeEnabled();
    const after = await sendFromSideClient(backend.url, { type: 'get_parameters', equipment_id: 'psu_1' });
    expect(after).toMatchObject({ channels: { 1: { output_enabled: false, protection_tripped: 'none' } } });
  });

  test('the coupling selector puts the simulator in series: CH1+CH2 become one card', async ({ page }) => {
    // GIVEN the simulated supply, CH1 on (coupling changes only with CH1 and CH2 off)
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(dashboard.psuCoupling('psu_1')).toHaveValue('independent');
    await dashboard.psuOutput(1).click();
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'false');

    // WHEN the user picks Series
    await dashboard.psuCoupling('psu_1').selectOption('series');

    // THEN the simulator is in series, CH2's card is folded into CH1's, and CH1 takes up to 60 V
    await expect(dashboard.psuCard(2)).toHaveCount(0);
    await expect(dashboard.psuCard(1).getByRole('heading')).toHaveText('CH1+CH2');
    await expect(page.getByTestId('psu-ch1-paired')).toContainText('series');
    const reply = await sendFromSideClient(backend.url, { type: 'get_parameters', equipment_id: 'psu_1' });
    expect(reply).toMatchObject({ global: { tracking_mode: 'series' } });
    await dashboard.enterSetting(1, 'voltage-set', '45');
    await expect(dashboard.psuSetting(1, 'voltage-set')).toHaveValue('45.000');

    // AND back to independent: two cards again, CH1 brought back within 30 V
    await dashboard.psuCoupling('psu_1').selectOption('independent');
    await expect(dashboard.psuCard(2)).toBeVisible();
    await expect(dashboard.psuSetting(1, 'voltage-set')).toHaveValue('30.000');
  });
});
