/**
 * Acquisitions end to end, for the server: validates what to capture against the instrument's acquisition
 * source, records it in the store, and runs a CaptureRun per capture in progress. Reports every state
 * change, fault and notice through `events`, for the server to broadcast. Knows nothing about sockets.
 */
import { MIN_SAMPLE_RATE_HZ, sampleRateRangeMessage } from '../../shared/protocol/acquisition.js';
import type { AlarmInterval } from '../../shared/protocol/alarm.js';
import { DriverError, type InstrumentRegistry } from '../instruments/index.js';
import { type Clock, Emitter, type Logger, systemClock } from '../util/index.js';
import { AcquisitionError } from './AcquisitionError.js';
import {
  type AcquisitionFault,
  type AcquisitionMeta,
  type AcquisitionReader,
  type AcquisitionState,
  AcquisitionStore,
  type AcquisitionStoreEvent,
  assertTransition,
  type RecorderTuning,
} from './storage/index.js';
import { assertAcquisitionId } from './acquisitionId.js';
import {
  type CaptureNotice,
  type CaptureProgress,
  CaptureRun,
  type CaptureSource,
  captureSourceFor,
  DeepMemorySource,
} from './capture/index.js';
import type { AcquisitionConfig, AcquisitionMode, AcquisitionTrigger } from './config.js';

/** Largest pre-trigger buffer, samples per channel (the ring lives in memory: 16 MiB per channel). */
export const MAX_PRE_TRIGGER_SAMPLES = 4_194_304;
/** Pump period, ms: short enough that a block at 10 MSa/s stays well under a frame of event-loop time. */
export const DEFAULT_BLOCK_INTERVAL_MS = 20;
/** Largest block appended at once, samples per channel. */
export const DEFAULT_MAX_BLOCK_SAMPLES = 262_144;

/** How to open the service; defaults suit the app, tests inject the recorder's hooks. */
export interface AcquisitionServiceOptions {
  /** Root data directory (created if missing); acquisitions live in `<dataDir>/acquisitions`. */
  dataDir: string;
  registry: InstrumentRegistry;
  log: Logger;
  clock?: Clock;
  /** Recorder knobs, including the test hooks `openSink` (write faults) and `diskSpace`. */
  recorder?: RecorderTuning;
  /** Most acquisitions the data folder keeps (AcquisitionStoreOptions.maxAcquisitions). Default 10,000. */
  maxAcquisitions?: number;
  blockIntervalMs?: number;
  maxBlockSamples?: number;
}

/** What to capture, as the protocol asks for it (channel names only; units come from the source). */
export interface CaptureRequest {
  equipment_id: string;
  name?: string;
  mode: AcquisitionMode;
  sample_rate_hz: number;
  channels: readonly string[];
  duration_s?: number;
  num_samples?: number;
  trigger?: AcquisitionTrigger;
  /** single_deep: seconds to wait for the scope's trigger. */
  trigger_timeout_s?: number;
}

/** Live sample counts of a capture in progress. */
export interface LiveCounts {
  /** Accepted by the recorder. */
  received: number;
  /** In the file: readable, and kept if the process dies. */
  flushed: number;
  /** What the source achieved so far (a polled supply's read rate, a scope's missed records), if it counts. */
  source?: Record<string, number>;
}

/**
 * What the service reports, for the server to broadcast as `event` messages
 * (server/acquisitions/acquisitionWire.ts).
 */
export type AcquisitionServiceEvent =
  | { type: 'state'; meta: AcquisitionMeta; previousState?: AcquisitionState; live?: LiveCounts }
  | { type: 'fault'; acquisitionId: string; equipmentId: string; fault: AcquisitionFault }
  | { type: 'notice'; notice: CaptureNotice }
  | { type: 'deleted'; acquisitionId: string };

/** The backend's acquisitions: one per data directory, opened by startBackend. */
export class AcquisitionService {
  readonly store: AcquisitionStore;
  readonly events = new Emitter<AcquisitionServiceEvent>();
  /** single_deep progress (arming, download figures, outcome): frequent, so kept apart from `events`. */
  readonly progress = new Emitter<CaptureProgress>();
  readonly #options: AcquisitionServiceOptions;
  readonly #clock: Clock;
  readonly #sources = new Map<string, CaptureSource | undefined>();
  readonly #runs = new Map<string, CaptureRun>();
  readonly #equipment = new Map<string, string>();

