import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { sendFromSideClient } from './sideClient';
import { supplyOnlyBench } from './supplyBench';

test.describe('power-supply control', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    // Each test drives only the supply: the scope would stream into the page unseen.
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('lowering the current limit under load moves CH1 from CV to CC and the readback follows', async ({
    page,
  }) => {
    // GIVEN CH1 on at 5 V into the simulated 10 Ω load (0.5 A, constant voltage) and readings streaming
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await dashboard.psuLive();
    await expect(dashboard.psuMode(1)).toHaveText('CV');
    await expect.poll(async () => Number(await dashboard.psuCurrent(1).textContent())).toBeCloseTo(0.5, 1);

    // WHEN the current limit is lowered to 0.2 A
    await dashboard.enterSetting(1, 'current-set', '0.2');

    // THEN the output is current-limited: CC, 0.2 A, and the voltage falls to I·R = 2 V
    await expect(dashboard.psuMode(1)).toHaveText('CC');
    await expect.poll(async () => Number(await dashboard.psuCurrent(1).textContent())).toBeCloseTo(0.2, 2);
    await expect.poll(async () => Number(await dashboard.psuVoltage(1).textContent())).toBeCloseTo(2, 1);
    await expect(dashboard.psuSetting(1, 'current-set')).toHaveValue('0.200');

    // AND a setting change is logged as an event
    await expect(page.getByTestId('event-row').filter({ hasText: 'current_set' })).toHaveCount(1);
  });

  test('an out-of-range setpoint is refused in place and changes nothing', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(dashboard.psuSetting(3, 'voltage-set')).toHaveValue('3.300');
    await dashboard.enterSetting(3, 'voltage-set', '12');
    await expect(page.getByTestId('psu-ch3-voltage-set-error')).toContainText('0–5 V');
    await page.reload();
    await expect(dashboard.psuSetting(3, 'voltage-set')).toHaveValue('3.300');
  });

  test('after an OVP trip, clearing it restores the card and the output can be switched on again', async ({
    page,
  }) => {
    // GIVEN CH1 on at 5 V with readings streaming (the simulated supply steps its physics on each read)
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await dashboard.psuLive();
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'true');

    // WHEN another client lowers CH1's OVP level under its output voltage, the output trips
    const lowered = await sendFromSideClient(backend.url, {
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 1,
      parameter: 'ovp_level',
      value: 1,
    });
    expect(lowered).toMatchObject({ type: 'parameter_set', value: 1 });
    await expect(dashboard.psuTrip(1)).toContainText('over-voltage protection tripped');
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'false');
    await expect(dashboard.psuOutput(1)).toBeDisabled();
    // ... and raises it again, so the output may be switched back on once the trip is cleared.
    await sendFromSideClient(backend.url, {
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 1,
      parameter: 'ovp_level',
      value: 33,
    });

    // WHEN the user clears the trip
    await dashboard.psuClearTrip(1).click();

    // THEN the card is no longer tripped and its switch works, without a reload
    await expect(dashboard.psuTrip(1)).toHaveCount(0);
    await expect(dashboard.psuOutput(1)).toBeEnabled();
    await dashboard.psuOutput(1).click();
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'true');
    await expect.poll(async () => Number(await dashboard.psuVoltage(1).textContent())).toBeCloseTo(5, 1);
  });

  test('all outputs off turns every output off', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'true');
    await dashboard.psuOutput(2).click();
    await expect(dashboard.psuOutput(2)).toHaveAttribute('aria-checked', 'true');
    // The shortcut works from anywhere, even while typing in a setpoint field.
    await dashboard.psuSetting(1, 'voltage-set').focus();
    await page.keyboard.press('Alt+o');
    // The notice first: it shows for 4 s, and at load 25 the three checks below took 4.7 s before it.
    await expect(page.getByTestId('notice')).toHaveText('psu_1: All outputs off');
    for (const channel of [1, 2, 3]) {
      await expect(dashboard.psuOutput(channel)).toHaveAttribute('aria-checked', 'false');
    }
    // And the button does the same.
    await dashboard.psuOutput(3).click();
    await expect(dashboard.psuOutput(3)).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('psu_1-all-off').click();
    await expect(dashboard.psuOutput(3)).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByTestId('psu_1-all-off-result')).toHaveText('All outputs off');
  });
});
