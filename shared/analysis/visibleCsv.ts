/**
 * A view's data ("export what you see", issue 20) as CSV text: RFC 4180, CRLF line ends, a header row
 * `time_s` (or `frequency_hz`) then `<name> (<unit>)` per series — the CSV export's header — one row per
 * point. "Copy values" puts exactly the header row and rows on the clipboard; the exported file puts the
 * metadata block (csvMetadata.ts) before them. A header field starting with = + - @ gets a leading ' so a
 * spreadsheet shows it as text instead of running it as a formula (as the events CSV does); numbers are
 * written as JavaScript's shortest round-trip text, NaN as an empty field, infinities as inf / -inf.
 */
import type { VisibleData } from './visibleData.js';

/** Most rows "Copy values" puts on the clipboard; above it the view is exported as a file instead. */
export const MAX_COPY_ROWS = 100_000;

/** A text field: formula guard, then quoted (inner quotes doubled) when it holds a comma, quote or line break. */
export function csvTextField(text: string): string {
  const guarded = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** A number field: shortest round-trip text; NaN empty (as the CSV export writes it). */
export function csvNumberField(value: number): string {
  if (Number.isNaN(value)) return '';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

/** The x column's header: `time_s` or `frequency_hz`. */
export function xColumnName(data: Pick<VisibleData, 'x_name'>): string {
  return data.x_name === 'time' ? 'time_s' : 'frequency_hz';
}

/** `CH1 (V)`, or the bare name for a dimensionless series, as the CSV export names a column. */
export function seriesColumnName(series: { name: string; unit: string }): string {
  return series.unit === '' ? series.name : `${series.name} (${series.unit})`;
}

/** Rows in the view: the x axis's length (every series has as many values). */
export function visibleRowCount(data: Pick<VisibleData, 'x'>): number {
  return data.x.length;
}

/** The header row and one row per point, CRLF-terminated. */
export function visibleDataCsvTable(data: VisibleData): string {
  const header = [xColumnName(data), ...data.series.map(seriesColumnName)].map(csvTextField).join(',');
  const lines = new Array<string>(data.x.length + 1);
  lines[0] = header;
  const columns = data.series.map((s) => s.values);
  for (let i = 0; i < data.x.length; i++) {
    let line = csvNumberField(data.x[i]!);
    for (const values of columns) line += `,${csvNumberField(values[i] ?? NaN)}`;
    lines[i + 1] = line;
  }
  return `${lines.join('\r\n')}\r\n`;
}
