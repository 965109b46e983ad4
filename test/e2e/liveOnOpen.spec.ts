import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { ScopePage } from './pages/ScopePage';
import { sendFromSideClient } from './sideClient';

test.describe('live on open, streams remembered by the backend', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('a stopped stream stays stopped across a backend restart; one started at 200 ms comes back so', async ({
    page,
  }) => {
    // GIVEN the readings stopped by a person
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await dashboard.psuLive();
    await dashboard.psuStop.click();
    await expect(dashboard.psuStatus).toHaveText('stopped');

    // WHEN the backend restarts and the page reloads
    await backend.restart();
    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');

    // THEN the scope is live again and the readings are still stopped
    await scope.startDisplay();
    await expect(dashboard.psuStatus).toHaveText('stopped');

    // WHEN they are started again at 200 ms THEN a reload brings them back running at that rate
    await dashboard.page.getByTestId('psu-readings-interval').selectOption('200');
    await dashboard.psuStart.click();
    await expect(dashboard.psuStatus).toHaveText('running');
    await page.reload();
    await expect(dashboard.psuStatus).toHaveText('running');
    await expect(dashboard.page.getByTestId('psu-readings-interval')).toHaveValue('200');
  });

  test('readings, measurements and the waveform are live with no click; a stopped stream stays stopped', async ({
    page,
    browser,
  }) => {
    // WHEN the dashboard opens and nothing is clicked
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);

    // THEN the supply's readback, the scope's waveform (at display rate) and its measurements are live
    await expect(dashboard.psuStatus).toHaveText('running');
    await expect(dashboard.psuVoltage(1)).not.toHaveText('—');
    expect(Number(await dashboard.psuVoltage(1).textContent())).toBeCloseTo(5, 1);

    // WHEN a person stops the readings and reloads
    await dashboard.psuStop.click();
    await expect(dashboard.psuStatus).toHaveText('stopped');
    await scope.startDisplay();
    await expect(scope.testId('scope-waveform-interval')).toHaveValue('display');
    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');

    // THEN the readings stay stopped while the scope comes back live
    await scope.startDisplay();
    await expect(dashboard.psuStatus).toHaveText('stopped');
    await expect(dashboard.psuVoltage(1)).toHaveText('—');

    // AND a second dashboard agrees
    const second = await browser.newPage();
    try {
      const other = new DashboardPage(second);
      await other.open(backend.url);
      await new ScopePage(second).startDisplay();
      await expect(other.psuStatus).toHaveText('stopped');
    } finally {
      await second.close();
    }
  });

  test('the events log is the backend’s: the same after a reload and a restart, filtered, exported as CSV', async ({
    page,
  }) => {
    // GIVEN a setting changed by another client while the dashboard is open
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await sendFromSideClient(backend.url, {
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 2,
      parameter: 'voltage_set',
      value: 7.25,
    });
    // The side client's change; a restart adds the start-up restore's own changes ("by restore").
    const changed = dashboard.eventRows('setting_changed').filter({ hasText: 'by e2e-side' });
    await expect(changed).toHaveCount(1);
    await expect(changed).toContainText('psu_1 CH2 voltage_set = 7.25 V by e2e-side (session');
    const seq = await changed.getAttribute('data-seq');

    // WHEN the page reloads, and WHEN the backend restarts and the page reloads again
    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');
    // THEN the log shows that event once, with the same place in the backend's log
    await expect(changed).toHaveCount(1);
    await expect(changed).toHaveAttribute('data-seq', seq!);
    await backend.restart();
    await expect(dashboard.eventRows('backend_restarted')).toHaveCount(1);
    await expect(changed).toHaveCount(1);
    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');
    await expect(changed).toHaveCount(1);
    await expect(changed).toHaveAttribute('data-seq', seq!);

    // WHEN filtered to the scope, THEN the supply's change is not shown; back to all, it is
    await page.getByTestId('events-filter-instrument').selectOption('scope_1');
    await expect(changed).toHaveCount(0);
    await page.getByTestId('events-filter-instrument').selectOption('psu_1');
    await expect(changed).toHaveCount(1);

    // WHEN exported, THEN the CSV holds what is shown, times in ISO 8601, the message quoted where needed
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('events-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^benchtop-events-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('time,level,kind,instrument,channel,message,seq');
    const row = lines.find((l) => l.includes(',setting_changed,') && l.includes('by e2e-side'));
    expect(row).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,info,setting_changed,psu_1,2,psu_1 CH2 voltage_set = 7\\.25 V by e2e-side \\(session [0-9a-f]{8}\\),${seq}$`,
      ),
    );
    expect(lines.every((l, i) => i === 0 || l.includes(',psu_1,'))).toBe(true);
  });
});
