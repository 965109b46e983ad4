/**
 * The seam between Benchtop and an instrument. The simulators implement it; a real instrument (SCPI over
 * TCP, say) implements the same interface and nothing else in the backend changes. Every call is async
 * because a real instrument answers over a link; the registry wraps calls with timeouts.
 */
import type { InstrumentInfo, PsuChannelReading, StreamType } from '../../shared/protocol/index.js';

export type ParameterValue = number | boolean | string;

/** Current settings: instrument-wide ones under `global`, per-channel ones under `channels[n]`. */
export interface ParameterSnapshot {
  global: Record<string, ParameterValue>;
  channels: Record<number, Record<string, ParameterValue>>;
}

export interface Identity {
  vendor: string;
  model: string;
  serial: string;
  firmware: string;
}

/** One oscilloscope record: every enabled channel sampled over the same time base. */
export interface ScopeRecord {
  /** Sample rate, Hz (dt = 1 / sampleRateHz). */
  sampleRateHz: number;
  /** Time of the first sample relative to the trigger point, s (negative: pre-trigger). */
  x0S: number;
  /** False when the record was taken without a trigger event (auto mode timed out). */
  triggered: boolean;
  /**
   * Enabled channels in ascending order, each with one value per sample, V. Drivers may reuse the arrays
   * for later records (the simulator does, after two more): use a record when it is delivered, and copy
   * what must be kept.
   */
  channels: { channel: number; samples: Float32Array }[];
}

/**
 * Why a read produced nothing: an oscilloscope in normal or single mode saw no trigger, the acquisition is
 * stopped with nothing captured, or (fault injection) the reading was lost on the way.
 */
export type NoSampleReason = 'waiting_for_trigger' | 'stopped' | 'dropped';

/**
 * What one read of a stream produces. For a record, `timestampMs` is the wall time of its first sample.
 * `none` is a read that legitimately yielded no data; the stream carries on and nothing is sent.
 */
export type StreamSample =
  | { kind: 'readings'; timestampMs: number; readings: PsuChannelReading[] }
  | { kind: 'record'; timestampMs: number; record: ScopeRecord }
  | { kind: 'measurements'; timestampMs: number; values: Record<string, Record<string, number>> }
  | { kind: 'none'; timestampMs: number; reason: NoSampleReason };

/**
 * Hints for one read, from a producer. A driver that acquires in bulk (an oscilloscope) may answer with its
 * latest acquisition instead of taking a new one, so several streams share one acquisition; drivers that
 * cannot share ignore the hints.
 */
export interface ReadOptions {
  /** The latest acquisition may be served if it is younger than this, ms. */
  maxAgeMs?: number;
  /**
   * Who reads (a producer's key). An acquisition is never served twice to the same reader: a reader that
   * has had the latest one gets a new one, so sharing never makes a stream repeat itself.
   */
  readerId?: string;
}

export type InstrumentEventLevel = 'info' | 'warning' | 'alarm' | 'error';

/** Something the instrument reports on its own: a protection trip, a setting change, a fault. */
export interface InstrumentEvent {
  equipmentId: string;
  level: InstrumentEventLevel;
  /** Machine-readable kind, e.g. "protection_trip", "setting_changed". */
  kind: string;
  message: string;
  channel?: number;
  details?: Record<string, unknown>;
  timestampMs: number;
}

export class DriverError extends Error {
  override name = 'DriverError';
  constructor(
    message: string,
    readonly code:
      'out_of_range' | 'unknown_parameter' | 'invalid_value' | 'timeout' | 'disconnected' | 'fault',
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** What "safe" means on link loss: outputs off, or held at a safe voltage (power supplies). */
export interface SafeStateRequest {
  /** `off` turns every output off; `voltage` lowers every output's setpoint to `voltageV` (on/off unchanged). */
  mode: 'off' | 'voltage';
  voltageV?: number;
}

export interface InstrumentDriver {
  /** Stable id used on the wire as `equipment_id`. */
  readonly id: string;
  identify(): Promise<Identity>;
  /** The catalog entry: channels, streams, parameters with ranges. Constant for the driver's life. */
  capabilities(): InstrumentInfo;
  getParameters(): Promise<ParameterSnapshot>;
  /**
   * Applies one setting and resolves with the value actually applied (an instrument may round it).
   * Rejects with DriverError('out_of_range' | 'unknown_parameter' | 'invalid_value') and changes nothing.
   */
  setParameter(parameter: string, value: ParameterValue, channel?: number): Promise<ParameterValue>;
  /** One read of a stream the instrument offers; `options` may let it share an acquisition. */
  read(streamType: StreamType, options?: ReadOptions): Promise<StreamSample>;
  /** Subscribes to instrument events; returns the unsubscribe function. */
  onEvent(listener: (event: InstrumentEvent) => void): () => void;
  /**
   * Puts the instrument into its safe state (instruments that drive something: power supplies);
   * resolves with what was done, for the event. Instruments that only measure leave it out.
   */
  enterSafeState?(request: SafeStateRequest): Promise<string>;
  close(): Promise<void>;
}
