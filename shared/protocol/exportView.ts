/**
 * "Export what you see" (issue 20): a view's data (shared/analysis/visibleData.ts) written by the backend
 * with its own provenance, in CSV, NPY (one .zip: an array per column plus metadata.json), HDF5 or JSON,
 * and offered as a download link (browser) or a file in the exports folder (desktop).
 *
 * The data lives in the page, and an inbound message is at most MAX_INBOUND_TEXT_BYTES (64 KiB), so it is
 * uploaded in parts: `export_view` describes the view and is answered by `export_view_ready` with an
 * upload id; then each column (0 = x, 1… = series) goes up in order in `export_view_part` messages of at
 * most VIEW_PART_VALUES float64 values (base64, little-endian), each acknowledged by
 * `export_view_part_ok`; the part that completes the last column is answered by `export_view_done` (or an
 * `error`). docs/PROTOCOL.md ("Export what you see") is the prose authority.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();

export const VIEW_EXPORT_FORMATS = ['csv', 'npy', 'hdf5', 'json'] as const;
export type ViewExportFormat = (typeof VIEW_EXPORT_FORMATS)[number];

/**
 * Most values (x and every series together) one view export may hold: 4 Mi float64 values are 32 MiB on
 * the backend while it writes, and about 730 parts on the socket.
 */
export const MAX_VIEW_EXPORT_VALUES = 4 * 1024 * 1024;
/** Most series in one view export. */
export const MAX_VIEW_EXPORT_SERIES = 32;
/** Values in one part: 32 KiB of float64, 43 692 characters of base64 — well inside a 64 KiB message. */
export const VIEW_PART_VALUES = 4096;
/** Characters of base64 that VIEW_PART_VALUES float64 values take. */
const MAX_PART_BASE64_CHARS = Math.ceil((VIEW_PART_VALUES * 8) / 3) * 4;

export const exportViewSchema = z.strictObject({
  type: z.literal('export_view'),
  request_id: requestId,
  format: z.enum(VIEW_EXPORT_FORMATS),
  title: z.string().min(1).max(120),
  x_name: z.enum(['time', 'frequency']),
  x_unit: z.enum(['s', 'Hz']),
  t0_ms: z.number().finite().optional(),
  sample_rate_hz: z.number().positive().finite().optional(),
  /** Points per column. */
  row_count: z.number().int().min(1).max(MAX_VIEW_EXPORT_VALUES),
  series: z
    .array(z.strictObject({ name: z.string().min(1).max(64), unit: z.string().max(16) }))
    .min(1)
    .max(MAX_VIEW_EXPORT_SERIES),
  /** The view's own account of where it came from (bench, equipment id, settings…); kept under `view`. */
  provenance: z.record(z.string().max(64), z.unknown()),
});

export const exportViewPartSchema = z.strictObject({
  type: z.literal('export_view_part'),
  request_id: requestId,
  upload_id: z.string().min(1).max(64),
  /** 0 = x, 1… = the series in the order given. */
  column: z.number().int().min(0).max(MAX_VIEW_EXPORT_SERIES),
  /** Index of the part's first value in its column; parts of a column arrive in order. */
  offset: z.number().int().min(0),
  /** Little-endian float64 values, base64. */
  values: z.string().min(1).max(MAX_PART_BASE64_CHARS),
});

export const exportViewCommandSchemas = {
  export_view: exportViewSchema,
  export_view_part: exportViewPartSchema,
} as const;

export type ExportViewMessage = z.infer<typeof exportViewSchema>;
export type ExportViewPartMessage = z.infer<typeof exportViewPartSchema>;
export type ExportViewCommandMessage = ExportViewMessage | ExportViewPartMessage;

interface Reply {
  request_id?: string | number;
}

export interface ExportViewReadyMessage extends Reply {
  type: 'export_view_ready';
  upload_id: string;
  /** Most values per part. */
  part_values: number;
}

export interface ExportViewPartOkMessage extends Reply {
  type: 'export_view_part_ok';
  upload_id: string;
  /** Values received so far, all columns together. */
  received_values: number;
}

export interface ExportViewDoneMessage extends Reply {
  type: 'export_view_done';
  upload_id: string;
  format: ViewExportFormat;
  /** Where the file is (absolute path on the backend's machine). */
  path: string;
  bytes: number;
  /** Hex SHA-256 of the file. */
  sha256: string;
  rows: number;
  /** Browser mode: a single-use link, as `export_done.download_url`. */
  download_url?: string;
}

export type ExportViewServerMessage =
  ExportViewReadyMessage | ExportViewPartOkMessage | ExportViewDoneMessage;

/** Little-endian float64 values as base64 (shared by the page, which sends, and tests). */
export function float64ToBase64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The inverse of float64ToBase64; undefined when the text is not whole float64 values in base64. */
export function base64ToFloat64(text: string): Float64Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  if (binary.length === 0 || binary.length % 8 !== 0) return undefined;
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const values = new Float64Array(binary.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
