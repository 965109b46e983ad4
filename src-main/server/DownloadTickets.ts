/**
 * Single-use download links for finished exports (browser mode). The page asks over its authenticated
 * socket; the answer carries `/downloads/<ticket>`, a 128-bit random name that works once and expires, so
 * the session token never appears in a URL and a leaked link is worthless after use.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { DOWNLOAD_LINK_TTL_MS } from '../../shared/protocol/export.js';
import { securityHeaders } from './staticFiles.js';

export const DOWNLOAD_PATH_PREFIX = '/downloads/';
/** How long a download link stays valid, ms (the protocol's figure, which the dashboard counts down). */
export const DOWNLOAD_TICKET_TTL_MS = DOWNLOAD_LINK_TTL_MS;
const TICKET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

interface Ticket {
  filePath: string;
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

  /** Issues a link for a file the backend wrote itself; returns the URL path. */
  issue(filePath: string): string {
    this.#sweep();
    const ticket = randomBytes(16).toString('base64url');
    this.#tickets.set(ticket, { filePath, expiresAtMs: this.#now() + DOWNLOAD_TICKET_TTL_MS, used: false });
    return `${DOWNLOAD_PATH_PREFIX}${ticket}`;
  }

  /** Redeems a ticket (once); undefined when unknown, used or expired (`refusal` says which). */
  take(ticket: string): string | undefined {
    if (this.refusal(ticket) !== undefined) return undefined;
    const entry = this.#tickets.get(ticket)!;
    entry.used = true;
    return entry.filePath;
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
    const filePath = this.take(ticket);
    if (!filePath) {
      const refusal = REFUSALS[this.refusal(ticket) ?? 'unknown'];
      return fail(refusal.status, refusal.text);
    }
    const info = await stat(filePath).catch(() => undefined);
    if (!info?.isFile()) return fail(410, 'the exported file is no longer there');
    const name = path.basename(filePath).replace(/[^A-Za-z0-9._-]/g, '_');
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'application/octet-stream',
      'Content-Length': info.size,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    createReadStream(filePath)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
