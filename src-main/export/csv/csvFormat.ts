/**
 * CSV text, RFC 4180: the metadata block (`# key: value` lines, see shared/format/csvMetadata.ts), a header row `time_s,<channel> (<unit>),...`, one row per sample, comma separators,
 * CRLF line ends, fields quoted only when they hold a comma, quote, CR or LF. Values are written by
 * formatNumber.ts (9 significant digits; NaN an empty field). Pure functions, no I/O.
 */
import {
  MAX_FIXED_CHARS,
  MAX_FLOAT32_CHARS,
  putFixed,
  putFloat32,
  SCRIBBLE_BYTES,
  type TimeTicks,
} from '../common/index.js';
import type { ExportPlan } from '../common/index.js';
import type { JsonObject, JsonValue } from '../../acquisition/index.js';
import { csvMetadataBlock, instrumentLine } from '../../../shared/format/csvMetadata.js';

const COMMA = 44;
const CR = 13;
const LF = 10;

/** The `# key: value` block before the header row (shared/format/csvMetadata.ts), as UTF-8. */
export function csvMetadata(plan: ExportPlan, provenance: JsonObject): Uint8Array {
  const text = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const instrument = provenance.instrument;
  const identity =
    typeof instrument === 'object' && instrument !== null && !Array.isArray(instrument) ? instrument : {};
  const block = csvMetadataBlock({
    title: plan.meta.name,
    source: `acquisition ${plan.meta.acquisition_id}`,
    instrument: instrumentLine(identity),
    columns: plan.channels,
    sampleRateHz: plan.meta.sample_rate_hz,
    t0Iso: text(provenance.t0_iso),
    startIso: text(provenance.start_iso),
    exportedIso: text(provenance.exported_iso) ?? '',
    appVersion: text(provenance.app_version) ?? '',
    provenance,
  });
  return new TextEncoder().encode(block);
}

/** A field as RFC 4180 wants it: quoted (inner quotes doubled) only when it has to be. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Header name of a channel column: "CH1 (V)", or just "CH1" for a dimensionless channel. */
export function csvColumnName(channel: { name: string; unit: string }): string {
  return channel.unit === '' ? channel.name : `${channel.name} (${channel.unit})`;
}

/** The header row, CRLF included, as UTF-8. */
export function csvHeader(channels: readonly { name: string; unit: string }[]): Uint8Array {
  const fields = ['time_s', ...channels.map(csvColumnName)].map(csvField);
  return new TextEncoder().encode(`${fields.join(',')}\r\n`);
}

/** Most bytes one row can take with `columnCount` channel columns (with the formatter's scribble slack). */
export function maxCsvRowBytes(columnCount: number): number {
  return MAX_FIXED_CHARS + columnCount * (1 + MAX_FLOAT32_CHARS) + 2 + SCRIBBLE_BYTES;
}

/** Where the rows come from: stored frames and how to pick columns out of them. */
export interface CsvRowSource {
  /** Frames as stored: `frameWidth` float32 values per sample, from sample `firstSample`. */
  frames: Float32Array;
  /** The same memory as `frames`, read as bit patterns. */
  bits: Int32Array;
  frameWidth: number;
  /** Capture index of the first frame. */
  firstSample: number;
  /** Frames to format. */
  count: number;
  /** Index within a frame of each column to write, in column order. */
  columns: readonly number[];
}

/**
 * Formats `source.count` rows into `bytes` from `p` (room for maxCsvRowBytes per row is the caller's
 * business) and returns the position after the last CRLF. `view` is a DataView on `bytes`.
 */
export function formatCsvRows(
  bytes: Uint8Array,
  view: DataView,
  p: number,
  source: CsvRowSource,
  ticks: TimeTicks,
): number {
  const { frames, bits, frameWidth, firstSample, count, columns } = source;
  const columnCount = columns.length;
  const decimals = ticks.decimals;
  let q = p;
  let segment = ticks.segmentAt(firstSample);
  for (let row = 0, base = 0; row < count; row++, base += frameWidth) {
    const n = firstSample + row;
    if (n >= segment.end) segment = ticks.segmentAt(n);
    q = putFixed(bytes, view, q, ticks.ticksOf(segment.index, n), decimals);
    for (let c = 0; c < columnCount; c++) {
      const at = base + columns[c]!;
      bytes[q++] = COMMA;
      q = putFloat32(bytes, view, q, frames, bits, at);
    }
    bytes[q] = CR;
    bytes[q + 1] = LF;
    q += 2;
  }
  return q;
}
