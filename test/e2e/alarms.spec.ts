import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { AlarmsPage } from './pages/AlarmsPage';
import { DashboardPage } from './pages/DashboardPage';
import { sendFromSideClient } from './sideClient';

test.describe('alarms', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('an under-voltage alarm defined in the panel raises, switches the supply off and is acknowledged', async ({
    page,
  }) => {
    // GIVEN the dashboard with CH1 on at 5 V into the simulated 10 Ω load, and no alarms yet
    const dashboard = new DashboardPage(page);
    const alarms = new AlarmsPage(page);
    await dashboard.open(backend.url);
    await expect(alarms.empty).toContainText('Define one below');
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'true');

    // WHEN an alarm is defined from the form: CH1 voltage below 4.5 V for 300 ms → outputs off on psu_1
    await alarms.field('name').fill('CH1 sag');
    await alarms.field('instrument').selectOption('psu_1');
    await alarms.field('field').selectOption('readings/voltage');
    await alarms.field('channel').selectOption('1');
    await alarms.field('condition').selectOption('below');
    await alarms.field('limit').fill('4.5');
    await alarms.field('holdoff').fill('300');
    await alarms.field('action').selectOption('outputs_off_instrument');
    await alarms.field('action-supply').selectOption('psu_1');
    await alarms.define.click();
    await expect(alarms.row('CH1 sag')).toHaveAttribute('data-phase', 'normal');
    await expect(alarms.row('CH1 sag')).toContainText(
      'psu_1 CH1 voltage below 4.5 V for 300 ms → outputs off (psu_1)',
    );

    // AND the load is lowered to 2 Ω: 2.5 A wanted, the 1 A limit holds CH1 in CC at 2 V
    const lowered = await sendFromSideClient(backend.url, {
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 1,
      parameter: 'load_resistance',
      value: 2,
    });
    expect(lowered).toMatchObject({ type: 'parameter_set' });

    // THEN the alarm is raised and shown in the header, and the supply's outputs go off
    await expect(alarms.active('CH1 sag')).toBeVisible();
    await expect(alarms.row('CH1 sag')).toHaveAttribute('data-phase', 'raised');
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'false');
    await expect(
      page.getByTestId('event-row').filter({ hasText: 'by alarm "CH1 sag"' }).first(),
    ).toBeVisible();

    // WHEN it is acknowledged from the header
    await alarms.activeAck('CH1 sag').click();

    // THEN it stays raised (the output is off, the voltage still low) but acknowledged
    await expect(alarms.row('CH1 sag')).toHaveAttribute('data-acked', 'true');
    await expect(alarms.active('CH1 sag')).toContainText('acknowledged');
    await expect(dashboard.psuOutput(1)).toHaveAttribute('aria-checked', 'false');
  });

  test('the form offers only what the catalog has, and the backend refusal is shown in place', async ({
    page,
  }) => {
    const dashboard = new DashboardPage(page);
    const alarms = new AlarmsPage(page);
    await dashboard.open(backend.url);
    // A supply offers its readings; a scope its measurements: nothing else is offered.
    await alarms.field('instrument').selectOption('psu_1');
    await expect(alarms.field('field').locator('option')).toHaveText([
      'voltage (V)',
      'current (A)',
      'power (W)',
    ]);
    await alarms.field('instrument').selectOption('scope_1');
    await expect(alarms.field('field').locator('option').first()).toHaveText('vpp (V) measurement');
    // A band whose high is not above its low is refused before anything is sent.
    await alarms.field('name').fill('band');
    await alarms.field('condition').selectOption('outside');
    await alarms.field('low').fill('2');
    await alarms.field('high').fill('1');
    await alarms.define.click();
    await expect(alarms.formError).toHaveText('High must be above Low');
    await expect(alarms.empty).toBeVisible();
  });
});