  private constructor(store: AcquisitionStore, options: AcquisitionServiceOptions) {
    this.store = store;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    store.events.on((event) => this.#onStoreEvent(event));
  }

  /** Opens the store, recovering (and logging) what a previous run left unfinished. */
  static async open(options: AcquisitionServiceOptions): Promise<AcquisitionService> {
    const store = await AcquisitionStore.open({
      dataDir: options.dataDir,
      log: options.log,
      clock: options.clock,
      recorder: options.recorder,
      maxAcquisitions: options.maxAcquisitions,
    });
    if (store.recovered.length > 0) {
      const list = store.recovered.map((r) => `${r.acquisitionId} (${r.sampleCount} samples)`).join(', ');
      options.log.info(`recovered ${store.recovered.length} interrupted acquisition(s): ${list}`);
    }
    return new AcquisitionService(store, options);
  }

  /** The acquisition source of an instrument, or undefined when it cannot capture (or does not exist). */
  sourceFor(equipmentId: string): CaptureSource | undefined {
    if (!this.#sources.has(equipmentId)) {
      const host = this.#options.registry.get(equipmentId);
      // Only instruments that exist are remembered: ids from clients must not grow this map. One that has
      // not answered yet has no channels to offer: nothing is built (or kept) from its empty catalog.
      if (host === undefined || !host.described) return undefined;
      this.#sources.set(equipmentId, captureSourceFor(host, { clock: this.#clock }));
    }
    return this.#sources.get(equipmentId);
  }

  /**
   * The source for a capture in `mode`: single_deep takes the scope's deep memory (a fresh source each
   * time: it holds no state between captures); every other mode the instrument's usual source.
   */
  #sourceForMode(equipmentId: string, mode: AcquisitionMode): CaptureSource | undefined {
    if (mode !== 'single_deep') return this.sourceFor(equipmentId);
    const host = this.#options.registry.get(equipmentId);
    const memory = host?.described ? host.deepMemory() : undefined;
    if (host === undefined || memory === undefined) return undefined;
    return new DeepMemorySource(host, memory, { clock: this.#clock });
  }

  /** The capture of `equipmentId` armed, running or paused in this process, if any. */
  activeCaptureOf(equipmentId: string): string | undefined {
    for (const id of this.#runs.keys()) if (this.#equipment.get(id) === equipmentId) return id;
    return undefined;
  }

  /** Drops what is kept about an instrument that was removed (its source), so a new one of that id starts afresh. */
  forget(equipmentId: string): void {
    this.#sources.delete(equipmentId);
  }

  /**
   * Validates and records a new idle acquisition. Throws AcquisitionError: 'not_found' (details.field
   * `equipment_id`) for an unknown instrument, 'invalid_config' naming the field (with min/max/value for a
   * range), 'io_error'.
   */
  async create(request: CaptureRequest): Promise<AcquisitionMeta> {
    const { registry } = this.#options;
    const host = registry.get(request.equipment_id);
    if (!host) {
      throw new AcquisitionError('not_found', `no instrument "${request.equipment_id}"`, {
        field: 'equipment_id',
        known: registry.ids(),
      });
    }
    if (!host.described) {
      // The server answers a DriverError with instrument_fault: the instrument, not the request, is at fault.
      const why = host.stateReason === undefined ? '' : ` (${host.stateReason})`;
      throw new DriverError(`${host.id} has not been reached yet: ${host.state}${why}`, 'disconnected');
    }
    const source = this.#sourceForMode(request.equipment_id, request.mode);
    if (source === undefined && request.mode === 'single_deep') {
      const { model } = host.capabilities();
      throw new AcquisitionError(
        'invalid_config',
        `mode: ${request.equipment_id}${model ? ` (${model})` : ''} has no deep-memory capture; single_deep is offered by scopes whose catalog says deep_memory (the Rigol DS1000Z)`,
        { field: 'mode' },
      );
    }
    if (source === undefined) {
      throw new AcquisitionError(
        'invalid_config',
        `equipment_id: ${request.equipment_id} cannot capture acquisitions`,
        {
          field: 'equipment_id',
        },
      );
    }
    const max = source.maxSampleRateHz;
    const rate = request.sample_rate_hz;
    // `!(>=)` so that NaN is refused too; the lower bound keeps the period 1 / rate a finite number.
    if (!(rate >= MIN_SAMPLE_RATE_HZ) || rate > max) {
      throw new AcquisitionError(
        'invalid_config',
        `sample_rate ${sampleRateRangeMessage(max)} for ${request.equipment_id}; got ${rate} Hz`,
        { field: 'sample_rate_hz', min: MIN_SAMPLE_RATE_HZ, max, value: rate },
      );
    }
    // What the instrument allows now (a polled supply's measured read rate, a scope's record rate).
    const refusal = await source.admit?.({ mode: request.mode, sampleRateHz: rate });
    if (refusal !== undefined) {
      throw new AcquisitionError('invalid_config', `${refusal.field}: ${refusal.message}`, {
        field: refusal.field,
        ...(refusal.maxSampleRateHz !== undefined && { max: refusal.maxSampleRateHz, value: rate }),
      });
    }
    const pre = request.trigger?.pre_trigger_samples ?? 0;
    if (pre > MAX_PRE_TRIGGER_SAMPLES) {
      throw new AcquisitionError(
        'invalid_config',
        `trigger.pre_trigger_samples: at most ${MAX_PRE_TRIGGER_SAMPLES}`,
        {
          field: 'trigger.pre_trigger_samples',
          min: 0,
          max: MAX_PRE_TRIGGER_SAMPLES,
          value: pre,
        },
      );
    }
    const config: AcquisitionConfig = {
      ...request,
      channels: request.channels.map((name) => ({
        name,
        unit: source.channels.find((c) => c.name === name)?.unit ?? '',
      })),
    };
    return this.store.create(config, {
      allowedChannels: source.channels.map((c) => c.name),
      instrumentSettings: await source.settings(),
    });
  }

  /** Every acquisition (of one instrument, if given), oldest first. */
  async list(equipmentId?: string): Promise<AcquisitionMeta[]> {
    const all = await this.store.list();
    return equipmentId === undefined ? all : all.filter((m) => m.equipment_id === equipmentId);
  }

  get(id: string): Promise<AcquisitionMeta> {
    return this.store.get(id);
  }

  /** Counts of a capture in progress in this process; undefined otherwise. */
  live(id: string): LiveCounts | undefined {
    const recorder = this.store.recorder(id);
    if (recorder === undefined) return undefined;
    const source = this.#runs.get(id)?.sourceStats();
    return {
      received: recorder.receivedSampleCount,
      flushed: recorder.flushedSampleCount,
      ...(source !== undefined && { source }),
    };
  }

  /** idle → running, or → armed in triggered mode. */
  async start(id: string): Promise<AcquisitionMeta> {
    assertAcquisitionId(id);
    const existing = this.#runs.get(id);
    if (existing) return existing.start();
    const meta = await this.store.get(id);
    assertTransition(id, meta.state, meta.mode === 'triggered' ? 'armed' : 'running');
    const source = this.#sourceForMode(meta.equipment_id, meta.mode);
    if (source === undefined) {
      throw new AcquisitionError('invalid_state', `${id}: instrument ${meta.equipment_id} is not available`);
    }
    if (this.#runs.has(id)) return this.#runs.get(id)!.start();
    const run = new CaptureRun(meta, source, {
      store: this.store,
      clock: this.#clock,
      log: this.#options.log,
      blockIntervalMs: this.#options.blockIntervalMs ?? DEFAULT_BLOCK_INTERVAL_MS,
      maxBlockSamples: this.#options.maxBlockSamples ?? DEFAULT_MAX_BLOCK_SAMPLES,
      notify: (notice) => this.#emit({ type: 'notice', notice }),
      progress: (progress) => this.progress.emit(progress),
      link: this.#options.registry.get(meta.equipment_id),
      onEnded: (ended) => {
        if (this.#runs.get(ended.acquisitionId) === ended) this.#runs.delete(ended.acquisitionId);
      },
    });
    this.#runs.set(id, run);
    this.#equipment.set(id, meta.equipment_id);
    return run.start();
  }

  pause(id: string): Promise<AcquisitionMeta> {
    return this.#runs.get(assertAcquisitionId(id))?.pause() ?? this.store.pause(id);
  }

  resume(id: string): Promise<AcquisitionMeta> {
    return this.#runs.get(assertAcquisitionId(id))?.resume() ?? this.store.resume(id);
  }

  /** running|paused → complete, armed → idle. */
  stop(id: string): Promise<AcquisitionMeta> {
    return this.#runs.get(assertAcquisitionId(id))?.stop() ?? this.store.stop(id);
  }

  /** Notes an alarm raised or cleared in every capture in progress (meta.json `alarms`). */
  noteAlarm(interval: AlarmInterval): Promise<void> {
    return this.store.noteAlarm(interval);
  }

  /** Throws 'busy' while armed, running or paused. */
  delete(id: string): Promise<void> {
    return this.store.delete(id);
  }

  openReader(id: string): Promise<AcquisitionReader> {
    return this.store.openReader(id);
  }

  /** Ends every capture: recording ones become interrupted (fault `shutdown`), armed ones idle. */
  async close(): Promise<void> {
    await Promise.all([...this.#runs.values()].map((run) => run.shutdown()));
    await this.store.close();
  }

  #onStoreEvent(event: AcquisitionStoreEvent): void {
    switch (event.type) {
      case 'created':
        return this.#emit({ type: 'state', meta: event.meta });
      case 'state_changed': {
        const id = event.meta.acquisition_id;
        return this.#emit({
          type: 'state',
          meta: event.meta,
          previousState: event.previousState,
          live: this.live(id),
        });
      }
      case 'fault': {
        const equipmentId = this.#equipment.get(event.acquisitionId) ?? '';
        return this.#emit({
          type: 'fault',
          acquisitionId: event.acquisitionId,
          equipmentId,
          fault: event.fault,
        });
      }
      case 'deleted':
        this.#equipment.delete(event.acquisitionId);
        return this.#emit({ type: 'deleted', acquisitionId: event.acquisitionId });
    }
  }

  #emit(event: AcquisitionServiceEvent): void {
    try {
      this.events.emit(event);
    } catch (err) {
      this.#options.log.error('acquisition event listener threw', err);
    }
  }
}
