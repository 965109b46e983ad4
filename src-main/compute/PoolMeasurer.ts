/**
 * Measures oscilloscope records in the compute pool (the InstrumentHost's RecordMeasurer): a record's
 * channels go as one task per thread (taskGroups), so they are measured on every thread at once, and per
 * instrument one record is measured at a time with at most one waiting (LatestWins: a newer record
 * replaces the waiting one, and results come in record order). A record asked for twice (two producers, a stopped
 * scope showing its last record) is measured once. The statistics (Welford) stay on the event loop:
 * folding one record's figures in costs microseconds.
 */
import { scopeChannelName } from '../../shared/analysis/mathChannels.js';
import { measureChannel } from '../../shared/analysis/measureWaveform.js';
import type { RecordMeasurements, RecordMeasurer, ScopeRecord } from '../instruments/index.js';
import { type Logger, LogThrottle } from '../util/index.js';
import type { ComputeRunner } from './ComputePool.js';
import { LatestWins } from './LatestWins.js';
import type { SharedRecords, SharedSamples } from './SharedRecords.js';

interface MeasureJob {
  timestampMs: number;
  sampleRateHz: number;
  /** The record's channels, shared copies (made at submission: see SharedRecords), held until done. */
  channels: { channel: number; shared: SharedSamples }[];
}

type Measured = { timestampMs: number; values: RecordMeasurements } | undefined;

export interface PoolMeasurerOptions {
  runner: ComputeRunner;
  records: SharedRecords;
  log: Logger;
  /** Records of at most this many points (all channels) are measured on the event loop: INLINE_MAX_POINTS. */
  inlineMaxPoints?: number;
}

/**
 * Up to this many points a record costs less to measure on the event loop (~3 ns a point: 0.8 ms) than to
 * hand to the pool: four task messages and two thread wake-ups, with threads that then compete for the
 * same cores. With twenty benches' 4 × 10k-point records at 10 Hz, sending every record to the pool took
 * fleetLoad's records p95 from 20.4 ms to 221 ms over NATS (direct 9.1 to 53.9 ms); 4 × 1M records still
 * go to the pool (measurementStats).
 */
export const INLINE_MAX_POINTS = 1 << 18;

export class PoolMeasurer implements RecordMeasurer {
  readonly #runner: ComputeRunner;
  readonly #records: SharedRecords;
  readonly #throttle: LogThrottle;
  readonly #lanes: LatestWins<MeasureJob, RecordMeasurements>;
  readonly #measured = new WeakMap<ScopeRecord, Promise<Measured>>();
  readonly #inlineMaxPoints: number;
  #failures = 0;
  #inline = 0;

  constructor(options: PoolMeasurerOptions) {
    this.#runner = options.runner;
    this.#records = options.records;
    this.#throttle = new LogThrottle(options.log);
    this.#inlineMaxPoints = options.inlineMaxPoints ?? INLINE_MAX_POINTS;
    this.#lanes = new LatestWins((job) => this.#measure(job).finally(() => release(job)), release);
  }

  /** Records whose measuring failed (a worker threw or died), since construction. */
  get failures(): number {
    return this.#failures;
  }

  /** Records measured on the event loop (small enough: inlineMaxPoints), since construction. */
  get measuredInline(): number {
    return this.#inline;
  }

  /** Records replaced while waiting (never measured: their readers got the newer record's figures). */
  get replaced(): number {
    return this.#lanes.replaced;
  }

