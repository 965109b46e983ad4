import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { supplyOnlyBench } from './supplyBench';

test.describe('backend restart while streaming', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    // The supply's stream is what resumes and shows the gap: the scope would stream into the page unseen.
    backend = await startServedBackend([], { bench: supplyOnlyBench() });
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('the dashboard reconnects, resumes the stream, and shows the outage as a gap', async ({ page }) => {
    // GIVEN readings streaming into the chart
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    await dashboard.psuLive();
    await expect.poll(() => dashboard.chartPoints(1)).toBeGreaterThanOrEqual(10);
    const pointsBefore = await dashboard.chartPoints(1);

    // WHEN the backend goes away for a while
    await backend.stop();
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'reconnecting');

    // THEN the page says so plainly: a banner with the time it was lost, values greyed and aged, the
    // stream paused rather than running, and a record in the events log
    await expect(dashboard.connectionBanner).toContainText('Backend unreachable since');
    await expect(page.getByTestId('psu-ch1')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('psu-ch1-stale')).toContainText(/stale · last value .* old/);
    await expect(dashboard.psuStatus).toHaveText('paused — disconnected');
    await expect(page.getByTestId('psu-readings-rate')).toHaveCount(0);
    await expect(dashboard.eventRows('connection_lost')).toHaveCount(1);
    await page.waitForTimeout(1_500);

    // WHEN it comes back on the same port (a new run of it)
    await backend.restart();

    // THEN the status returns to connected, data flows again, and the chart shows a break, not a reset
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'open');
    await expect.poll(() => dashboard.chartPoints(1)).toBeGreaterThan(pointsBefore + 5);
    expect(await dashboard.chartGaps(1)).toBeGreaterThanOrEqual(1);
    await expect(dashboard.psuStatus).toHaveText('running');
    await expect(dashboard.connectionBanner).toHaveCount(0);
    await expect(page.getByTestId('psu-ch1')).toHaveAttribute('data-stale', 'false');

    // AND the log has the outage with its length, and the page says the backend restarted
    await expect(dashboard.eventRows('connection_restored')).toContainText(
      /Connection restored \(gap \d+\.\d s\)/,
    );
    await expect(dashboard.eventRows('backend_restarted')).toHaveCount(1);
    await expect(page.getByTestId('backend-restarted')).toContainText('settings are back to their defaults');

    // AND nothing of the new session was taken for a stream of the old one (or of none): the status bar,
    // refreshed many times since, shows no frames for stopped streams
    await expect(dashboard.strayStreamFrames).toHaveCount(0);
  });
});

test.describe('a page that cannot use the backend says why', () => {
  let backend: ServedBackend;
  test.beforeAll(async () => {
    backend = await startServedBackend();
  });
  test.afterAll(async () => {
    await backend?.stop();
  });

  test('without its token it says which URL to open, and does not keep trying', async ({ page }) => {
    // GIVEN the dashboard opened from its address without the #token= part
    const dashboard = new DashboardPage(page);
    await page.goto(backend.url.replace(/#.*$/, ''));

    // THEN it says what is missing and what to open, instead of waiting forever
    await expect(dashboard.connectionBanner).toContainText('no access token');
    await expect(dashboard.connectionBanner).toContainText('#token=');
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'closed');
    await expect(page.getByTestId('loading')).toContainText('see the message above');
  });

  test('with a wrong token it says the backend refused it, and what to do', async ({ page }) => {
    // GIVEN the dashboard opened with a token from another run of the backend
    const dashboard = new DashboardPage(page);
    await page.goto(backend.url.replace(/#token=.*$/, `#token=${'x'.repeat(43)}`));

    // THEN the backend's refusal is named, with its reason and the remedy
    await expect(dashboard.connectionBanner).toContainText(
      "refused this page's access token (invalid token)",
    );
    await expect(dashboard.connectionBanner).toContainText('npm run serve');
    await expect(dashboard.connectionState).toHaveAttribute('data-state', 'closed');
  });
});
