/**
 * The generic capture of a power supply (one whose driver has no source of its own): each sample is a
 * `read('readings')` through the host, so it waits its turn behind display streams and settings. A real
 * supply answers a reading in tens of milliseconds over its link, so before a capture is admitted the
 * source times a few reads and refuses a rate it cannot keep: one read, plus up to one pump period
 * (POLL_INTERVAL_MS) before the read starts, must fit in a sample period. The refusal gives the figures
 * ("psu_2 (DP832) answers readings at about 24 Hz (42 ms a read), so it can be polled at up to 21 Hz;
 * 100 Hz asked"). The measured rate goes into the acquisition's settings (meta.json
 * `instrument_settings.capture`), and a running capture counts what it achieved (`stats`). When a read
 * comes late, the samples due meanwhile hold that one reading (counted as held), and a read that brings
 * nothing (a lost reading) holds the previous one — never invented values.
 */
import type { PsuChannelReading } from '../../../../shared/protocol/index.js';
import type { Clock } from '../../../util/index.js';
import type { AcquisitionChannel } from '../../config.js';
import { settingsSnapshot } from './settingsSnapshot.js';
import { columnValue, supplyChannels, supplyColumns, type SupplyColumn } from './supplyChannels.js';
import type {
  CaptureContext,
  CaptureHost,
  CaptureRefusal,
  SampleGenerator,
  StreamCaptureSource,
} from './types.js';

/** Reads timed to measure how fast the supply answers, before a capture is admitted. */
export const RATE_PROBE_READS = 5;
/**
 * Pump period of a polled capture, ms: a sample's read starts at the first tick after it is due, so the
 * period adds to each read's latency — short enough to cost little, long enough not to spin.
 */
export const POLL_INTERVAL_MS = 5;
/** Highest rate of a polled capture whatever the link, Hz (a reading every millisecond). */
export const POLLED_MAX_SAMPLE_RATE_HZ = 1_000;

/** What a polled capture achieved so far. */
export interface PolledCaptureStats extends Record<string, number> {
  /** Reads answered (with a reading or without). */
  reads: number;
  /** Reads per second from the first read's start to the last one's end; 0 before two reads. */
  read_rate_hz: number;
  /** Samples that hold an earlier reading (the read came late, or brought none). */
  held_samples: number;
}

/** A supply captured by polling its readings (see the file comment). */
export class PolledSupplySource implements StreamCaptureSource {
  readonly pacing = 'stream';
  readonly equipmentId: string;
  readonly channels: readonly AcquisitionChannel[];
  readonly maxSampleRateHz: number;
  readonly blockIntervalMs = POLL_INTERVAL_MS;
  readonly #host: CaptureHost;
  readonly #clock: Clock;
  #measuredHz: number | undefined;

  constructor(host: CaptureHost, context: CaptureContext) {
    this.#host = host;
    this.#clock = context.clock;
    this.equipmentId = host.id;
    const info = host.capabilities();
    this.channels = supplyChannels(info);
    // The catalog's fastest readings stream is the instrument's own word on how often it can be read.
    const minIntervalMs = info.streams.find((s) => s.stream_type === 'readings')?.min_interval_ms;
    this.maxSampleRateHz = Math.min(
      POLLED_MAX_SAMPLE_RATE_HZ,
      minIntervalMs === undefined ? POLLED_MAX_SAMPLE_RATE_HZ : 1000 / minIntervalMs,
    );
  }

  /** Times RATE_PROBE_READS reads back to back; resolves with the reads per second achieved. */
  async measureReadRate(): Promise<number> {
    const startMs = this.#clock.nowMs();
    for (let i = 0; i < RATE_PROBE_READS; i++) await this.#host.read('readings');
    const elapsedMs = this.#clock.nowMs() - startMs;
    const hz = elapsedMs > 0 ? (RATE_PROBE_READS * 1000) / elapsedMs : Number.POSITIVE_INFINITY;
    this.#measuredHz = hz;
    return hz;
  }

  /** The fastest capture a read rate allows: a read and one pump period per sample, Hz. */
  static pollableHz(readRateHz: number): number {
    return 1000 / (1000 / readRateHz + POLL_INTERVAL_MS);
  }

  async admit(plan: { sampleRateHz: number }): Promise<CaptureRefusal | undefined> {
    const hz = await this.measureReadRate();
    const maxHz = PolledSupplySource.pollableHz(hz);
    if (plan.sampleRateHz <= maxHz) return undefined;
    const { model } = this.#host.capabilities();
    const who = model === '' ? this.equipmentId : `${this.equipmentId} (${model})`;
    const answers = Number.isFinite(hz)
      ? `answers readings at about ${formatFigure(hz)} Hz (${formatFigure(1000 / hz)} ms a read)`
      : 'answers readings at once';
    return {
      field: 'sample_rate_hz',
      message: `${who} ${answers}, so it can be polled at up to ${formatFigure(maxHz)} Hz; ${plan.sampleRateHz} Hz asked`,
      maxSampleRateHz: maxHz,
    };
  }

  async settings(): Promise<Record<string, unknown>> {
    const snapshot = await settingsSnapshot(this.#host);
    const measured = this.#measuredHz;
    return {
      ...snapshot,
      capture: {
        method: 'polled_readings',
        ...(measured !== undefined &&
          Number.isFinite(measured) && {
            measured_read_rate_hz: measured,
            max_sample_rate_hz: PolledSupplySource.pollableHz(measured),
          }),
      },
    };
  }

  open(channels: readonly string[]): PolledSupplyGenerator {
    return new PolledSupplyGenerator(
      this.#host,
      this.#clock,
      supplyColumns(this.equipmentId, this.#host.capabilities(), channels),
    );
  }
}

/** One polled capture: a read per block, its reading in every sample of the block. */
export class PolledSupplyGenerator implements SampleGenerator {
  readonly #host: CaptureHost;
  readonly #clock: Clock;
  readonly #columns: readonly SupplyColumn[];
  #held: PsuChannelReading[] | undefined;
  #reads = 0;
  #heldSamples = 0;
  #firstReadMs: number | undefined;
  #lastReadEndMs = 0;

  constructor(host: CaptureHost, clock: Clock, columns: readonly SupplyColumn[]) {
    this.#host = host;
    this.#clock = clock;
    this.#columns = columns;
  }

  async generate(count: number, _firstTimeMs: number, out: readonly Float32Array[]): Promise<void> {
    this.#firstReadMs ??= this.#clock.nowMs();
    const sample = await this.#host.read('readings');
    this.#reads++;
    this.#lastReadEndMs = this.#clock.nowMs();
    const fresh = sample.kind === 'readings';
    if (fresh) this.#held = sample.readings;
    // Before the first reading there is nothing to hold: NaN, not a made-up zero.
    this.#columns.forEach((column, c) => out[c]!.fill(columnValue(this.#held, column), 0, count));
    this.#heldSamples += fresh ? count - 1 : count;
  }

  stats(): PolledCaptureStats {
    const spanMs = this.#firstReadMs === undefined ? 0 : this.#lastReadEndMs - this.#firstReadMs;
    return {
      reads: this.#reads,
      read_rate_hz: this.#reads >= 2 && spanMs > 0 ? (this.#reads * 1000) / spanMs : 0,
      held_samples: this.#heldSamples,
    };
  }
}

/** A rate or a time for people: two significant figures below 100, whole numbers above. */
function formatFigure(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(2)));
}
