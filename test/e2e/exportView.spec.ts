import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { DashboardPage } from './pages/DashboardPage';
import { ScopePage } from './pages/ScopePage';

/** The table of a view CSV: the lines after its `# key: value` metadata block. */
function table(text: string): string[] {
  return text.split('\r\n').filter((line) => line.length > 0 && !line.startsWith('#'));
}

/** Exports the scope's view as CSV through the menu and the download link; returns the file's text. */
async function exportViewCsv(page: Page, scope: ScopePage): Promise<string> {
  await scope.testId('scope-export-view-toggle').click();
  await scope.testId('scope-export-view-csv').click();
  const status = scope.testId('scope-export-view-status');
  const button = status.getByTestId('export-download');
  await expect(button).toBeEnabled({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^Scope_.*\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  // The note floats over the top of the chart until dismissed; a drag there would land on it.
  await scope.testId('scope-export-view-dismiss').click();
  await expect(status).toBeHidden();
  return text;
}

function times(lines: string[]): number[] {
  return lines.slice(1).map((line) => Number(line.split(',')[0]));
}

test.describe('export what you see', () => {
  let backend: ServedBackend;
  test.beforeEach(async () => {
    backend = await startServedBackend();
  });
  test.afterEach(async () => {
    await backend?.stop();
  });

  // Two exports, a zoom and a copy through a live dashboard: a loaded machine needs more than the default.
  test.setTimeout(240_000);

  test('a zoomed scope exports the span on screen as CSV, and Copy values puts that table on the clipboard', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(backend.url).origin,
    });
    // GIVEN the live scope, and its whole record exported as the reference span
    const dashboard = new DashboardPage(page);
    await dashboard.open(backend.url);
    const scope = new ScopePage(page);
    await scope.startWaveformEvery(100);
    const full = table(await exportViewCsv(page, scope));
    expect(full[0]).toMatch(/^time_s,CH1 \(V\)/);
    const fullTimes = times(full);
    const minS = fullTimes[0]!;
    const spanS = fullTimes.at(-1)! - minS;
    expect(spanS).toBeGreaterThan(0);

    // WHEN the display is zoomed by a drag from 20 % to 70 % of its width, and the view exported again
    await scope.dragDisplay([0.2, 0.15], [0.7, 0.15]);
    await expect(scope.testId('scope-chart-not-live')).toContainText('Zoomed');
    const text = await exportViewCsv(page, scope);

    // THEN the file carries its metadata, and its rows are the record's points inside the span on screen
    expect(text).toMatch(/^# benchtop_csv: 1\r\n/);
    expect(text).toContain('# source: view\r\n');
    expect(text).toMatch(/\r\n# instrument: .*equipment scope_1\r\n/);
    const zoomed = table(text);
    expect(zoomed[0]).toBe(full[0]);
    const zoomedTimes = times(zoomed);
    expect(zoomedTimes.length).toBeGreaterThan(10);
    expect(zoomedTimes.length).toBeLessThan(fullTimes.length * 0.6);
    // Every row is a point of the record (same time axis), consecutive, and the span is the dragged one.
    // Each record's grid sits where its trigger fell (a sub-sample shift from record to record), so the
    // zoomed rows are matched to the reference by their nearest time and then by their spacing.
    const stepS = Math.min(
      ...fullTimes
        .slice(1)
        .map((t, i) => t - fullTimes[i]!)
        .filter((d) => d > 0),
    );
    const distance = fullTimes.map((t) => Math.abs(t - zoomedTimes[0]!));
    const firstIndex = distance.indexOf(Math.min(...distance));
    expect(firstIndex).toBeGreaterThan(0);
    expect(distance[firstIndex]!).toBeLessThan(stepS);
    const reference = fullTimes.slice(firstIndex, firstIndex + zoomedTimes.length);
    expect(reference).toHaveLength(zoomedTimes.length);
    const drift = zoomedTimes.map((t, k) => Math.abs(t - zoomedTimes[0]! - (reference[k]! - reference[0]!)));
    expect(Math.max(...drift)).toBeLessThan(stepS / 100);
    expect((zoomedTimes[0]! - minS) / spanS).toBeCloseTo(0.2, 1);
    expect((zoomedTimes.at(-1)! - minS) / spanS).toBeCloseTo(0.7, 1);

    // WHEN Copy values is chosen
    await scope.testId('scope-export-view-toggle').click();
    await scope.testId('scope-export-view-copy').click();

    // THEN it says how many rows went, and the clipboard holds that CSV table: same header, same span
    const rows = zoomedTimes.length;
    await expect(scope.testId('scope-export-view-status')).toContainText(
      `Copied ${rows.toLocaleString('en')} rows`,
    );
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith('time_s,')).toBe(true);
    const copiedLines = table(copied);
    expect(copiedLines[0]).toBe(zoomed[0]);
    // A later record of the same span: the same rows, on a grid shifted by less than one sample.
    const copiedTimes = times(copiedLines);
    expect(copiedTimes).toHaveLength(zoomedTimes.length);
    expect(Math.abs(copiedTimes[0]! - zoomedTimes[0]!)).toBeLessThan(stepS);
    expect(Math.abs(copiedTimes.at(-1)! - zoomedTimes.at(-1)!)).toBeLessThan(stepS);
    expect(copied.endsWith('\r\n')).toBe(true);
  });
});
