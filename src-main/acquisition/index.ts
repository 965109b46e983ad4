/**
 * Acquisitions: the public surface for the rest of the backend. AcquisitionService runs captures (capture/)
 * into the store (storage/); config, ids and errors, which both use, sit at the top. See
 * docs/ARCHITECTURE.md, "Acquisition storage" and "Acquisitions end to end".
 */
export { ACQUISITION_ERROR_CODES, AcquisitionError, type AcquisitionErrorCode } from './AcquisitionError.js';
export { ACQUISITION_ID_PATTERN, assertAcquisitionId, isAcquisitionId } from './acquisitionId.js';
export {
  AcquisitionService,
  type AcquisitionServiceEvent,
  type CaptureRequest,
  type LiveCounts,
} from './AcquisitionService.js';
export type { CaptureProgress } from './capture/index.js';
export {
  ACQUISITION_MODES,
  type AcquisitionChannel,
  type AcquisitionConfig,
  acquisitionConfigSchema,
  type AcquisitionMode,
  type AcquisitionTrigger,
  MAX_CHANNELS,
  MAX_SAMPLE_RATE_HZ,
  MIN_SAMPLE_RATE_HZ,
  targetSampleCount,
  validateAcquisitionConfig,
} from './config.js';
export {
  ACQUISITION_STATES,
  type AcquisitionFault,
  type AcquisitionMeta,
  AcquisitionReader,
  AcquisitionRecorder,
  type AcquisitionState,
  AcquisitionStore,
  type AcquisitionStoreEvent,
  type AcquisitionStoreOptions,
  canTransition,
  type ChannelSelection,
  type CreateOptions,
  DEFAULT_CHUNK_SAMPLES,
  FAULT_CODES,
  type FaultCode,
  type FinishReason,
  isActiveState,
  isFinalState,
  type JsonObject,
  type JsonValue,
  MAX_CHUNK_SAMPLES,
  META_FORMAT_VERSION,
  type ReadOptions,
  type RecorderEvent,
  type RecorderPhase,
  type RecorderResult,
  type RecorderStats,
  type RecorderTuning,
  type RecoveryReport,
  SAMPLE_FILE_HEADER_BYTES,
  SAMPLE_FILE_MAGIC,
  SAMPLE_FILE_VERSION,
  type SampleBlock,
  type StartOptions,
  type TimeSegment,
} from './storage/index.js';
export {
  type CapturedRecord,
  type CaptureContext,
  type CaptureHost,
  type CaptureRefusal,
  type CaptureSource,
  columnValue,
  type NoRecord,
  type RecordCaptureSource,
  type RecordReader,
  type SampleGenerator,
  settingsSnapshot,
  type StreamCaptureSource,
  type SupplyColumn,
  supplyChannels,
  supplyColumns,
} from './capture/index.js';
export {
  DEFAULT_DISK_MARGIN,
  type DiskMargin,
  type DiskSpace,
  type DiskSpaceProbe,
  openFileSink,
  type OpenSampleSink,
  type SampleSink,
  withWriteFault,
  type WriteFaultOptions,
} from '../util/index.js';
