/**
 * Everything the dashboard holds for one backend endpoint: its connection, display pacing, acquisition
 * views and progress, sample feeds, and its slice of the store (by bench id). A second bench is a second
 * BenchClient; nothing here is module state. Components reach theirs through BenchContext.
 */
import type { BackendEndpoint } from '../../shared/bridge';
import type { AcquisitionMessage, AcquisitionsMessage } from '../../shared/protocol/acquisition';
import type { BenchInstrument } from '../../shared/protocol/bench';
import type {
  DiscoveredInstrumentInfo,
  InstrumentAddedMessage,
  InstrumentProbedMessage,
  InstrumentsDiscoveredMessage,
  ParameterSetMessage,
  ParametersMessage,
} from '../../shared/protocol/server';
import {
  streamPreferenceKey,
  type StreamPreference,
  type StreamPreferencesMessage,
} from '../../shared/protocol/streamMemory';
import { AcquisitionProgress } from '../connection/AcquisitionProgress';
import { AcquisitionViews } from '../connection/AcquisitionViews';
import { ConnectionManager, type ConnectionManagerOptions } from '../connection/ConnectionManager';
import { DisplayPacer } from '../connection/DisplayPacer';
import { BenchActions, type BenchesStore } from '../store/BenchActions';
import { isReportedSetting } from '../store/benchReducers';
import type { SettingValue } from '../store/benchState';
import { TrendSet } from '../trends/TrendSet';
import { AlarmCommands } from './AlarmCommands';
import type { BenchControl, BenchLimits } from './benchControl';
import { BenchFeeds } from './BenchFeeds';
import { wireBench } from './benchWiring';

/** How long a probe may take to be answered, ms: the backend's 3 s *IDN? limit and some margin. */
const PROBE_REPLY_TIMEOUT_MS = 8_000;
/** Beyond a discovery's own listening time, how long its answer may take, ms. */
const DISCOVERY_REPLY_MARGIN_MS = 5_000;

export interface BenchClientOptions {
  /** Names this bench's slice of the store; unique among the open benches. */
  benchId: string;
  getEndpoint(): Promise<BackendEndpoint>;
  /** The store holding every bench's slice (the app's; tests pass a bare one). */
  store: BenchesStore;
  /** WebSocket constructor; the browser's by default, `ws` in Node tests. */
  WebSocketImpl?: typeof WebSocket;
  /** A socket reached another way (a fleet bench through the local backend) in place of a WebSocket. */
  openSocket?: ConnectionManagerOptions['openSocket'];
  /** How long a command may wait for its reply, ms (default 5,000; a fleet bench's go two hops further). */
  requestTimeoutMs?: number;
  /** Who may change settings, for a bench whose control is shared (a fleet bench's lease). */
  control?: BenchControl;
  /** What this bench's transport cannot carry. */
  limits?: BenchLimits;
  clientName?: string;
  /** How often the status bar's statistics snapshot refreshes, ms; default 250 (4 Hz). */
  statsSnapshotMs?: number;
}

export class BenchClient {
  readonly benchId: string;
  readonly connection: ConnectionManager;
  /** Streams shown at display rate, their records landed just before the display's frames. */
  readonly displayPacer: DisplayPacer;
  /** Live views of acquisitions, resumed from the last sample after every reconnect. */
  readonly acquisitionViews: AcquisitionViews;
  readonly feeds = new BenchFeeds();
  /** Named changes to this bench's slice of the store. */
  readonly state: BenchActions;
  /** Counts of running captures without a live view here (started elsewhere, or not selected). */
  readonly acquisitionProgress: AcquisitionProgress;
  /** Define, change, delete and acknowledge this backend's alarms. */
  readonly alarms: AlarmCommands;
  /** The trends a person follows here, with their points (live and from the backend's history). */
  readonly trends: TrendSet;
  /** Who may change settings; undefined for a direct bench (this dashboard always may). */
  readonly control: BenchControl | undefined;
  readonly limits: BenchLimits;
  readonly #options: BenchClientOptions;
  #unwire: (() => void) | undefined;

  constructor(options: BenchClientOptions) {
    this.#options = options;
    this.benchId = options.benchId;
    this.control = options.control;
    this.limits = options.limits ?? {};
    this.connection = new ConnectionManager({
      getEndpoint: options.getEndpoint,
      WebSocketImpl: options.WebSocketImpl,
      openSocket: options.openSocket,
      requestTimeoutMs: options.requestTimeoutMs,
      clientName: options.clientName ?? 'benchtop-dashboard',
    });
    this.displayPacer = new DisplayPacer(this.connection);
    this.acquisitionViews = new AcquisitionViews(this.connection);
    this.state = new BenchActions(options.store, options.benchId);
    this.alarms = new AlarmCommands(this.connection);
    this.trends = new TrendSet(options.benchId);
    this.acquisitionProgress = new AcquisitionProgress({
      acquisitions: () => this.state.current().acquisitions,
      isViewing: (id) => this.acquisitionViews.isViewing(id),
      request: (id) =>
        this.connection.request<AcquisitionMessage>({ type: 'get_acquisition', acquisition_id: id }),
      apply: (summary) => this.state.upsertAcquisition(summary),
    });
  }

