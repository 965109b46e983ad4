/**
 * Small helpers any room may use: clock, logger, emitter, coded errors, atomic file writes, disk space, file
 * sinks, the HTTP security headers and units worded for messages. util/ imports no other room.
 */
export { fsyncDirectory, isTempFileName, readTextIfPresent, writeFileAtomic } from './atomicFile.js';
export { type Clock, systemClock, systemTimers, type TimerHandle, type Timers } from './clock.js';
export { CodedError } from './CodedError.js';
export {
  DEFAULT_DISK_MARGIN,
  type DiskMargin,
  type DiskSpace,
  type DiskSpaceProbe,
  lowDiskMessage,
  requiredFreeBytes,
  statfsProbe,
} from './diskSpace.js';
export { Emitter } from './Emitter.js';
export { DEFAULT_LISTEN_RETRY_MS, type ListenRetry, listenRetrying } from './listenRetrying.js';
export { createLogger, type Logger, type LogLevel, silentLogger } from './log.js';
export { LogThrottle } from './LogThrottle.js';
export { formatBytes, formatBytesPerS, formatMs } from './messageUnits.js';
export { RateMeter } from './RateMeter.js';
export {
  openFileSink,
  type OpenSampleSink,
  type SampleSink,
  withWriteFault,
  type WriteFaultOptions,
} from './sampleSink.js';
export { CONTENT_SECURITY_POLICY, securityHeaders } from './securityHeaders.js';
export { writeFully } from './writeFully.js';
export { describeZodIssue, jsonPath } from './zodIssue.js';
