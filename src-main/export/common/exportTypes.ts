/** The export engine's public types, apart from its functions so callers can import them cheaply. */
import type { AcquisitionReader, AcquisitionStore } from '../../acquisition/index.js';
import type { DiskSpaceProbe, Logger, WriteFaultOptions } from '../../util/index.js';
import type { CommitFileOps, FileIdentity } from './exportFiles.js';

/**
 * - `csv`: RFC 4180 text, `time_s` then one column per channel; provenance in `<file>.meta.json`.
 * - `npy`: one float32 array, samples × channels, C order; provenance in `<file>.meta.json`.
 * - `npz`: uncompressed zip of `time_s.npy` (float64) and one float32 `.npy` per channel; sidecar as npy.
 * - `hdf5`: one chunked float32 dataset per channel under `/channels`; provenance as attributes.
 * - `json`: one document with provenance, `time_s` and the values inline; small selections only.
 */
export const EXPORT_FORMATS = ['csv', 'npy', 'npz', 'hdf5', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** File name extension of each format (without the dot). */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  npy: 'npy',
  npz: 'npz',
  hdf5: 'h5',
  json: 'json',
};

/** Media type of each format, for an HTTP download. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  npy: 'application/octet-stream',
  npz: 'application/zip',
  hdf5: 'application/x-hdf5',
  json: 'application/json',
};

/**
 * Where the samples come from. With a store, the export opens (and closes) its own reader and an unknown
 * id is `not_found`. With a reader, the caller keeps ownership: it is read, never closed.
 */
export type ExportSource = { store: AcquisitionStore; acquisitionId: string } | { reader: AcquisitionReader };

/**
 * Who made the samples, for the provenance block. meta.json records only `equipment_id` and the settings
 * snapshot, so the caller (which has the instrument registry) passes the identity it knows.
 */
export interface InstrumentIdentity {
  vendor?: string;
  model?: string;
  serial?: string;
  firmware?: string;
}

/** A time window in seconds on the acquisition's own axis (time_s: seconds since sample 0). */
export interface ExportRange {
  /** First instant to include, s (≥ 0). Default 0. */
  startS?: number;
  /** Instant to stop before (half-open), s. Past the end of the capture means "to the end". Default: end. */
  endS?: number;
}

export interface ExportProgress {
  /** Bytes of the export file written so far. */
  bytesWritten: number;
  /** Share of the work done, 0..1 (1 only once the file is complete under its final name). */
  fraction: number;
}

export interface ExportOptions extends ExportRange {
  source: ExportSource;
  /** Checked at run time as well (`invalid_format`), since it usually arrives in a socket message. */
  format: ExportFormat;
  /** Channel names in the order wanted. Default: all, in the acquisition's order. */
  channels?: readonly string[];
  /**
   * Final path of the export file. Must already be vetted: by a save dialog, or by resolveExportPath for
   * a path named over the socket. The folder must exist.
   */
  targetPath: string;
  /** Cancels the export; the promise then rejects with `cancelled` and nothing is left behind. */
  signal?: AbortSignal;
  /** Called at least every 250 ms while the export runs, and once with fraction 1 at the end. */
  onProgress?: (progress: ExportProgress) => void;
  /** Time between progress reports, ms, 1..250. Default PROGRESS_INTERVAL_MS (200). */
  progressIntervalMs?: number;
  /** Replace an existing file at targetPath (a save dialog has asked). Default false: `exists`. */
  overwrite?: boolean;
  /** fdatasync the files before they get their final names, so a power cut cannot leave a torn export. Default true. */
  sync?: boolean;
  /** Identity of the instrument for the provenance block. */
  instrument?: InstrumentIdentity;
  /**
   * NPY only: write one archive instead of the .npy and its sidecar — the NPZ layout (time_s.npy, one
   * .npy per channel, metadata.json) — for a browser download, which carries one file: a lone .npy would
   * lose the time axis and the provenance. The target should end in `.zip`. Default false.
   */
  npyArchive?: boolean;
  log?: Logger;
  /** Free space of the target's volume, checked against the smallest possible export. Default: statfs. */
  diskSpace?: DiskSpaceProbe;
  /** Test seam: fail writes as a full disk does once the file reaches `failAfterBytes`. */
  writeFault?: WriteFaultOptions;
  /** Test seam: the commit's `link`, e.g. one that fails as on a file system without hard links. */
  commitOps?: CommitFileOps;
}

export interface ExportResult {
  /** The export file (targetPath as given). */
  path: string;
  /** Its size, bytes. */
  bytes: number;
  /** SHA-256 of its content, lowercase hex. */
  sha256: string;
  /** Device, inode and size of the file as written, so a later reader can tell it is still that file. */
  identity: FileIdentity;
  /** The provenance sidecar (`<path>.meta.json`) for csv, npy and npz. */
  sidecarPath?: string;
  format: ExportFormat;
  /** Samples (rows) exported. */
  sampleCount: number;
  /** Channel names exported, in column order. */
  channels: string[];
}
