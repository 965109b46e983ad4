/**
 * Capture: feeding an acquisition from its instruments. CaptureRun runs one capture (trigger, pump,
 * recorder), CaptureOutages rides out an instrument's outage, and sources/ holds a capture source per kind
 * of instrument. See docs/ARCHITECTURE.md, "Acquisitions end to end".
 */
export { type CaptureNotice, type CaptureProgress, CaptureRun } from './CaptureRun.js';
export { DeepMemorySource } from './sources/DeepMemorySource.js';
export { captureSourceFor } from './sources/captureSourceFor.js';
export { settingsSnapshot } from './sources/settingsSnapshot.js';
export { columnValue, type SupplyColumn, supplyChannels, supplyColumns } from './sources/supplyChannels.js';
export type {
  CapturedRecord,
  CaptureContext,
  CaptureHost,
  CaptureRefusal,
  CaptureSource,
  DeepCaptureProgress,
  NoRecord,
  RecordCaptureSource,
  RecordReader,
  SampleGenerator,
  StreamCaptureSource,
} from './sources/types.js';
