/**
 * A simulated four-channel oscilloscope behind the InstrumentDriver interface: signal sources on each
 * input, a 1-2-5 timebase with record lengths up to 1M points, an edge trigger that holds a periodic
 * signal still, and automatic measurements computed from the samples. Acquisition is on demand: each read
 * acquires the record whose window ends at the clock's "now", so there are no timers to leak and an
 * injected clock drives it in tests.
 *
 * Stream reads: `waveform` resolves with one record, `measurements` with the measurements of one record.
 * Like a real scope's single acquisition engine, one record serves both: a read that passes ReadOptions gets
 * the latest record when it is younger than `maxAgeMs` and that reader has not had it, so a waveform and a
 * measurements stream together cost one acquisition per tick, not two.
 * In normal or single mode without a trigger a read resolves `{kind: 'none', reason: 'waiting_for_trigger'}`.
 * Once stopped (run_state stop, or single mode after its capture) reads serve the last record again — the
 * frozen display — or `{kind: 'none', reason: 'stopped'}` when nothing was captured.
 */
import type { InstrumentDescription, StreamType, TriggerState } from '../../../shared/protocol/index.js';
import { OSCILLOSCOPE_PROFILE } from '../../../shared/profiles/index.js';
import { scopeChannelName } from '../../../shared/analysis/mathChannels.js';
import { measureChannel } from '../../../shared/analysis/measureWaveform.js';
import { type Clock, Emitter, systemClock } from '../../util/index.js';
import {
  DriverError,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type NoSampleReason,
  type ParameterSnapshot,
  type ParameterValue,
  type ReadOptions,
  type ScopeRecord,
  type StreamSample,
} from '../InstrumentDriver.js';
import { checkParameterValue, findParameter } from '../parameters.js';
import { createNoiseTable, type NoiseTable } from '../sim/noise.js';
import { createRandom, type Random } from '../sim/random.js';
import type { CaptureHost, CaptureSource } from '../../acquisition/index.js';
import { RecordBuffers } from './RecordBuffers.js';
import { acquireRecord, sampleRateHzOf } from './acquire.js';
import { scopeParameters } from './scopeCatalog.js';
import {
  applySetting,
  channelSnapshot,
  defaultScopeSettings,
  toAcquisitionSetup,
  type ScopeChannelSettings,
  type ScopeSettings,
} from './scopeSettings.js';
import { SimScopeCaptureSource } from './SimScopeCaptureSource.js';

export interface SimOscilloscopeOptions {
  id?: string;
  seed?: number;
  clock?: Clock;
  /** Settings to start from instead of the demo bench's; channels by 1-based number. */
  initial?: Partial<Omit<ScopeSettings, 'channels'>> & {
    channels?: Record<number, Partial<ScopeChannelSettings>>;
  };
}

/** The latest record (which a stopped scope keeps showing), with its measurements once computed. */
interface HeldRecord {
  record: ScopeRecord;
  /** Wall time of the first sample, ms since epoch. */
  timestampMs: number;
  /** When it was acquired, ms on the clock; -Infinity once a setting changed (never shared again). */
  acquiredAtMs: number;
  /** Readers (ReadOptions.readerId) it has been served to. */
  servedTo: Set<string>;
  /** Measured once, on the first measurements read, whoever asks after shares it. */
  measurements?: Promise<Record<string, Record<string, number>>>;
}

export class SimOscilloscope implements InstrumentDriver {
  readonly id: string;
  readonly kind = 'oscilloscope' as const;
  /** Computed in memory: nothing to abort (InstrumentDriver.inMemory). */
  readonly inMemory = true;
  readonly #clock: Clock;
  readonly #originMs: number;
  readonly #seed: number;
  readonly #random: Random;
  readonly #noise: NoiseTable;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #info: InstrumentDescription;
  #settings: ScopeSettings;
  #triggerState: TriggerState = 'armed';
  #held: HeldRecord | undefined;
  #acquisitions = 0;
  /** Reused trigger-search buffer (2 × record length), so a 1M-point record does not allocate 8 MB twice. */
  #scratch: Float32Array | undefined;
  readonly #recordBuffers = new RecordBuffers();

