/**
 * The events log as CSV (RFC 4180): one header row, then one row per event with its time in ISO 8601
 * (UTC), so a spreadsheet or a script reads it without guessing. A field holding a comma, a quote or a
 * line break is quoted, its quotes doubled. A field starting with = + - @ is prefixed with ' so a
 * spreadsheet shows it as text rather than running it as a formula.
 */
import type { LoggedEvent } from './eventMerge';

const HEADER = ['time', 'level', 'kind', 'instrument', 'channel', 'message', 'seq'] as const;

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The events, oldest first, as CSV text with CRLF line ends. */
export function eventsToCsv(events: readonly LoggedEvent[]): string {
  const rows = [HEADER.join(',')];
  for (const e of events) {
    rows.push(
      [new Date(e.timestamp).toISOString(), e.level, e.kind, e.equipment_id, e.channel, e.message, e.seq]
        .map(csvField)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/** A file name for the export: `benchtop-events-2026-12-06T22-40-00Z.csv`. */
export function eventsCsvFileName(nowMs: number): string {
  return `benchtop-events-${new Date(nowMs)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}.csv`;
}
