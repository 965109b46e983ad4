/**
 * The seam between Benchtop and an instrument. The simulators implement it; a real instrument (SCPI over
 * TCP, say) implements the same interface and nothing else in the backend changes. Every call is async
 * because a real instrument answers over a link. Nothing calls a driver directly: its InstrumentHost
 * (host/InstrumentHost.ts) makes the calls one at a time, each with a timeout that aborts it through the
 * `signal` every call takes, and reconnects a dropped link.
 */
import type {
  InstrumentDescription,
  InstrumentKind,
  InstrumentLinkStats,
  PsuChannelReading,
  StreamType,
} from '../../shared/protocol/index.js';
import type { CaptureContext, CaptureHost, CaptureSource } from '../acquisition/index.js';

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

/**
 * Why a driver call failed. `disconnected` (the link is down), `timeout` (no answer in time) and `protocol`
 * (an answer that could not be understood: the link is out of step) are link failures, which the host
 * handles by reconnecting; the rest are answers about the request or the instrument.
 */
export type DriverErrorCode =
  'out_of_range' | 'unknown_parameter' | 'invalid_value' | 'timeout' | 'disconnected' | 'protocol' | 'fault';

export class DriverError extends Error {
  override name = 'DriverError';
  constructor(
    message: string,
    readonly code: DriverErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** True for the errors that say the link failed, not the request: the host reconnects on them. */
export function isLinkFailure(err: unknown): err is DriverError {
  return (
    err instanceof DriverError &&
    (err.code === 'disconnected' || err.code === 'timeout' || err.code === 'protocol')
  );
}

/** How far a deep-memory download has come. */
export interface MemoryDownloadProgress {
  /** Points read so far, over every channel. */
  receivedPoints: number;
  totalPoints: number;
}

export interface MemoryDownloadOptions {
  signal?: AbortSignal;
  /** Called after each window (and as each window's bytes arrive). */
  onProgress?(progress: MemoryDownloadProgress): void;
  /** Points per window (smaller windows report progress more often); the driver caps it at its limit. */
  windowPoints?: number;
}

/**
 * What a scope with a deep memory offers the capture path (acquisition mode `single_deep`): arm one single
 * capture, learn when it has triggered (the scope stopped), and download the stopped memory record. Each
 * call is one step made through the instrument host's queue; see `hasDeepMemory`.
 */
export interface DeepMemoryCapture {
  /** Arms one single capture (the SINGLE key). */
  armSingle(signal?: AbortSignal): Promise<void>;
  /** True once the armed capture has triggered and the scope has stopped with it in memory. */
  singleDone(signal?: AbortSignal): Promise<boolean>;
  /** Downloads the stopped record of every channel on; refused while the scope runs. */
  readMemory(options?: MemoryDownloadOptions): Promise<ScopeRecord>;
}

export function hasDeepMemory(driver: object): driver is DeepMemoryCapture {
  const d = driver as Partial<DeepMemoryCapture>;
  return (
    typeof d.readMemory === 'function' &&
    typeof d.armSingle === 'function' &&
    typeof d.singleDone === 'function'
  );
}

/** What "safe" means on link loss: outputs off, or held at a safe voltage (power supplies). */
export interface SafeStateRequest {
  /** `off` turns every output off; `voltage` lowers every output's setpoint to `voltageV` (on/off unchanged). */
  mode: 'off' | 'voltage';
  voltageV?: number;
}

/**
 * An instrument behind a link. Every call that talks to the instrument takes an optional AbortSignal: when
 * it fires (the host's timeout), the driver stops waiting and settles soon — having discarded or drained
 * whatever reply was still on its way, so that reply can never be taken for the answer to a later call.
 */
export interface InstrumentDriver {
  /** Stable id used on the wire as `equipment_id`. */
  readonly id: string;
  /** What the instrument is, known before it is reached (the catalog shows it while offline). */
  readonly kind: InstrumentKind;
  /**
   * True for a driver that reaches no link and waits on nothing an abort could stop (the simulators): the
   * host then gives its calls a shared signal that never fires instead of an AbortSignal each, and never
   * expects it to listen to one. Its calls still time out. Absent (false) for every driver of a real link.
   */
  readonly inMemory?: boolean;
  /**
   * Opens the link and resolves once the instrument answers. Called first, and again after close() when
   * the host reconnects a dropped link. Rejects DriverError('disconnected' | 'timeout') while unreachable.
   */
  connect(signal?: AbortSignal): Promise<void>;
  identify(signal?: AbortSignal): Promise<Identity>;
  /**
   * The catalog entry: channels, streams, parameters with ranges, for the model found. The host asks for it
   * after each successful connect and identify, so it may depend on the model.
   */
  capabilities(): InstrumentDescription;
  getParameters(signal?: AbortSignal): Promise<ParameterSnapshot>;
  /**
   * Applies one setting and resolves with the value actually applied (an instrument may round it).
   * Rejects with DriverError('out_of_range' | 'unknown_parameter' | 'invalid_value') and changes nothing.
   */
  setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    signal?: AbortSignal,
  ): Promise<ParameterValue>;
  /** One read of a stream the instrument offers; `options` may let it share an acquisition. */
  read(streamType: StreamType, options?: ReadOptions, signal?: AbortSignal): Promise<StreamSample>;
  /**
   * The driver's own acquisition source, for an instrument that knows better than the generic path for
   * its kind (acquisition/sources/captureSourceFor.ts) — the simulators synthesise their captures exactly.
   * Built once per instrument over its host: the source makes every instrument call through `host`
   * (driver-specific ones with `host.run`), never on the driver directly, so captures share the one queue.
   */
  captureSource?(host: CaptureHost, context: CaptureContext): CaptureSource;
  /** Subscribes to instrument events; returns the unsubscribe function. */
  onEvent(listener: (event: InstrumentEvent) => void): () => void;
  /**
   * Puts the instrument into its safe state (instruments that drive something: power supplies);
   * resolves with what was done, for the event. Instruments that only measure leave it out.
   */
  enterSafeState?(request: SafeStateRequest, signal?: AbortSignal): Promise<string>;
  /**
   * The figures of the link to a real instrument (SCPI over TCP), for `stats`; absent on simulators, which
   * have no link (the UI then shows nothing rather than zeros).
   */
  linkStats?(): InstrumentLinkStats | undefined;
  /** Releases the link. The host may connect() again later (a reconnect); after removal it never does. */
  close(): Promise<void>;
}
