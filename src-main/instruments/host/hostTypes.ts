/** The instrument host's options and timing, its state-change report and the options of one call. */
import type { InstrumentInfo, InstrumentState } from '../../../shared/protocol/index.js';
import type { Clock, Logger } from '../../util/index.js';
import type { ScopeRecord } from '../InstrumentDriver.js';
import type { ReconnectBackoff } from './backoff.js';

/** Longest a driver call may take before it is aborted, ms (the default; callers may give their own). */
export const DEFAULT_DRIVER_TIMEOUT_MS = 2_000;

export interface HostTiming {
  /** Default timeout of a call, ms. */
  callTimeoutMs: number;
  /** Timeout of each step of opening the link (connect, identify) and of close, ms. */
  openTimeoutMs: number;
  /** How long an aborted call has to settle before the link is judged wedged and reconnected, ms. */
  abortGraceMs: number;
  /** Timeouts in a row (with nothing answered between) after which the link is judged lost. */
  timeoutsBeforeOffline: number;
}

export const DEFAULT_HOST_TIMING: Readonly<HostTiming> = {
  callTimeoutMs: DEFAULT_DRIVER_TIMEOUT_MS,
  openTimeoutMs: 5_000,
  abortGraceMs: 1_000,
  timeoutsBeforeOffline: 3,
};

/** Options of one call through the host. */
export interface CallOptions<T> {
  /** Overrides the host's call timeout, ms. */
  timeoutMs?: number;
  /** Receives the value of a call that completed after its timeout (see CommandQueue). */
  onLate?(value: T): void;
}

/** A change of an instrument's link state, with its catalog entry as it now stands. */
export interface HostStateChange {
  equipmentId: string;
  state: InstrumentState;
  previousState: InstrumentState;
  /** Why (absent when it came online). */
  reason: string | undefined;
  /** When it comes back online: how long it was unreachable, ms. */
  offlineMs: number | undefined;
  timestampMs: number;
  info: InstrumentInfo;
}

export interface InstrumentHostOptions {
  log: Logger;
  /** Timestamps of state changes; default the system clock. */
  clock?: Clock;
  timing?: Partial<HostTiming>;
  backoff?: Partial<ReconnectBackoff>;
  /** What people call it; default the id. */
  label?: string;
  /** The bench driver name it was built from, for the catalog. */
  driverName?: string;
  /**
   * Measures an oscilloscope's records off the event loop (the backend's compute pool). Without it a
   * scope's measurements are its driver's own, computed on the event loop.
   */
  measurer?: RecordMeasurer;
}

/** A record's measurements by channel name (CH1…, M1…), then wire field name (vpp, frequency …). */
export type RecordMeasurements = Record<string, Record<string, number>>;

/** Measures scope records somewhere other than the caller's turn (src-main/compute: PoolMeasurer). */
export interface RecordMeasurer {
  /**
   * The measurements of `record` (taken at `timestampMs`) — or, when a newer record of the same
   * instrument replaced it while it waited, that record's, with its timestamp. Undefined when measuring
   * failed (the measurer logs why); the next record is measured as usual.
   */
  measure(
    equipmentId: string,
    record: ScopeRecord,
    timestampMs: number,
  ): Promise<{ timestampMs: number; values: RecordMeasurements } | undefined>;
}
