import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { AcquisitionsPage } from './pages/AcquisitionsPage';
import { DashboardPage } from './pages/DashboardPage';

test.describe('capture review', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  test('review a paused-and-resumed capture from disk: overview, zoom to samples, markers, export the visible span', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // GIVEN a continuous 10 kSa/s capture of CH1 and CH2, paused once and resumed, then stopped
    await page.setViewportSize({ width: 1440, height: 900 });
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const acquisitions = new AcquisitionsPage(page);
    const id = await acquisitions.createAndStart({
      source: 'scope_1',
      channels: ['CH1', 'CH2'],
      rateHz: 10_000,
      mode: 'continuous',
      durationS: '',
      name: 'review me',
    });
    const samples = async (): Promise<number> =>
      Number(await acquisitions.testId(`acq-samples-${id}`).getAttribute('data-samples'));
    await expect.poll(samples, { timeout: 10_000 }).toBeGreaterThan(10_000);
    await acquisitions.testId(`acq-pause-${id}`).click();
    await expect(acquisitions.state(id)).toHaveText('paused', { timeout: 20_000 });
    await acquisitions.testId(`acq-resume-${id}`).click();
    await expect(acquisitions.state(id)).toHaveText('running', { timeout: 20_000 });
    const resumedAt = await samples();
    await expect.poll(samples, { timeout: 10_000 }).toBeGreaterThan(resumedAt + 10_000);

    // WHEN it is opened in the review view while still running
    await acquisitions.testId(`acq-review-${id}`).click();
    const review = acquisitions.testId('review');
    // THEN the whole capture so far is drawn as a min/max overview
    await expect(review).toHaveAttribute('data-kind', 'minmax');
    await expect(review).toHaveAttribute('data-from', '0');
    await expect(acquisitions.testId('review-span')).toContainText('capturing');

    // WHEN it is stopped, THEN the overview covers every sample of the finished capture
    await acquisitions.testId(`acq-stop-${id}`).click();
    await expect(acquisitions.state(id)).toHaveText('complete', { timeout: 15_000 });
    await acquisitions.testId('review-all').click();
    const total = await samples();
    await expect(review).toHaveAttribute('data-to', String(total));
    // AND the pause's segment boundary and the capture's events are marked, their text on hover
    await expect(acquisitions.testId('review-marker-segment')).toHaveCount(1);
    await expect(acquisitions.testId('review-marker-segment')).toHaveAttribute('title', /New segment/);
    expect(await acquisitions.testId('review-marker-event').count()).toBeGreaterThan(0);
    await page.screenshot({ path: test.info().outputPath('review-overview.png') });

    // WHEN zoomed in with the keyboard until single samples show
    await review.focus();
    for (let i = 0; i < 12; i++) {
      if ((await review.getAttribute('data-kind')) === 'samples') break;
      const before = await review.getAttribute('data-to');
      await page.keyboard.press('+');
      await expect(review).not.toHaveAttribute('data-to', before ?? '');
    }
    // THEN the span is drawn from its own samples
    await expect(review).toHaveAttribute('data-kind', 'samples');
    const from = Number(await review.getAttribute('data-from'));
    const to = Number(await review.getAttribute('data-to'));
    expect(to - from).toBeLessThan(2_000);
    await page.screenshot({ path: test.info().outputPath('review-samples.png') });

    // WHEN voltage cursors are added (Y1 a division below the centre, Y2 a division above)
    await acquisitions.testId('review-levels-add').click();
    await expect(acquisitions.testId('review-cursor-y1')).toBeVisible();
    // THEN each channel reads ΔY in its own scale: two divisions of it (CH1's 2 Vpp sine is drawn at a
    // larger scale than CH2's 1 Vpp square, as the scope would)
    const perDiv = async (channel: string): Promise<number> =>
      Number(await acquisitions.testId(`review-scale-${channel}`).getAttribute('data-per-div'));
    const deltaY = async (channel: string): Promise<number> =>
      Number(await acquisitions.testId(`review-cursor-dy-${channel}`).getAttribute('data-value'));
    expect(await perDiv('CH1')).toBeGreaterThan(await perDiv('CH2'));
    for (const channel of ['CH1', 'CH2'])
      expect(await deltaY(channel)).toBeCloseTo(2 * (await perDiv(channel)), 9);
    // WHEN Y1 is put a quarter of the way down the plot with alt+click (two divisions above the centre)
    const over = acquisitions.testId('review-plot').locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.click({ position: { x: box.width / 2, y: box.height / 4 }, modifiers: ['Alt'] });
    // THEN ΔY is Y2 − Y1 = −1 division of each channel's scale
    await expect.poll(() => deltaY('CH1')).toBeCloseTo(-(await perDiv('CH1')), 1);
    expect(await deltaY('CH2')).toBeCloseTo(-(await perDiv('CH2')), 1);
    await page.screenshot({ path: test.info().outputPath('review-voltage-cursors.png') });

    // WHEN the visible span is exported as CSV
    await acquisitions.testId('review-export').click();
    await expect(acquisitions.testId('export-dialog')).toBeVisible();
    await acquisitions.testId('export-format-csv').check();
    await expect(acquisitions.testId('export-estimate')).toContainText('will be written');
    await acquisitions.testId('export-start-button').click();
    await expect(acquisitions.testId('export-done')).toBeVisible({ timeout: 15_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      acquisitions.testId('export-download').click(),
    ]);
    // THEN the file holds exactly that span: one row per visible sample, both channels
    const lines = readFileSync(await download.path(), 'utf8')
      .split('\r\n')
      .filter((line) => line.length > 0 && !line.startsWith('#'));
    expect(lines[0]).toBe('time_s,CH1 (V),CH2 (V)');
    expect(lines.length - 1).toBe(to - from);
  });
});
