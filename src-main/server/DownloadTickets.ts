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
import { securityHeaders } from './staticFiles.js';

export const DOWNLOAD_PATH_PREFIX = '/downloads/';
/** How long a download link stays valid, ms. */
export const DOWNLOAD_TICKET_TTL_MS = 10 * 60_000;
const TICKET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

interface Ticket {
  filePath: string;
  expiresAtMs: number;
}

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
    this.#tickets.set(ticket, { filePath, expiresAtMs: this.#now() + DOWNLOAD_TICKET_TTL_MS });
    return `${DOWNLOAD_PATH_PREFIX}${ticket}`;
  }

  /** Redeems a ticket (once); undefined when unknown, used or expired. */
  take(ticket: string): string | undefined {
    if (!TICKET_PATTERN.test(ticket)) return undefined;
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    if (!entry || entry.expiresAtMs < this.#now()) return undefined;
    return entry.filePath;
  }

  get size(): number {
    return this.#tickets.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [ticket, entry] of this.#tickets) if (entry.expiresAtMs < now) this.#tickets.delete(ticket);
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
    if (!filePath) return fail(404, 'this download link is unknown, used or expired; export again');
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
