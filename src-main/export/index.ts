/**
 * Acquisition export: the public surface for the rest of the backend (the WebSocket layer wires
 * export_acquisition / export_progress / export_done / export_failed / cancel_export and the HTTP download
 * on top of it). See docs/ARCHITECTURE.md, "Export", for formats, layouts, provenance and path policy.
 */
export { exportAcquisition } from './exportAcquisition.js';
export { estimateExportBytes, TYPICAL_VALUE_CHARS } from './estimate.js';
export {
  EXPORT_ERROR_CODES,
  ExportError,
  isDiskFullError,
  type ExportErrorCode,
} from './common/ExportError.js';
export type { CommitFileOps, FileIdentity } from './common/exportFiles.js';
export {
  defaultExportFileName,
  EXPORT_TEMP_PREFIX,
  isExportTempName,
  MAX_EXPORT_PATH_LENGTH,
  resolveExportPath,
  sanitizeFileLabel,
  sidecarPathFor,
  type ExportPathOptions,
} from './common/exportPath.js';
export { assertExportFormat, MAX_JSON_NUMBERS } from './common/exportPlan.js';
export {
  EXPORT_CONTENT_TYPES,
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  isExportFormat,
  type ExportFormat,
  type ExportOptions,
  type ExportProgress,
  type ExportRange,
  type ExportResult,
  type ExportSource,
  type InstrumentIdentity,
} from './common/exportTypes.js';
export { HDF5_CHUNK_SAMPLES } from './hdf5/hdf5Writer.js';
export { PROGRESS_INTERVAL_MS } from './common/ProgressReporter.js';
export { PROVENANCE_VERSION } from './common/provenance.js';
