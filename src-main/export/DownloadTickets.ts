/**
 * Single-use download links for finished exports (browser mode). The page asks over its authenticated
 * socket; the answer carries `/downloads/<ticket>`, a 128-bit random name that works once and expires, so
 * the session token never appears in a URL and a leaked link is worthless after use.
 *
 * A ticket serves the file the export wrote, not whatever has its name by the time the link is used: the
 * name is opened without following a symbolic link, and the opened file's device, inode and size must be
 * those recorded when the export finished. Anything else (a link to /etc/passwd, a different file put in
 * its place, a file changed since) is refused.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { FileIdentity } from './common/index.js';
import { DOWNLOAD_LINK_TTL_MS } from '../../shared/protocol/export.js';
import { securityHeaders } from '../util/index.js';

export const DOWNLOAD_PATH_PREFIX = '/downloads/';
/** How long a download link stays valid, ms (the protocol's figure, which the dashboard counts down). */
export const DOWNLOAD_TICKET_TTL_MS = DOWNLOAD_LINK_TTL_MS;
const TICKET_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/**
 * Read-only; fail (ELOOP) rather than follow a symbolic link at the last component; and never block on
 * opening a FIFO put in the file's place (it is then refused as not a regular file).
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What a ticket grants: one file, as it was when the export finished. */
export interface DownloadGrant {
  filePath: string;
  identity: FileIdentity;
}

interface Ticket extends DownloadGrant {
  expiresAtMs: number;
  /** Set once redeemed: the entry stays until it expires, so a second try hears "used", not "unknown". */
  used: boolean;
}

/** Why a link does not open; each gets its own status and words (410 Gone for one that did exist). */
export type TicketRefusal = 'unknown' | 'used' | 'expired';

const REFUSALS: Record<TicketRefusal, { status: number; text: string }> = {
  unknown: { status: 404, text: 'no such download link; export the capture again for a new one' },
  used: {
    status: 410,
    text: 'this download link has been used already (each link works once); export the capture again for a new one',
  },
  expired: {
    status: 410,
    text: `this download link expired (links work for ${DOWNLOAD_TICKET_TTL_MS / 60_000} minutes); export the capture again for a new one`,
  },
};

export class DownloadTickets {
  readonly #tickets = new Map<string, Ticket>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Issues a link for a file the backend wrote itself, as `identity` says it was; returns the URL path. */
  issue(filePath: string, identity: FileIdentity): string {
    this.#sweep();
    const ticket = randomBytes(16).toString('base64url');
    this.#tickets.set(ticket, {
      filePath,
      identity,
      expiresAtMs: this.#now() + DOWNLOAD_TICKET_TTL_MS,
      used: false,
    });
    return `${DOWNLOAD_PATH_PREFIX}${ticket}`;
  }

  /** Redeems a ticket (once); undefined when unknown, used or expired (`refusal` says which). */
  take(ticket: string): DownloadGrant | undefined {
    if (this.refusal(ticket) !== undefined) return undefined;
    const entry = this.#tickets.get(ticket)!;
    entry.used = true;
    return { filePath: entry.filePath, identity: entry.identity };
  }

  /** Why `take` would refuse this ticket now; undefined when it would open. */
  refusal(ticket: string): TicketRefusal | undefined {
    const entry = TICKET_PATTERN.test(ticket) ? this.#tickets.get(ticket) : undefined;
    if (!entry) return 'unknown';
    if (entry.expiresAtMs < this.#now()) return 'expired';
    return entry.used ? 'used' : undefined;
  }

  get size(): number {
    return this.#tickets.size;
  }

  /** Forgets tickets a lifetime past their expiry: until then a late try is told "expired". */
  #sweep(): void {
    const forgetBeforeMs = this.#now() - DOWNLOAD_TICKET_TTL_MS;
    for (const [ticket, entry] of this.#tickets)
      if (entry.expiresAtMs < forgetBeforeMs) this.#tickets.delete(ticket);
  }

  /** HTTP handler for GET /downloads/<ticket>: streams the file as an attachment. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fail = (status: number, text: string): void => {
      res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET') return fail(405, 'method not allowed');
    const ticket = new URL(req.url ?? '/', 'http://localhost').pathname.slice(DOWNLOAD_PATH_PREFIX.length);
    const grant = this.take(ticket);
    if (!grant) {
      const refusal = REFUSALS[this.refusal(ticket) ?? 'unknown'];
      return fail(refusal.status, refusal.text);
    }
    const opened = await openGranted(grant);
    if (typeof opened === 'string') return fail(410, opened);
    const name = path.basename(grant.filePath).replace(/[^A-Za-z0-9._-]/g, '_');
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'application/octet-stream',
      'Content-Length': grant.identity.bytes,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    // Streams from the handle that was checked, so a swap after the check changes nothing.
    opened
      .createReadStream()
      .on('error', () => res.destroy())
      .pipe(res);
  }
}

/**
 * Opens the granted file if it is still the one exported; otherwise closes what it opened and returns
 * why not, for the person who clicked the link.
 */
async function openGranted(grant: DownloadGrant): Promise<FileHandle | string> {
  let handle: FileHandle;
  try {
    handle = await open(grant.filePath, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'the exported file has been replaced by a symbolic link; it is not served';
    return 'the exported file is no longer there; export again';
  }
  const info = await handle.stat({ bigint: true }).catch(() => undefined);
  const same =
    info !== undefined &&
    info.isFile() &&
    info.dev === grant.identity.dev &&
    info.ino === grant.identity.ino &&
    info.size === BigInt(grant.identity.bytes);
  if (same) return handle;
  await handle.close();
  return 'the exported file has been replaced or changed since it was exported; export again';
}
