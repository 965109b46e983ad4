/**
 * Several benches in one dashboard: a second backend added by the URL it printed, seen in the overview
 * with its instruments and live values, opened into the full panels and driven there, removed; and the
 * two refusals a person must act on — a wrong token, and a backend that does not admit this dashboard's
 * origin — each with its own message.
 */
import { expect, test } from '@playwright/test';
import { startServedBackend, type ServedBackend } from './backendProcess';
import { BenchesPage } from './pages/BenchesPage';
import { DashboardPage } from './pages/DashboardPage';
import { sendFromSideClient } from './sideClient';

test.describe('several benches', () => {
  // Three backends and Chromium at once: on the loaded 2-core CI machine this takes minutes, not seconds
  // (4.2 min at a load average of 25; a bound for a hang, not a figure).
  test.setTimeout(480_000);
  const started: ServedBackend[] = [];
  test.afterEach(async () => {
    for (const backend of started.splice(0)) await backend.stop();
  });

  test('adds a bench by its printed URL, watches it, drives it, removes it; names a wrong token and a refused origin', async ({
    page,
  }) => {
    // GIVEN dashboard A, bench B that admits A's origin, and bench C that does not
    const a = await startServedBackend();
    started.push(a);
    const origin = `http://127.0.0.1:${a.port}`;
    const b = await startServedBackend(['--allow-origin', origin]);
    started.push(b);
    const c = await startServedBackend();
    started.push(c);
    const bHost = `127.0.0.1:${b.port}`;
    const cHost = `127.0.0.1:${c.port}`;
    const dashboard = new DashboardPage(page);
    const benches = new BenchesPage(page);
    await dashboard.open(a.url);

    // WHEN B is added from the line it printed
    await benches.openOverview();
    await benches.add(`Benchtop at ${b.url}`, { label: 'Rig B' });

    // THEN its card shows it connected, with its instruments and live values
    await expect(benches.cardPart(bHost, 'state')).toHaveText('Connected');
    await expect(benches.cardPart(bHost, 'psu_1')).toBeVisible();
    await expect(benches.cardPart(bHost, 'scope_1')).toBeVisible();
    await expect(benches.cardPart(bHost, 'psu_1-ch1-v')).toHaveText(/^\d+(\.\d+)? m?V$/);
    await expect(benches.cardPart(bHost, 'scope_1-measurement')).toContainText('CH1');
    // and this dashboard's own bench, whose scope has streamed since the dashboard opened, draws its traces
    // on its card (the overview starts no waveform stream of its own: B's card shows none yet)
    await benches.tracesDrawn('bench-card-local-scope_1-traces');
    await expect(benches.cardPart(bHost, 'scope_1-traces')).toHaveCount(0);
    const localTraces = page.getByTestId('bench-card-local-scope_1-traces');
    await expect(localTraces).not.toHaveClass(/\bstale\b/);
    const staleCaption = page.getByTestId('bench-card-local-scope_1-traces-stale');
    await expect(staleCaption).toBeHidden();
    // The token is remembered, never shown whole
    const token = new URLSearchParams(new URL(b.url).hash.slice(1)).get('token')!;
    await expect(benches.card(bHost)).not.toContainText(token);
    await expect(benches.tab(bHost)).toHaveText('Rig B');

    // WHEN B is opened into the full panels and CH1's current limit is set there
    await benches.cardPart(bHost, 'open').click();
    await dashboard.psuLive();
    await dashboard.enterSetting(1, 'current-set', '0.3');

    // THEN B (not A) applied it (asked directly; the page's own reply may be slow on a loaded machine)
    const currentLimitA = async (backend: ServedBackend): Promise<unknown> => {
      const reply = await sendFromSideClient(backend.url, { type: 'get_parameters', equipment_id: 'psu_1' });
      return (reply.channels as Record<string, Record<string, unknown>>)['1']?.current_set;
    };
    await expect.poll(() => currentLimitA(b)).toBeCloseTo(0.3, 3);
    expect(await currentLimitA(a)).not.toBeCloseTo(0.3, 3);

    // AND the list survives a reload
    await page.reload();
    await benches.openOverview();
    await expect(benches.cardPart(bHost, 'state')).toHaveText('Connected');

    // WHEN B is removed, its card and tab go, and the list forgets it
    await benches.cardPart(bHost, 'remove').click();
    await expect(benches.card(bHost)).toHaveCount(0);
    await expect(benches.tab(bHost)).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem('benchtop.benches'))).toBe('[]');

    // WHEN a paste is not an address, nothing is added and the form says why
    await benches.add(`http://${bHost}/`);
    await expect(benches.addError).toContainText('No token');

    // WHEN B is added with a wrong token, THEN its card says the token was refused
    await benches.add(`http://${bHost}/`, { token: 'w'.repeat(43) });
    await expect(benches.cardPart(bHost, 'state')).toHaveText('Wrong token');
    await expect(benches.cardPart(bHost, 'reason')).toContainText('refused the token');

    // WHEN C (which does not admit A's origin) is added, THEN its card names the flag and the origin
    await benches.add(c.url);
    await expect(benches.cardPart(cHost, 'state')).toHaveText('Origin not allowed');
    await expect(benches.cardPart(cHost, 'reason')).toContainText(`--allow-origin ${origin}`);

    // WHEN this dashboard's own scope stops streaming while its bench stays connected
    await page.getByTestId('bench-tab-local').click();
    await page.getByTestId('scope-waveform-stop').click();
    await expect(page.getByTestId('scope-waveform-status')).toHaveText('stopped');
    await benches.openOverview();
    // THEN its card's thumbnail keeps the last traces but, once no new ones have come for the threshold
    // (15 s on the page's clock), is dimmed and says so to assistive tech, to a hover
    await benches.tracesDrawn('bench-card-local-scope_1-traces');
    await expect(localTraces).toHaveClass(/\bstale\b/, { timeout: 45_000 });
    await expect(localTraces).toHaveAttribute('aria-label', /no new traces for 15 s or more$/);
    await expect(localTraces).toHaveAttribute('title', /no new traces for 15 s or more$/);
    // and, for a glance, in words on the card itself
    await expect(staleCaption).toBeVisible();
    await expect(staleCaption).toHaveText('no new traces for 15 s');
  });
});
