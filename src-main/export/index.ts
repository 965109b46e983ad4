/**
 * Acquisition export: the public surface for the rest of the backend. ExportJobs runs the exports the
 * WebSocket layer asks for (export_acquisition / cancel_export, progress and results) and hands out the
 * single-use download links (DownloadTickets, served under DOWNLOAD_PATH_PREFIX). One folder per format
 * (csv/, npy/, hdf5/, json/); what they share is in common/. See docs/ARCHITECTURE.md, "Export", for
 * formats, layouts, provenance and path policy.
 */
export { DOWNLOAD_PATH_PREFIX } from './DownloadTickets.js';
export { estimateExportBytes, TYPICAL_VALUE_CHARS } from './estimate.js';
export { exportAcquisition } from './exportAcquisition.js';
export {
  type ExportJobCallbacks,
  type ExportJobEvent,
  ExportJobs,
  type ExportLimits,
  type ExportRequest,
} from './ExportJobs.js';
export {
  assertExportFormat,
  type CommitFileOps,
  defaultExportFileName,
  EXPORT_CONTENT_TYPES,
  EXPORT_ERROR_CODES,
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  EXPORT_TEMP_PREFIX,
  ExportError,
  type ExportErrorCode,
  type ExportFormat,
  type ExportOptions,
  type ExportPathOptions,
  type ExportProgress,
  type ExportRange,
  type ExportResult,
  type ExportSource,
  type FileIdentity,
  type InstrumentIdentity,
  isDiskFullError,
  isExportFormat,
  isExportTempName,
  MAX_EXPORT_PATH_LENGTH,
  MAX_JSON_NUMBERS,
  PROGRESS_INTERVAL_MS,
  PROVENANCE_VERSION,
  resolveExportPath,
  sanitizeFileLabel,
  sidecarPathFor,
} from './common/index.js';
export { HDF5_CHUNK_SAMPLES } from './hdf5/index.js';
export { exportView, VIEW_EXTENSIONS, type ViewExportResult, viewProvenance } from './view/index.js';