  constructor(options: SimOscilloscopeOptions = {}) {
    this.id = options.id ?? 'scope_1';
    this.#clock = options.clock ?? systemClock;
    this.#originMs = this.#clock.nowMs();
    this.#seed = options.seed ?? 1;
    this.#random = createRandom(this.#seed);
    this.#noise = createNoiseTable(this.#random);
    const defaults = defaultScopeSettings();
    const { channels: initialChannels, ...initialGlobal } = options.initial ?? {};
    this.#settings = {
      ...defaults,
      ...initialGlobal,
      channels: defaults.channels.map((ch, i) => ({ ...ch, ...initialChannels?.[i + 1] })),
    };
    if (this.#settings.runState === 'stop') this.#triggerState = 'stopped';
    this.#info = {
      id: this.id,
      kind: 'oscilloscope',
      profile: OSCILLOSCOPE_PROFILE.id,
      vendor: 'Benchtop',
      model: 'SIM-SCOPE4 four-channel oscilloscope',
      serial: `SIM-${this.id}`,
      channels: this.#settings.channels.map((_, i) => ({ name: `CH${i + 1}`, unit: 'V', min: -50, max: 50 })),
      streams: [
        {
          stream_type: 'waveform',
          // 60 Hz displays: a 16 ms period. Larger records than the machine can acquire that fast skip
          // ticks, counted in stats.
          min_interval_ms: 16,
          max_interval_ms: 60_000,
          encodings: ['binary', 'json'],
        },
        { stream_type: 'measurements', min_interval_ms: 50, max_interval_ms: 60_000, encodings: ['json'] },
      ],
      parameters: scopeParameters(),
    };
  }

  /** Records acquired since construction (shared reads and a stopped scope's repeats not counted). */
  get acquisitionCount(): number {
    return this.#acquisitions;
  }

  async connect(): Promise<void> {
    // Nothing to open: the simulator is in this process. (FaultyDriver simulates a link that fails.)
  }

  async identify(): Promise<Identity> {
    return { vendor: 'Benchtop', model: this.#info.model, serial: this.#info.serial, firmware: 'sim-1' };
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(): Promise<ParameterSnapshot> {
    const s = this.#settings;
    const channels: ParameterSnapshot['channels'] = {};
    s.channels.forEach((ch, i) => {
      channels[i + 1] = channelSnapshot(ch);
    });
    return {
      global: {
        timebase: s.timebaseSPerDiv,
        record_length: s.recordLength,
        sample_rate: sampleRateHzOf(s.recordLength, s.timebaseSPerDiv),
        trigger_source: `CH${s.triggerSource}`,
        trigger_level: s.triggerLevelV,
        trigger_slope: s.triggerSlope,
        trigger_mode: s.triggerMode,
        trigger_position: s.triggerPosition,
        trigger_holdoff: s.triggerHoldoffS,
        run_state: s.runState,
        trigger_state: this.#triggerState,
      },
      channels,
    };
  }

  async setParameter(parameter: string, value: ParameterValue, channel?: number): Promise<ParameterValue> {
    const info = findParameter(this.#info.parameters, parameter, channel);
    const checked = checkParameterValue(info, value);
    const { settings, applied } = applySetting(this.#settings, parameter, checked, info.channel);
    // Choosing single mode arms one capture (the SINGLE key), run re-arms, stop freezes the display.
    if (
      (parameter === 'trigger_mode' && applied === 'single') ||
      (parameter === 'run_state' && applied === 'run')
    ) {
      settings.runState = 'run';
      this.#triggerState = 'armed';
    } else if (parameter === 'run_state' && applied === 'stop') {
      this.#triggerState = 'stopped';
    }
    this.#settings = settings;
    // A record taken with the old settings must not be served to a reader as if it were current.
    if (this.#held) this.#held.acquiredAtMs = Number.NEGATIVE_INFINITY;
    return applied;
  }

  async read(streamType: StreamType, options?: ReadOptions): Promise<StreamSample> {
    if (streamType !== 'waveform' && streamType !== 'measurements') {
      throw new DriverError(`${this.id} has no ${streamType} stream`, 'invalid_value');
    }
    const held = this.#shared(options) ?? this.#acquire(options?.readerId);
    if (typeof held === 'string') return { kind: 'none', timestampMs: this.#clock.nowMs(), reason: held };
    if (streamType === 'waveform') {
      return { kind: 'record', timestampMs: held.timestampMs, record: held.record };
    }
    held.measurements ??= measureRecordInSlices(held.record);
    return { kind: 'measurements', timestampMs: held.timestampMs, values: { ...(await held.measurements) } };
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#events.on(listener);
  }

  /** Captures synthesised exactly from the channels' settings, at any rate up to the store's limit. */
  captureSource(host: CaptureHost): CaptureSource {
    return new SimScopeCaptureSource(host, this.#seed);
  }

  async close(): Promise<void> {
    // Nothing to release: acquisition happens on demand and owns no timers.
  }

  /** The latest record, if `options` allow serving it again (young enough, not yet had by this reader). */
  #shared(options: ReadOptions | undefined): HeldRecord | undefined {
    const held = this.#held;
    const readerId = options?.readerId;
    if (!held || readerId === undefined || options?.maxAgeMs === undefined) return undefined;
    if (this.#settings.runState === 'stop' || held.servedTo.has(readerId)) return undefined;
    if (this.#clock.nowMs() - held.acquiredAtMs >= options.maxAgeMs) return undefined;
    held.servedTo.add(readerId);
    return held;
  }

  /** Acquires a record now (or serves the frozen one when stopped); a reason when there is none. */
  #acquire(readerId: string | undefined): HeldRecord | NoSampleReason {
    const s = this.#settings;
    if (s.runState === 'stop') return this.#held ?? 'stopped';
    const length = 2 * s.recordLength;
    if (this.#scratch?.length !== length) this.#scratch = new Float32Array(length);
    const endTimeS = (this.#clock.nowMs() - this.#originMs) / 1000;
    const acquisition = acquireRecord(
      toAcquisitionSetup(s),
      endTimeS,
      this.#noise,
      this.#random,
      this.#scratch,
      (n) => this.#recordBuffers.take(n),
    );
    if (!acquisition) {
      this.#triggerState = 'waiting';
      return 'waiting_for_trigger';
    }
    const { record, startTimeS } = acquisition;
    this.#recordBuffers.lend(record.channels.map((c) => c.samples));
    this.#acquisitions++;
    this.#held = {
      record,
      timestampMs: this.#originMs + startTimeS * 1000,
      acquiredAtMs: this.#clock.nowMs(),
      servedTo: new Set(readerId === undefined ? [] : [readerId]),
    };
    this.#triggerState = record.triggered ? 'triggered' : 'armed';
    if (s.triggerMode === 'single' && record.triggered) {
      this.#settings = { ...s, runState: 'stop' };
      this.#triggerState = 'stopped';
      this.#events.emit({
        equipmentId: this.id,
        level: 'info',
        kind: 'acquisition_stopped',
        message: `${this.id} single acquisition captured; stopped`,
        details: { trigger_mode: 'single' },
        timestampMs: this.#clock.nowMs(),
      });
    }
    return this.#held;
  }
}

/**
 * Measurements of every channel in a record, keyed by channel name, with the wire's field names
 * (ScopeChannelMeasurements in shared/protocol/scope.ts); unsupported figures are left out.
 */
export function measureRecord(record: ScopeRecord): Record<string, Record<string, number>> {
  const values: Record<string, Record<string, number>> = {};
  for (const { channel, samples } of record.channels) {
    const m = measureChannel(samples, record.sampleRateHz);
    if (m) values[scopeChannelName(channel)] = m;
  }
  return values;
}

/** Records at least this long per channel are measured a channel per event-loop turn. */
export const SLICE_FROM_POINTS = 100_000;

/**
 * measureRecord, yielding to the event loop between the channels of a large record: one 1M-point channel
 * takes 2–5 ms to measure, and four in one turn held every other stream, client and timer up for 10–20 ms
 * (the measurementStats benchmark). The record must stay unchanged until this settles: a simulated
 * scope's arrays are lent for two newer records (RecordBuffers), far longer than the four turns this takes.
 */
export async function measureRecordInSlices(
  record: ScopeRecord,
): Promise<Record<string, Record<string, number>>> {
  const values: Record<string, Record<string, number>> = {};
  let measured = 0;
  for (const channel of record.channels) {
    if (measured > 0 && channel.samples.length >= SLICE_FROM_POINTS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    Object.assign(values, measureRecord({ ...record, channels: [channel] }));
    measured++;
  }
  return values;
}
