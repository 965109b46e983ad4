/**
 * What every export format shares: the plan (what to write), paths and their policy, provenance, the time
 * axis, the file being written (ExportFile, hashed by Sha256Worker), progress, errors and types.
 */
export { deinterleave } from './deinterleave.js';
export {
  EXPORT_ERROR_CODES,
  ExportError,
  type ExportErrorCode,
  isDiskFullError,
  toExportError,
} from './ExportError.js';
export { ExportFile, openExportSink } from './ExportFile.js';
export {
  assertFree,
  commitExport,
  type CommitFileOps,
  type FileIdentity,
  removeQuietly,
  writeJsonFile,
} from './exportFiles.js';
export {
  defaultExportFileName,
  EXPORT_TEMP_PREFIX,
  type ExportPathOptions,
  isExportTempName,
  isInside,
  MAX_EXPORT_PATH_LENGTH,
  reservedNameMessage,
  resolveExportPath,
  sanitizeFileLabel,
  sidecarPathFor,
  tempPathFor,
} from './exportPath.js';
export { assertExportFormat, type ExportPlan, MAX_JSON_NUMBERS, planExport } from './exportPlan.js';
export {
  EXPORT_CONTENT_TYPES,
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportProgress,
  type ExportRange,
  type ExportResult,
  type ExportSource,
  type InstrumentIdentity,
  isExportFormat,
} from './exportTypes.js';
export {
  MAX_FIXED_CHARS,
  MAX_FLOAT32_CHARS,
  putFixed,
  putFloat32,
  SCRIBBLE_BYTES,
  TextBuffer,
} from './formatNumber.js';
export { chunkSamplesFor, frameChunks } from './frameChunks.js';
export { PROGRESS_INTERVAL_MS, ProgressReporter } from './ProgressReporter.js';
export { buildProvenance, PROVENANCE_VERSION } from './provenance.js';
export { fillTimes, timeOfSample, TimeTicks } from './timeAxis.js';
export { FRAME_CHUNK_BYTES, type StreamWriterContext, type WriterContext } from './writerTypes.js';
