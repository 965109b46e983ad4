/**
 * Server → client messages. The server constructs these itself, so they are plain types; the renderer
 * still checks `type` before use and ignores types it does not know (forward compatibility).
 */
import type { FleetServerMessage } from './fleetBridge.js';
import type { AcquisitionServerMessage } from './acquisition.js';
import type { ExportServerMessage } from './export.js';
import type { ReviewServerMessage } from './review.js';
import type { ExportViewServerMessage } from './exportView.js';
import type { SetupServerMessage } from './setups.js';
import type { StreamPreferencesMessage } from './streamMemory.js';
import type { SpectrumMessage } from './spectrum.js';
import type { AlarmsMessage } from './alarm.js';
import type { MeasurementStatsMessage, TrendHistoryMessage } from './measurementStats.js';
import type { Encoding, InstrumentInfo, InstrumentKind, StreamType } from './catalog.js';
import type { ErrorCode } from './errors.js';
import type { InstrumentStats } from './link.js';

export type RequestId = string | number;

interface Reply {
  /** Echo of the command's `request_id`, when it had one. */
  request_id?: RequestId;
}

export interface WelcomeMessage extends Reply {
  type: 'welcome';
  protocol: number;
  session_id: string;
  /**
   * This run of the backend, new at every start. A client that reconnects and finds another one knows the
   * backend restarted: instrument settings are back to their defaults (or, restored from the working setup, to
   * the last run's with outputs off: `list_setups.restored`), and streams and views are gone.
   */
  instance_id: string;
  server: { name: string; version: string };
  encodings: Encoding[];
}

