/**
 * Download links work once and for a limited time; a link that did work says why it no longer does
 * (used, expired) instead of an anonymous 404 that a browser saved as a .txt file.
 */
import { describe, expect, it } from 'vitest';
import { DOWNLOAD_TICKET_TTL_MS, DownloadTickets } from '../../../src-main/export/DownloadTickets.js';

const ticketOf = (url: string): string => url.slice('/downloads/'.length);
/** What the export recorded of the file it wrote (not checked here: these tests are about the link). */
const identity = { dev: 1n, ino: 2n, bytes: 3 };

describe('DownloadTickets', () => {
  it('opens a link once, then says it was used', () => {
    const tickets = new DownloadTickets(() => 1_000);
    const ticket = ticketOf(tickets.issue('/data/exports/a.csv', identity));
    expect(tickets.refusal(ticket)).toBeUndefined();
    expect(tickets.take(ticket)).toEqual({ filePath: '/data/exports/a.csv', identity });
    expect(tickets.take(ticket)).toBeUndefined();
    expect(tickets.refusal(ticket)).toBe('used');
  });

  it('says a link expired after its lifetime, and forgets it a lifetime later', () => {
    let nowMs = 0;
    const tickets = new DownloadTickets(() => nowMs);
    const ticket = ticketOf(tickets.issue('/data/exports/a.csv', identity));
    nowMs = DOWNLOAD_TICKET_TTL_MS + 1;
    expect(tickets.take(ticket)).toBeUndefined();
    expect(tickets.refusal(ticket)).toBe('expired');
    // Issuing sweeps: a ticket two lifetimes old is forgotten, the new one kept.
    nowMs = 2 * DOWNLOAD_TICKET_TTL_MS + 2;
    tickets.issue('/data/exports/b.csv', identity);
    expect(tickets.size).toBe(1);
    expect(tickets.refusal(ticket)).toBe('unknown');
  });

  it('knows no ticket it did not issue, malformed or not', () => {
    const tickets = new DownloadTickets();
    expect(tickets.refusal('AAAAAAAAAAAAAAAAAAAAAA')).toBe('unknown');
    expect(tickets.refusal('../../etc/passwd')).toBe('unknown');
    expect(tickets.take('../../etc/passwd')).toBeUndefined();
  });
});