  /** Connects (and keeps reconnecting) and keeps this bench's slice of the store in step. Idempotent. */
  start(): void {
    if (this.#unwire) return;
    this.#unwire = wireBench(this, this.#options.statsSnapshotMs ?? 250);
    this.connection.connect();
  }

  /** Disconnects for good and forgets this bench's slice of the store. */
  close(): void {
    this.#unwire?.();
    this.#unwire = undefined;
    this.acquisitionProgress.stop();
    this.connection.close();
    this.#options.store.getState().dropBench(this.benchId);
  }

  /** Re-reads the list of acquisitions into the store. */
  async refreshAcquisitions(): Promise<void> {
    try {
      const reply = await this.connection.request<AcquisitionsMessage>({ type: 'list_acquisitions' });
      this.state.setAcquisitions(reply.acquisitions);
    } catch {
      // Retried on the next (re)connect.
    }
  }

  /** Re-reads the streams a person chose to run or stop (kept by the backend) into the store. */
  async refreshStreamPreferences(): Promise<void> {
    try {
      const reply = await this.connection.request<StreamPreferencesMessage>({
        type: 'get_stream_preferences',
      });
      this.state.setStreamPreferences(reply.preferences);
    } catch {
      // A backend that remembers no streams: every stream starts at its default, as before it knew any.
      this.state.setStreamPreferences([]);
    }
  }

  /**
   * Remembers a person's choice for one stream on the backend, so every dashboard (and this one after a
   * reload or a backend restart) runs it the same way. Held locally at once; the backend's answer is the
   * whole remembered set.
   */
  async rememberStream(preference: StreamPreference): Promise<void> {
    const held = this.state.current().streamPreferences ?? {};
    this.state.setStreamPreferences([
      ...Object.values(held).filter((p) => streamPreferenceKey(p) !== streamPreferenceKey(preference)),
      preference,
    ]);
    const reply = await this.connection.request<StreamPreferencesMessage>({
      type: 'set_stream_preference',
      preference,
    });
    this.state.setStreamPreferences(reply.preferences);
  }

  /** Re-reads one instrument's settings into the store. */
  async refreshSettings(equipmentId: string): Promise<void> {
    try {
      const reply = await this.connection.request<ParametersMessage>({
        type: 'get_parameters',
        equipment_id: equipmentId,
      });
      this.state.setSettings(equipmentId, { global: reply.global, channels: reply.channels });
    } catch {
      // Not connected, offline or busy: the next (re)connect, state change or event refreshes again.
    }
  }

  /** Applies one setting; resolves once the instrument applied it, rejects with the server's error. */
  async setParameter(
    equipmentId: string,
    parameter: string,
    value: SettingValue,
    channel?: number,
  ): Promise<void> {
    const reply = await this.connection.request<ParameterSetMessage>({
      type: 'set_parameter',
      equipment_id: equipmentId,
      parameter,
      value,
      channel,
    });
    // The instrument may have rounded the value: show what it applied.
    await this.takeChange(equipmentId, parameter, reply.value, channel);
  }

  /**
   * Brings the store up to date with a change the instrument applied (ours or another client's): a reported
   * setting is stored as applied; a command such as `clear_protection` changes other settings, which are
   * re-read.
   */
  async takeChange(
    equipmentId: string,
    parameter: string,
    value: SettingValue,
    channel: number | undefined,
  ): Promise<void> {
    if (isReportedSetting(this.state.current().settings[equipmentId], parameter, channel)) {
      this.state.applySetting(equipmentId, parameter, value, channel);
    } else {
      await this.refreshSettings(equipmentId);
    }
  }

  /**
   * Adds an instrument to the backend's bench; resolves with its catalog entry (also taken into the store:
   * the event every dashboard receives may come later). Rejects with the backend's reason.
   */
  async addInstrument(instrument: BenchInstrument): Promise<InstrumentAddedMessage['instrument']> {
    const reply = await this.connection.request<InstrumentAddedMessage>({
      type: 'add_instrument',
      instrument,
    });
    // Its state events may have overtaken this reply: keep the newer entry they brought.
    if (!this.state.current().instruments?.some((i) => i.id === reply.instrument.id))
      this.state.upsertInstrument(reply.instrument);
    return reply.instrument;
  }

  /**
   * Asks the backend who answers `*IDN?` at an address, and which driver serves it. Rejects with the
   * backend's error (`unsupported_instrument`, `instrument_fault`) as a RequestError.
   */
  probeInstrument(host: string, port: number): Promise<InstrumentProbedMessage> {
    // The backend gives up after 3 s (PROTOCOL.md); the margin covers a queue of probes and a slow link.
    return this.connection.request<InstrumentProbedMessage>(
      { type: 'probe_instrument', host, port },
      PROBE_REPLY_TIMEOUT_MS,
    );
  }

  /** Has the backend listen for instruments announcing themselves (mDNS) for `durationMs` (default 3000). */
  async discoverInstruments(durationMs = 3_000): Promise<DiscoveredInstrumentInfo[]> {
    const reply = await this.connection.request<InstrumentsDiscoveredMessage>(
      { type: 'discover_instruments', duration_ms: durationMs },
      durationMs + DISCOVERY_REPLY_MARGIN_MS,
    );
    return reply.instruments;
  }

  /** Removes an instrument from the backend's bench; rejects with the backend's refusal (e.g. capturing). */
  async removeInstrument(equipmentId: string): Promise<void> {
    await this.connection.request({ type: 'remove_instrument', equipment_id: equipmentId });
    this.forgetInstrument(equipmentId);
  }

  /** Drops what this dashboard holds for an instrument that left the bench. */
  forgetInstrument(equipmentId: string): void {
    for (const spec of this.connection.forgetStreams(equipmentId)) this.displayPacer.release(spec);
    this.feeds.drop(equipmentId);
    this.state.removeInstrument(equipmentId);
  }
}