  measure(equipmentId: string, record: ScopeRecord, timestampMs: number): Promise<Measured> {
    const known = this.#measured.get(record);
    if (known !== undefined) return known;
    const job: MeasureJob = {
      timestampMs,
      sampleRateHz: record.sampleRateHz,
      channels: record.channels.map(({ channel }) => ({
        channel,
        shared: this.#records.hold(record, channel)!,
      })),
    };
    const measured = this.#lanes.submit(equipmentId, job).then(
      ({ job: done, result }): Measured => ({ timestampMs: done.timestampMs, values: result }),
      (err: unknown): Measured => {
        this.#failures++;
        // Asked again (a stopped scope's record), it is measured again rather than failing for good.
        this.#measured.delete(record);
        const why = err instanceof Error ? err.message : String(err);
        this.#throttle.warn(
          `measure:${equipmentId}`,
          `measuring a record of ${equipmentId} failed (${why}); its measurements are skipped and the next record is measured`,
        );
        return undefined;
      },
    );
    this.#measured.set(record, measured);
    return measured;
  }

  async #measure(job: MeasureJob): Promise<RecordMeasurements> {
    const points = job.channels.reduce((sum, { shared }) => sum + shared.samples.length, 0);
    // Still in the record's lane (LatestWins), so results keep record order across a change of length.
    const measured =
      points <= this.#inlineMaxPoints ? this.#measureInline(job) : await this.#measurePooled(job);
    const values: RecordMeasurements = {};
    job.channels.forEach(({ channel }, i) => {
      const m = measured[i];
      if (m !== undefined) values[scopeChannelName(channel)] = m;
    });
    return values;
  }

  #measureInline(job: MeasureJob): (Record<string, number> | undefined)[] {
    this.#inline++;
    return job.channels.map(({ shared }) => measureChannel(shared.samples, job.sampleRateHz));
  }

  async #measurePooled(job: MeasureJob): Promise<(Record<string, number> | undefined)[]> {
    const groups = taskGroups(
      job.channels.map(({ shared }) => shared.samples),
      this.#runner.threads ?? 1,
    );
    // Every task settles before the job does, so no worker still reads a copy once it is let go.
    const settled = await Promise.allSettled(
      groups.map((channels) =>
        this.#runner.run({ kind: 'measure', channels, sampleRateHz: job.sampleRateHz }),
      ),
    );
    return settled.flatMap((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
  }
}

/**
 * A record's channels as at most `threads` tasks of neighbouring channels, in order, the largest holding
 * as few points as can be: one task per thread, not per channel. With a task per channel, four channels on
 * two threads went two, then two more — each of those handed to its thread by the event loop once that
 * thread's first result came back, a hop through a loop that may be busy or waiting for a core
 * (docs/BENCHMARKS.md, measurementStats, "One task per thread").
 */
export function taskGroups(channels: readonly Float32Array[], threads: number): Float32Array[][] {
  const count = Math.max(1, Math.min(threads, channels.length));
  // Channels of one length (a scope's record): as even a split as can be, without the search's garbage.
  if (channels.every((samples) => samples.length === channels[0]!.length)) {
    const per = Math.ceil(channels.length / count);
    const groups: Float32Array[][] = [];
    for (let i = 0; i < channels.length; i += per) groups.push(channels.slice(i, i + per));
    return groups;
  }
  // Every run of neighbours' points is a possible largest task; the least that packs into `count` wins.
  const sizes = new Set<number>();
  for (let i = 0; i < channels.length; i++) {
    let points = 0;
    for (let j = i; j < channels.length; j++) sizes.add((points += channels[j]!.length));
  }
  for (const largest of [...sizes].sort((a, b) => a - b)) {
    const groups = packed(channels, largest);
    if (groups.length <= count) return groups;
  }
  return [];
}

/** Neighbouring channels in order, a new group whenever the next one would take this over `largest` points. */
function packed(channels: readonly Float32Array[], largest: number): Float32Array[][] {
  const groups: Float32Array[][] = [];
  let current: Float32Array[] = [];
  let points = 0;
  for (const samples of channels) {
    if (current.length > 0 && points + samples.length > largest) {
      groups.push(current);
      current = [];
      points = 0;
    }
    current.push(samples);
    points += samples.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Lets go of a job's copies: done, failed or replaced, no task reads them any more. */
function release(job: MeasureJob): void {
  for (const { shared } of job.channels) shared.release();
}
