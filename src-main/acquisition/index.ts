/**
 * Acquisition storage: the public surface for the rest of the backend. See docs/ARCHITECTURE.md,
 * "Acquisition storage", for the on-disk layout and the life cycle.
 */
export { ACQUISITION_ERROR_CODES, AcquisitionError, type AcquisitionErrorCode } from './AcquisitionError.js';
export { ACQUISITION_ID_PATTERN, assertAcquisitionId, isAcquisitionId } from './acquisitionId.js';
export {
  AcquisitionReader,
  DEFAULT_CHUNK_SAMPLES,
  MAX_CHUNK_SAMPLES,
  type ChannelSelection,
  type ReadOptions,
} from './storage/AcquisitionReader.js';
export { AcquisitionRecorder } from './storage/AcquisitionRecorder.js';
export { AcquisitionStore } from './storage/AcquisitionStore.js';
export {
  ACQUISITION_MODES,
  acquisitionConfigSchema,
  MAX_CHANNELS,
  MAX_SAMPLE_RATE_HZ,
  MIN_SAMPLE_RATE_HZ,
  targetSampleCount,
  validateAcquisitionConfig,
  type AcquisitionChannel,
  type AcquisitionConfig,
  type AcquisitionMode,
  type AcquisitionTrigger,
} from './config.js';
export {
  DEFAULT_DISK_MARGIN,
  type DiskMargin,
  type DiskSpace,
  type DiskSpaceProbe,
} from '../util/diskSpace.js';
export {
  ACQUISITION_STATES,
  FAULT_CODES,
  META_FORMAT_VERSION,
  type AcquisitionFault,
  type AcquisitionMeta,
  type AcquisitionState,
  type FaultCode,
  type JsonObject,
  type TimeSegment,
} from './storage/meta.js';
export type {
  FinishReason,
  RecorderEvent,
  RecorderPhase,
  RecorderResult,
  RecorderStats,
  RecorderTuning,
  SampleBlock,
} from './storage/recorderTypes.js';
export type { RecoveryReport } from './storage/recovery.js';
export { SAMPLE_FILE_HEADER_BYTES, SAMPLE_FILE_MAGIC, SAMPLE_FILE_VERSION } from './storage/sampleFile.js';
export {
  openFileSink,
  withWriteFault,
  type OpenSampleSink,
  type SampleSink,
  type WriteFaultOptions,
} from '../util/sampleSink.js';
export { canTransition, isActiveState, isFinalState } from './storage/stateMachine.js';
export type {
  AcquisitionStoreEvent,
  AcquisitionStoreOptions,
  CreateOptions,
  StartOptions,
} from './storage/storeTypes.js';
