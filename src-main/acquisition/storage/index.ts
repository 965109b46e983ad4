/**
 * Acquisition storage: folders, meta.json, samples.f32, the recorder that writes them without ever making
 * a producer wait, the reader, and recovery after a crash. See docs/ARCHITECTURE.md, "Acquisition storage".
 */
export {
  AcquisitionReader,
  type ChannelSelection,
  DEFAULT_CHUNK_SAMPLES,
  MAX_CHUNK_SAMPLES,
  type ReadOptions,
} from './AcquisitionReader.js';
export { AcquisitionRecorder } from './AcquisitionRecorder.js';
export { AcquisitionStore } from './AcquisitionStore.js';
export {
  ACQUISITION_STATES,
  type AcquisitionFault,
  type AcquisitionMeta,
  type AcquisitionState,
  FAULT_CODES,
  type FaultCode,
  type JsonObject,
  type JsonValue,
  META_FORMAT_VERSION,
  type TimeSegment,
} from './meta.js';
export type {
  FinishReason,
  RecorderEvent,
  RecorderPhase,
  RecorderResult,
  RecorderStats,
  RecorderTuning,
  SampleBlock,
} from './recorderTypes.js';
export type { RecoveryReport } from './recovery.js';
export { SAMPLE_FILE_HEADER_BYTES, SAMPLE_FILE_MAGIC, SAMPLE_FILE_VERSION } from './sampleFile.js';
export { assertTransition, canTransition, isActiveState, isFinalState } from './stateMachine.js';
export type {
  AcquisitionStoreEvent,
  AcquisitionStoreOptions,
  CreateOptions,
  StartOptions,
} from './storeTypes.js';
