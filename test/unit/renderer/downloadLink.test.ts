/**
 * The export dialog follows a download link once and only while it can still work: a used link stayed
 * clickable and a second click saved the server's 404 page as a .txt file.
 */
import { describe, expect, it } from 'vitest';
import { DOWNLOAD_LINK_TTL_MS } from '../../../shared/protocol/export';
import {
  DOWNLOAD_LINK_MARGIN_MS,
  downloadLinkNote,
  downloadLinkState,
} from '../../../src-renderer/panels/acquisitions/downloadLink';

const link = { url: '/downloads/3q9Zr1cVf2Jk8hA0pL4xYw', receivedAtMs: 1_000_000 };

describe('download link state', () => {
  it('is ready until used, then used for good', () => {
    expect(downloadLinkState(link, link.receivedAtMs)).toBe('ready');
    const used = { ...link, usedAtMs: link.receivedAtMs + 2_000 };
    expect(downloadLinkState(used, used.usedAtMs)).toBe('used');
    expect(downloadLinkState(used, used.usedAtMs + DOWNLOAD_LINK_TTL_MS)).toBe('used');
    expect(downloadLinkNote('used')).toMatch(/works once: export again/);
  });

  it('expires a little before the backend’s ticket does, never after', () => {
    const expiry = link.receivedAtMs + DOWNLOAD_LINK_TTL_MS;
    expect(downloadLinkState(link, expiry - DOWNLOAD_LINK_MARGIN_MS - 1)).toBe('ready');
    expect(downloadLinkState(link, expiry - DOWNLOAD_LINK_MARGIN_MS)).toBe('expired');
    expect(downloadLinkNote('expired')).toMatch(/expired \(links work for 10 minutes\)/);
    expect(downloadLinkNote('ready')).toBeUndefined();
  });
});
