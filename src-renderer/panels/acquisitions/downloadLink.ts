/**
 * A finished export's download link, as the dialog offers it. The link works once and for
 * DOWNLOAD_LINK_TTL_MS: the dialog used to leave it clickable after use, and a second click saved the
 * server's refusal as a .txt file. Now a link is followed only while it can still work.
 */
import { DOWNLOAD_LINK_TTL_MS } from '../../../shared/protocol/export';

/**
 * The link's clock started when the backend issued it, a little before the page got it: the page gives
 * up this much early rather than follow a link that expires on the way.
 */
export const DOWNLOAD_LINK_MARGIN_MS = 5_000;

export type DownloadLinkState = 'ready' | 'used' | 'expired';

export interface DownloadLink {
  url: string;
  /** When the page received it (ms since the epoch). */
  receivedAtMs: number;
  /** When the page followed it; a link is followed once. */
  usedAtMs?: number;
}

/** When the page stops offering the link, ms since the epoch. */
export function downloadLinkExpiresAtMs(link: DownloadLink): number {
  return link.receivedAtMs + DOWNLOAD_LINK_TTL_MS - DOWNLOAD_LINK_MARGIN_MS;
}

export function downloadLinkState(link: DownloadLink, nowMs: number): DownloadLinkState {
  if (link.usedAtMs !== undefined) return 'used';
  return nowMs >= downloadLinkExpiresAtMs(link) ? 'expired' : 'ready';
}

/** What the dialog says beside a link it no longer offers. */
export function downloadLinkNote(state: DownloadLinkState): string | undefined {
  if (state === 'used')
    return 'Downloaded. A download link works once: export again for another copy (the file is also in the exports folder shown above).';
  if (state === 'expired')
    return `This download link has expired (links work for ${DOWNLOAD_LINK_TTL_MS / 60_000} minutes): export again for a new one.`;
  return undefined;
}
