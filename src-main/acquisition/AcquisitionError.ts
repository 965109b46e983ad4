/**
 * Why an acquisition operation was refused or failed. The codes are stable so the WebSocket layer can map
 * them onto protocol error codes (table in docs/ARCHITECTURE.md, "Acquisition storage").
 */
import { CodedError } from '../util/index.js';
export const ACQUISITION_ERROR_CODES = [
  /** The id is not of the form `acq_` + 12 lowercase hex digits (never touches the file system). */
  'invalid_id',
  /** No acquisition with that id, or no channel with that name in it. */
  'not_found',
  /** The configuration or an argument is malformed or out of its allowed range. */
  'invalid_config',
  /** A sample range outside what the capture holds. */
  'out_of_range',
  /** The acquisition is capturing (armed, running or paused) and the operation needs it idle or finished. */
  'busy',
  /** The operation is not allowed from the acquisition's current state. */
  'invalid_state',
  /** Free disk space is below the configured margin. */
  'low_disk',
  /** The file system refused an operation. */
  'io_error',
  /** A stored file is unreadable or disagrees with its metadata. */
  'corrupt',
  /** The data folder holds as many acquisitions as it may (AcquisitionStoreOptions.maxAcquisitions). */
  'limit_exceeded',
] as const;

export type AcquisitionErrorCode = (typeof ACQUISITION_ERROR_CODES)[number];

/** A refused or failed acquisition operation, with a message precise enough for a person to act on. */
export class AcquisitionError extends CodedError<AcquisitionErrorCode> {
  override name = 'AcquisitionError';
}
