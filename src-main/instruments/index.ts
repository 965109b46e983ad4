/**
 * Instruments: the driver contract (InstrumentDriver), the registry of connected instruments, the driver
 * registry (drivers.ts) that builds them from bench entries, the InstrumentHost every driver runs in, the
 * fault decorator and the simulators. See docs/ARCHITECTURE.md, "The instrument host" and "Adding an
 * instrument".
 */
export type { ReconnectBackoff } from './host/backoff.js';
export { faultOptionsOf } from './faults/benchFaults.js';
export { DriverOptionError } from './driverRegistration.js';
export {
  discoverInstruments,
  InstrumentFinder,
  queryIdentityOverTcp,
  type QueryIdentity,
  type Browse,
} from './discovery/index.js';
export { describeDrivers, type DriverRegistry, DRIVERS } from './drivers.js';
export { FaultyDriver } from './faults/FaultyDriver.js';
export type {
  HostTiming,
  InstrumentHostOptions,
  RecordMeasurements,
  RecordMeasurer,
} from './host/hostTypes.js';
export {
  type DeepMemoryCapture,
  DriverError,
  type InstrumentDriver,
  type InstrumentEvent,
  isLinkFailure,
  type MemoryDownloadProgress,
  type ParameterValue,
  type SafeStateRequest,
  type ScopeRecord,
  type StreamSample,
} from './InstrumentDriver.js';
export { InstrumentHost } from './host/InstrumentHost.js';
export { DEFAULT_DRIVER_TIMEOUT_MS, InstrumentRegistry } from './InstrumentRegistry.js';
export { createNoiseTable, noiseSeed, type NoiseTable } from './sim/noise.js';
export { createRandom, type Random } from './sim/random.js';
export { demoPsuOptions } from './psu/registration.js';
export { demoScopeOptions } from './scope/registration.js';
export { VERTICAL_HALF_DIVISIONS } from './scope/scopeSettings.js';
export {
  type Coupling,
  COUPLINGS,
  SIGNAL_SHAPES,
  type SignalShape,
  type SignalSpec,
  synthesize,
} from './scope/synthesize.js';
// The simulators' physics and the real models' documented ranges, which the emulators (emulators/) share:
// an emulated DP832 regulates like the simulated supply, and answers within an E36313A's own limits.
export {
  initialChannelState,
  isCurrentLimited,
  outputCurrentA,
  type PsuChannelLimits,
  type PsuChannelState,
  stepChannel,
} from './psu/psuModel.js';
export {
  E36300_STEP,
  type E36300Model,
  type E36300Output,
  findE36300Model,
  voltageRange,
} from './keysight-e36300/e36300Models.js';
export {
  findSpd3303xModel,
  SPD3303X_TRACKING_MODES,
  type Spd3303xModel,
  type Spd3303xTrackingMode,
} from './siglent-spd3303x/spd3303xModels.js';
// The scopes' documented ranges and the simulator's acquisition, shared by the scope emulators.
export {
  DS1000Z_CODES_PER_DIV,
  DS1000Z_HORIZONTAL_DIVISIONS,
  DS1000Z_MAX_BYTE_WINDOW,
  DS1000Z_MODELS,
  DS1000Z_SCREEN_POINTS,
  DS1000Z_TIMEBASES_S,
  DS1000Z_VOLTS_PER_DIV,
  DS1000Z_Y_REFERENCE,
  ds1000zMemoryDepths,
  type Ds1000zModel,
  findDs1000zModel,
  nearestStep,
} from './rigol-ds1000z/ds1000zModels.js';
export { acquireRecord, HORIZONTAL_DIVISIONS, type TriggerMode } from './scope/acquire.js';
export { holdRecordSamples } from './scope/RecordBuffers.js';
export {
  findInfiniiVisionModel,
  INFINIIVISION_BYTE_CODES,
  INFINIIVISION_BYTE_REFERENCE,
  INFINIIVISION_HORIZONTAL_DIVISIONS,
  INFINIIVISION_MAX_TIMEBASE_S,
  INFINIIVISION_MODELS,
  INFINIIVISION_POINTS,
  INFINIIVISION_RAW_POINTS,
  infiniivisionRawPoints,
  INFINIIVISION_SCREEN_POINTS,
  INFINIIVISION_WORD_CODES,
  INFINIIVISION_WORD_REFERENCE,
  type InfiniiVisionModel,
} from './keysight-infiniivision/infiniivisionModels.js';
export { type TriggerSlope } from './scope/trigger.js';
export { defaultScopeSettings } from './scope/scopeSettings.js';