export interface ErrorMessage extends Reply {
  type: 'error';
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export interface PongMessage extends Reply {
  type: 'pong';
  /** Server clock when the ping was answered, ms since epoch. */
  timestamp: number;
  client_time?: number;
}

export interface StreamStartedMessage extends Reply {
  type: 'stream_started';
  equipment_id: string;
  stream_type: StreamType;
  /** Identifies this stream's binary frames on this connection. */
  stream_id: number;
  interval_ms: number;
  channel?: number;
  encoding: Encoding;
}

export interface StreamStoppedMessage extends Reply {
  type: 'stream_stopped';
  equipment_id: string;
  stream_type: StreamType;
  stream_id?: number;
  channel?: number;
  /** Why the server stopped it, when the client did not ask (e.g. a driver fault). */
  reason?: string;
}

/**
 * The answer to `shift_stream`. `moved: true`: the stream's ticks from now on are `shift_ms` later, and so
 * are those of every stream sharing its producer. `moved: false`: another connection's stream steers that
 * producer's phase (its phase leader), and nothing changed; the stream keeps the shared phase.
 */
export interface StreamShiftedMessage extends Reply {
  type: 'stream_shifted';
  equipment_id: string;
  stream_type: StreamType;
  stream_id: number;
  channel?: number;
  shift_ms: number;
  moved: boolean;
}

/** One power-supply channel's readback, with the streaming guide's field names. */
export interface PsuChannelReading {
  channel: number;
  voltage_set: number;
  current_set: number;
  voltage_actual: number;
  current_actual: number;
  power: number;
  output_enabled: boolean;
  in_cv_mode: boolean;
  in_cc_mode: boolean;
  timestamp: number;
}

/**
 * Readings payload. The first (or the selected) channel's fields sit at the top level, exactly as in the
 * streaming guide, so a client written for a single-channel supply keeps working; `channels` has them all.
 */
export interface PsuReadingsData extends PsuChannelReading {
  channels: PsuChannelReading[];
}

export interface StreamDataMessage {
  type: 'stream_data';
  equipment_id: string;
  stream_type: StreamType;
  stream_id: number;
  /** Per-stream sequence number, starting at 0; a jump means messages were dropped. */
  seq: number;
  /** Time of the sample, ms since epoch. */
  timestamp: number;
  data: Record<string, unknown>;
}

/** A driver the backend can add instruments with (`add_instrument`'s `instrument.driver`). */
export interface DriverInfo {
  /** The name a bench entry gives, e.g. `sim-psu`. */
  name: string;
  kind: InstrumentKind;
  /** One line for people, e.g. "simulated triple-output bench supply". */
  description: string;
  /**
   * `simulated`: the backend makes the instrument itself (offered in the Add dialog's simulator list);
   * `network`: a real instrument reached by host and port (added by address or discovery, never picked
   * from a list without one).
   */
  connection: 'simulated' | 'network';
}

export interface InfoMessage extends Reply {
  type: 'info';
  protocol: number;
  instruments: InstrumentInfo[];
  /** The drivers `add_instrument` accepts, by name. */
  drivers: DriverInfo[];
}

export interface StreamStats {
  equipment_id: string;
  stream_type: StreamType;
  stream_id: number;
  channel?: number;
  interval_ms: number;
  messages_sent: number;
  bytes_sent: number;
  /** Frames of this stream not delivered: `frames_coalesced` + `frames_over_budget`. */
  frames_dropped: number;
  /** Frames replaced by a newer one while the connection's send buffer was above its watermark. */
  frames_coalesced: number;
  /** Full-resolution frames dropped because the connection's byte budget for the second was spent. */
  frames_over_budget: number;
  /** Frames of this stream waiting for the send buffer to drain: 0 or 1 (only the newest is kept). */
  queued_frames: number;
  /** Messages per second over the last few seconds. */
  rate_hz: number;
  /** Ticks the producer could not serve on time. */
  skipped_ticks: number;
  /**
   * Ticks with no read because the instrument was offline or a read timed out; each spent a `seq`, so the
   * client sees the gap.
   */
  missed_ticks: number;
  /** How late the producer ran its last tick, in ms. */
  producer_lag_ms: number;
  /** Mean period between the producer's reads since it started, ms (nominal: `interval_ms`). */
  producer_period_ms: number;
  /** Subscriptions, over all connections, that the producer of this stream serves. */
  producer_subscribers: number;
}

export interface StatsMessage extends Reply {
  type: 'stats';
  connection: {
    session_id: string;
    messages_sent: number;
    bytes_sent: number;
    messages_received: number;
    /** Sum of the streams' `frames_dropped`, including streams stopped since. */
    frames_dropped: number;
    /** Bytes waiting in the socket's send buffer. */
    queue_bytes: number;
    /** Live frames waiting for the send buffer to drain, at most one per stream. */
    queued_frames: number;
    /** How long the send buffer has been above the high watermark, ms; 0 when below. */
    above_watermark_ms: number;
    /** Full-resolution waveform bytes sent over the last second. */
    full_resolution_bytes_last_s: number;
    /** This connection's full-resolution budget, bytes per second. */
    full_resolution_budget_bytes_per_s: number;
  };
  streams: StreamStats[];
  /** Instruments reached over a link (SCPI/TCP), with its figures; simulated instruments are not listed. */
  instruments: InstrumentStats[];
  server: {
    connections: number;
    producers: number;
    /** Stream subscriptions over all connections. */
    subscriptions: number;
    /** Event-loop delay beyond the monitor's timer, ms, over the last 10-20 s. */
    event_loop_lag_p50_ms: number;
    event_loop_lag_p99_ms: number;
    event_loop_lag_max_ms: number;
  };
}

/** The acknowledgement of `add_instrument`: the instrument is on the bench (state `connecting` at first). */
export interface InstrumentAddedMessage extends Reply {
  type: 'instrument_added';
  instrument: InstrumentInfo;
}

/** The answer to `probe_instrument`: who answered at that address, and the driver that serves it. */
export interface InstrumentProbedMessage extends Reply {
  type: 'instrument_probed';
  host: string;
  port: number;
  identity: { vendor: string; model: string; serial: string; firmware: string };
  /** The driver to name in `add_instrument`, and its line for people. */
  driver: string;
  description: string;
  /** Set when the instrument is on the bench already (answered from there, not over a second link). */
  equipment_id?: string;
}

/** An instrument found on the LAN by mDNS: where its raw SCPI socket is and what it says it is. */
export interface DiscoveredInstrumentInfo {
  /** The service instance name, e.g. "RIGOL DP832 DP8C123456789". */
  name: string;
  host: string;
  port: number;
  /** False when `port` is the vendor's usual SCPI port (only `_lxi._tcp` was announced). */
  port_announced: boolean;
  services: ('scpi-raw' | 'lxi')[];
  manufacturer?: string;
  model?: string;
  serial?: string;
}

/** The answer to `discover_instruments`: what announced itself while the backend listened. */
export interface InstrumentsDiscoveredMessage extends Reply {
  type: 'instruments_discovered';
  instruments: DiscoveredInstrumentInfo[];
}

/** The acknowledgement of `remove_instrument`: the instrument is gone, its streams ended. */
export interface InstrumentRemovedMessage extends Reply {
  type: 'instrument_removed';
  equipment_id: string;
}

export type ServerMessage =
  | WelcomeMessage
  | ErrorMessage
  | PongMessage
  | StreamStartedMessage
  | StreamStoppedMessage
  | StreamShiftedMessage
  | StreamDataMessage
  | InfoMessage
  | StatsMessage
  | EventMessage
  | EventsMessage
  | ParametersMessage
  | ParameterSetMessage
  | InstrumentAddedMessage
  | InstrumentRemovedMessage
  | InstrumentProbedMessage
  | InstrumentsDiscoveredMessage
  | AcquisitionServerMessage
  | ExportServerMessage
  | ExportViewServerMessage
  | SetupServerMessage
  | StreamPreferencesMessage
  | SpectrumMessage
  | AlarmsMessage
  | FleetServerMessage
  | MeasurementStatsMessage
  | TrendHistoryMessage
  | ReviewServerMessage;

export type ServerMessageType = ServerMessage['type'];

export type EventLevel = 'info' | 'warning' | 'alarm' | 'error';

/** Something every client should know: a protection trip, a setting change, a stream fault. */
export interface EventMessage {
  type: 'event';
  level: EventLevel;
  /** Machine-readable kind: protection_trip, setting_changed, stream_fault, bandwidth_limited, ... */
  kind: string;
  equipment_id?: string;
  channel?: number;
  message: string;
  details?: Record<string, unknown>;
  timestamp: number;
  /**
   * Its place in the backend's event log (1, 2, 3 ... kept across restarts); absent on a backend without
   * one. A client that reconnects asks `get_events` for what came after the last seq it saw.
   */
  seq?: number;
}

/** The answer to `get_events`: logged events, oldest first. */
export interface EventsMessage extends Reply {
  type: 'events';
  events: EventMessage[];
  /** The newest seq in the log (0 when it is empty), whether or not it passed the filters. */
  newest_seq: number;
  /** True when more matched than `limit`: the oldest of them were left out. */
  truncated: boolean;
}

export interface ParametersMessage extends Reply {
  type: 'parameters';
  equipment_id: string;
  global: Record<string, number | boolean | string>;
  channels: Record<string, Record<string, number | boolean | string>>;
}

/** Acknowledges `set_parameter` once the instrument applied it, with the value it applied. */
export interface ParameterSetMessage extends Reply {
  type: 'parameter_set';
  equipment_id: string;
  channel?: number;
  parameter: string;
  value: number | boolean | string;
}
