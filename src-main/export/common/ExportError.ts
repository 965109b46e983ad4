/**
 * Why an export was refused or failed. The codes are stable so the WebSocket layer can map them onto
 * `export_failed` / `error` replies (table in docs/ARCHITECTURE.md, "Export").
 */
import { AcquisitionError } from '../../acquisition/index.js';
import { CodedError } from '../../util/index.js';

export const EXPORT_ERROR_CODES = [
  /** No acquisition with that id (or a malformed id). */
  'not_found',
  /** The format is not one of EXPORT_FORMATS. */
  'invalid_format',
  /** The time range or a channel name does not fit the acquisition. */
  'out_of_range',
  /** The selection is too big for the format (JSON only: see MAX_JSON_NUMBERS). */
  'too_large',
  /** The AbortSignal fired; nothing was left behind. */
  'cancelled',
  /** The disk (or quota) filled up, or is too small for the export to start. */
  'disk_full',
  /** The target path is outside the allowed folders, or names something that is not a plain file. */
  'invalid_path',
  /** A file exists at the target (or appeared there while the export was written); `overwrite` was not set. */
  'exists',
  /** Any other file-system or library failure (read, write, rename, HDF5). */
  'io_error',
  /** The server already runs as many exports as it allows (export/ExportJobs.ts); nothing was started. */
  'limit_exceeded',
] as const;

export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

/** A refused or failed export, with a message precise enough for a person to act on. */
export class ExportError extends CodedError<ExportErrorCode> {
  override name = 'ExportError';
}

const DISK_FULL_ERRNOS = new Set(['ENOSPC', 'EDQUOT']);

/** True for the errno codes of a full disk or an exhausted quota. */
export function isDiskFullError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && DISK_FULL_ERRNOS.has(code);
}

/**
 * Any error from the export path as an ExportError: ExportErrors pass through, the acquisition layer's
 * codes are translated, errno codes of a full disk become `disk_full`, the rest `io_error`. `context`
 * says what was being done, e.g. "writing run1.csv".
 */
export function toExportError(err: unknown, context: string): ExportError {
  if (err instanceof ExportError) return err;
  if (err instanceof AcquisitionError) {
    switch (err.code) {
      case 'invalid_id':
      case 'not_found':
        return new ExportError('not_found', err.message);
      case 'out_of_range':
      case 'invalid_config':
        return new ExportError('out_of_range', err.message);
      default:
        return new ExportError('io_error', `${context}: ${err.message}`);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  if (isDiskFullError(err)) return new ExportError('disk_full', `disk full while ${context}: ${message}`);
  return new ExportError('io_error', `${context}: ${message}`);
}
