/**
 * Which Chromium the browser tests drive: Playwright's own when it was installed, otherwise the system's
 * (Debian's /usr/bin/chromium), since `npx playwright install` cannot download on an offline machine.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return undefined; // Playwright finds its own browser.
  } catch {
    // Not installed: fall through to the system browser.
  }
  return SYSTEM_CHROMIUM.find((p) => existsSync(p));
}

/** Flags for a headless Chromium on a closed network: no background traffic, no GPU, no sandbox as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
