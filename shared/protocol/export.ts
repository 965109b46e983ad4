/**
 * Export messages: write a capture (or a part of it) to CSV, NumPy, HDF5 or JSON, streamed from disk,
 * with progress, a checksum, and cancellation. docs/PROTOCOL.md ("Export") is the prose authority.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();

export const EXPORT_FORMATS = ['csv', 'npy', 'npz', 'hdf5', 'json'] as const;

/** How long an `export_done.download_url` works from when it is issued (once), ms. */
export const DOWNLOAD_LINK_TTL_MS = 10 * 60_000;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Starts an export; answered by `export_started`, then `export_progress`… and `export_done` or `export_failed`. */
export const exportAcquisitionSchema = z.strictObject({
  type: z.literal('export_acquisition'),
  request_id: requestId,
  acquisition_id: z.string().min(1).max(64),
  format: z.enum(EXPORT_FORMATS),
  /** Channel names to include, in this order; default all. */
  channels: z.array(z.string().min(1).max(64)).min(1).max(8).optional(),
  /** Range in seconds from the first sample; default the whole capture. */
  start_s: z.number().min(0).optional(),
  end_s: z.number().positive().optional(),
  /**
   * Desktop only: an absolute path the user chose in the save dialog (main registers it with the backend).
   * Any other path is refused; without one the file goes to the data directory's exports folder.
   */
  path: z.string().min(1).max(4096).optional(),
});

/** Asks what an export would write, before writing anything; answered by `export_estimate` or `error`. */
export const estimateExportSchema = exportAcquisitionSchema
  .omit({ path: true })
  .extend({ type: z.literal('estimate_export') });

export const cancelExportSchema = z.strictObject({
  type: z.literal('cancel_export'),
  request_id: requestId,
  export_id: z.string().min(1).max(64),
});

export const exportCommandSchemas = {
  export_acquisition: exportAcquisitionSchema,
  estimate_export: estimateExportSchema,
  cancel_export: cancelExportSchema,
} as const;

export type ExportAcquisitionMessage = z.infer<typeof exportAcquisitionSchema>;
export type EstimateExportMessage = z.infer<typeof estimateExportSchema>;
export type CancelExportMessage = z.infer<typeof cancelExportSchema>;
export type ExportCommandMessage = ExportAcquisitionMessage | EstimateExportMessage | CancelExportMessage;

interface Reply {
  request_id?: string | number;
}

export interface ExportEstimateMessage extends Reply {
  type: 'export_estimate';
  acquisition_id: string;
  format: ExportFormat;
  /** Expected size of the export file, bytes (exact for npy/npz, close for hdf5, typical for csv/json). */
  estimated_bytes: number;
}

/** Acknowledges `cancel_export`; the export then ends with `export_failed` code `cancelled`. */
export interface ExportCancelledMessage extends Reply {
  type: 'export_cancelling';
  export_id: string;
}

export interface ExportStartedMessage extends Reply {
  type: 'export_started';
  export_id: string;
  acquisition_id: string;
  format: ExportFormat;
  /** Size estimate before writing, bytes. */
  estimated_bytes: number;
}

/** At least every 250 ms while writing. */
export interface ExportProgressMessage {
  type: 'export_progress';
  export_id: string;
  bytes_written: number;
  /** 0…1 of the samples written. */
  fraction: number;
}

export interface ExportDoneMessage {
  type: 'export_done';
  export_id: string;
  /** Where the file is (absolute path on the backend's machine). */
  path: string;
  bytes: number;
  /** Hex SHA-256 of the file as written. */
  sha256: string;
  /**
   * Browser mode: a single-use link that streams the file (no token in it; expires after
   * DOWNLOAD_LINK_TTL_MS). Used again: 410 Gone; expired: 410 Gone; never issued: 404.
   */
  download_url?: string;
  /** Files written beside the main one (e.g. the metadata sidecar of CSV and NPY). */
  sidecars?: string[];
}

export interface ExportFailedMessage {
  type: 'export_failed';
  export_id: string;
  code: string;
  message: string;
}

export type ExportServerMessage =
  | ExportEstimateMessage
  | ExportCancelledMessage
  | ExportStartedMessage
  | ExportProgressMessage
  | ExportDoneMessage
  | ExportFailedMessage;

/** File extension per format. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  npy: 'npy',
  npz: 'npz',
  hdf5: 'h5',
  json: 'json',
};
