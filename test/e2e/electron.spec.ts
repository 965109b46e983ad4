/**
 * Desktop smoke test: the packaged-to-be app launches, its window is hardened, and the dashboard inside
 * connects to the backend. Electron's runtime is downloaded on first launch, which an offline machine
 * cannot do; there the test is skipped and says so in the run's output.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain ESM helper shared with `npm start`; it has no type declarations.
import { findElectronRuntime } from '../../scripts/electronRuntime.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtime = findElectronRuntime() as { path?: string; missing?: string };

test('desktop app opens a hardened window that connects to its backend', async () => {
  if (!runtime.path) console.log(`[electron smoke] SKIPPED: ${runtime.missing}`);
  // Skipped, with the reason, where no Electron runtime can be had (offline machine or no display).
  test.skip(!runtime.path, `no Electron runtime: ${runtime.missing}`);
  const app = await electron.launch({ executablePath: runtime.path, args: [ROOT], cwd: ROOT });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Benchtop');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open', {
      timeout: 15_000,
    });
    // Context isolation and no Node integration: the page sees the bridge's named functions and nothing else.
    const exposed = await page.evaluate(() => ({
      bridge: typeof (window as unknown as { benchtop?: { getBackendEndpoint?: unknown } }).benchtop
        ?.getBackendEndpoint,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ bridge: 'function', require: 'undefined', process: 'undefined' });
    // Navigation away from the dashboard and new windows are refused.
    const origin = new URL(page.url()).origin;
    await page.evaluate(() => window.open('https://example.com/'));
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(new URL(page.url()).origin).toBe(origin);
  } finally {
    await app.close();
  }
});
