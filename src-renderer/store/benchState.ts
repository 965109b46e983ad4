/**
 * What the dashboard knows about one bench (one backend endpoint): its link, catalog, settings, streams,
 * events and captures. The store keeps one of these per bench id (benchesSlice.ts), so a second bench is a
 * second entry, never a second copy of module state. Low-rate state only: samples live in data/ buffers.
 */
import type { AcquisitionProgressMessage, AcquisitionSummary } from '../../shared/protocol/acquisition';
import type { AlarmDefinition, AlarmStatus } from '../../shared/protocol/alarm';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import type { StreamPreference } from '../../shared/protocol/streamMemory';
import type { InstrumentLinkStats } from '../../shared/protocol/link';
import type { DriverInfo } from '../../shared/protocol/server';
import type { ConnectionState, ConnectionStats } from '../connection/ConnectionManager';
import type { ConnectionProblem } from '../connection/connectionProblem';

export type SettingValue = number | boolean | string;

export interface InstrumentSettings {
  global: Record<string, SettingValue>;
  channels: Record<string, Record<string, SettingValue>>;
}

export type StreamStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'error';

export interface StreamEntry {
  status: StreamStatus;
  intervalMs: number | undefined;
  streamId: number | undefined;
  error: string | undefined;
}

/** One stream's delivery figures, as the status line shows them. */
export interface LiveStreamStats {
  rateHz: number;
  gaps: number;
  messages: number;
  /**
   * Display-rate streams: whether the records arrive in phase with the display's frames; `following`:
   * out of phase, and another subscriber of the shared stream steers its phase.
   */
  displayLock?: 'locked' | 'locking' | 'following' | 'unsupported';
}

export interface LinkInfo {
  state: ConnectionState;
  lastError: string | undefined;
  nextRetryAtMs: number | undefined;
  /** Why it is not connected (connection/connectionProblem.ts); undefined while open. */
  problem: ConnectionProblem | undefined;
  /** When the open connection was lost, ms since the epoch; undefined while open or never connected. */
  disconnectedSinceMs: number | undefined;
  /** host:port of the backend the page connects to. */
  backendAddress: string | undefined;
  /** When the dashboard found the backend restarted (settings at their defaults), until dismissed. */
  backendRestartedAtMs: number | undefined;
  /** Snapshot refreshed at most a few times a second, never per message. */
  stats: ConnectionStats | undefined;
  /** Messages received per second over the last snapshot period. */
  messageRateHz: number;
  /** Per stream (by stream key): delivered rate and sequence gaps, refreshed with the snapshot. */
  streamStats: Record<string, LiveStreamStats>;
}

/**
 * Events kept for the log (and asked for on connect); older ones fall off here, the backend keeps 10,000.
 */
export const MAX_EVENTS = 2_000;

import type { LoggedEvent } from '../events/eventMerge';
export type { LoggedEvent };

export interface BenchState {
  connection: LinkInfo;
  /** The catalog from `get_info`, kept current by instrument events; undefined until it arrives. */
  instruments: InstrumentInfo[] | undefined;
  /**
   * When each instrument entered its current state (ms since the epoch), from `instrument_state` events;
   * absent for a state it was already in when the catalog arrived.
   */
  stateSinceMs: Record<string, number>;
  /** Link figures of real instruments from `stats`, by equipment id; simulators have no entry. */
  links: Record<string, InstrumentLinkStats>;
  /** The drivers the backend can add instruments with (`info.drivers`); undefined until known. */
  drivers: DriverInfo[] | undefined;
  /** Current instrument settings by equipment id, from `get_parameters` and `setting_changed` events. */
  settings: Record<string, InstrumentSettings>;
  /** Keyed by streamKey(): equipment/stream_type/channel. */
  streams: Record<string, StreamEntry>;
  events: LoggedEvent[];
  unreadEvents: number;
  /**
   * The streams a person chose to run or stop, by stream key, as the backend remembers them
   * (`stream_preferences`); undefined until they arrive, so nothing starts before the choice is known.
   */
  streamPreferences: Record<string, StreamPreference> | undefined;
  /** Every acquisition the backend knows, by id, from list_acquisitions, replies and state events. */
  acquisitions: Record<string, AcquisitionSummary>;
  /** The acquisition whose live view / details are shown. */
  selectedAcquisitionId: string | undefined;
  /** single_deep captures' latest `acquisition_progress`, by acquisition id. */
  deepProgress: Record<string, AcquisitionProgressMessage>;
  /** The backend's alarms and their states (`alarms` messages); undefined until the first arrives. */
  alarms: BenchAlarms | undefined;
}

export interface BenchAlarms {
  definitions: AlarmDefinition[];
  /** By alarm id. */
  states: Record<string, AlarmStatus>;
}

export const EMPTY_STREAM: StreamEntry = {
  status: 'stopped',
  intervalMs: undefined,
  streamId: undefined,
  error: undefined,
};

export function emptyBench(): BenchState {
  return {
    connection: {
      state: 'connecting',
      lastError: undefined,
      nextRetryAtMs: undefined,
      problem: undefined,
      disconnectedSinceMs: undefined,
      backendAddress: undefined,
      backendRestartedAtMs: undefined,
      stats: undefined,
      messageRateHz: 0,
      streamStats: {},
    },
    instruments: undefined,
    stateSinceMs: {},
    links: {},
    drivers: undefined,
    settings: {},
    streams: {},
    events: [],
    unreadEvents: 0,
    streamPreferences: undefined,
    acquisitions: {},
    selectedAcquisitionId: undefined,
    deepProgress: {},
    alarms: undefined,
  };
}

/** What a component sees for a bench the store does not hold (yet): nothing known, still connecting. */
export const NO_BENCH: Readonly<BenchState> = emptyBench();
