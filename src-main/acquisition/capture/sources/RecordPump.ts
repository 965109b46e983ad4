/**
 * Drives a RecordReader: reads records one after another (no faster than `minReadIntervalMs` from one
 * read's start to the next) and hands their samples over in blocks of at most `maxBlockSamples`, indexed
 * on from the last sample handed over. Unlike SamplePump there is no real-time deadline: a record carries
 * its own time base (t0, rate). A record that does not continue the previous one exactly (within half a
 * sample) — a scope's next screen after its dead time, the first after a miss or a pause — starts a new
 * time segment at its own t0 (`onSegment`, awaited before its first block), so records are never stitched
 * onto one time base. A read that brings no record when one was due is a missed record (`onMissed`,
 * counted); one that finds none yet (no trigger) is simply tried again. A record at another rate than the
 * capture's (the timebase was changed) cannot be put in it: the pump stops with that reason. A reader
 * that has no more to give (`end`: a single deep record delivered) stops the pump (`onEnd`); a pause
 * cancels a record being read where the reader can (a deep download), so a stop is prompt.
 */
import { systemTimers, type TimerHandle, type Timers } from '../../../util/index.js';
import type { Clock } from '../../../util/index.js';
import type { SampleBlock } from '../../storage/index.js';
import type { CapturedRecord, RecordReader } from './types.js';

export interface RecordPumpOptions {
  reader: RecordReader;
  channelCount: number;
  /** The capture's rate; every record must be at it, Hz. */
  sampleRateHz: number;
  clock: Clock;
  /** Pacing between reads; default Node's timers. */
  timers?: Timers;
  /** Least time from one read's start to the next's, ms. */
  minReadIntervalMs: number;
  /** Largest block handed over at once, samples per channel. */
  maxBlockSamples: number;
  /** Each block in order. Views valid during the call. */
  onBlock(block: SampleBlock): void;
  /** A new time segment starts at the next sample, at `t0Ms` (epoch ms); awaited before its first block. */
  onSegment(t0Ms: number): Promise<void>;
  /** A record was due and did not come: the next one starts a new segment. */
  onMissed(missed: { sample: number; reason: string; missedRecords: number }): void;
  /** Once, when reading fails; the pump has stopped. */
  onError(error: Error): void;
  /** The reader has no more records (`end`) while the pump was running; the pump has stopped. */
  onEnd?(reason: string): void;
}

/** What a record capture achieved so far. */
export interface RecordCaptureStats extends Record<string, number> {
  records: number;
  missed_records: number;
}

/** Record-by-record producer (see the file comment). */
export class RecordPump {
  readonly #options: RecordPumpOptions;
  readonly #timers: Timers;
  readonly #msPerSample: number;
  #produced = 0;
  #limit = Number.POSITIVE_INFINITY;
  #running = false;
  #loop: Promise<void> | undefined;
  #sleep: { handle: TimerHandle; wake: () => void } | undefined;
  /** Where the current segment's samples sit in time: its first index and t0, and its end (epoch ms). */
  #segmentFirst = 0;
  #segmentT0Ms = 0;
  #segmentEndMs: number | undefined;
  #records = 0;
  #missed = 0;

  constructor(options: RecordPumpOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#msPerSample = 1000 / options.sampleRateHz;
  }

  get produced(): number {
    return this.#produced;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Wall time of sample `index`, epoch ms (valid for indices of the current segment). */
  timeOf(index: number): number {
    return this.#segmentT0Ms + (index - this.#segmentFirst) * this.#msPerSample;
  }

  setLimit(totalSamples: number): void {
    this.#limit = totalSamples;
  }

  stats(): RecordCaptureStats {
    return { records: this.#records, missed_records: this.#missed };
  }

  /**
   * Starts reading (again). The time given is not used: each record brings its own, and the first one
   * read from here on starts a new segment.
   */
  start(_t0Ms?: number): void {
    this.#segmentEndMs = undefined;
    this.continue();
  }

  continue(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop ??= this.#run().finally(() => (this.#loop = undefined));
  }

  /** Stops reading; resolves once a record being read has been handed over. */
  async pause(): Promise<void> {
    this.#running = false;
    this.#options.reader.cancel?.();
    const sleep = this.#sleep;
    if (sleep !== undefined) {
      this.#timers.clearTimeout(sleep.handle);
      sleep.wake();
    }
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { reader, clock, minReadIntervalMs } = this.#options;
    while (this.#running && this.#produced < this.#limit) {
      const startedMs = clock.nowMs();
      try {
        const result = await reader.next();
        // Handed over even if a pause came meanwhile, as SamplePump does: the consumer counts it.
        if (result.kind === 'record') await this.#deliver(result);
        else if (result.kind === 'missed') this.#miss(result.reason);
        else if (result.kind === 'end') {
          // Not when a pause asked for it: the one pausing decides what happens next.
          if (this.#running) {
            this.#running = false;
            this.#options.onEnd?.(result.reason);
          }
          return;
        }
      } catch (err) {
        this.#running = false;
        this.#options.onError(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const waitMs = minReadIntervalMs - (clock.nowMs() - startedMs);
      if (waitMs > 0 && this.#running) await this.#pace(waitMs);
    }
  }

  #pace(waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.#sleep = undefined;
        resolve();
      };
      this.#sleep = { handle: this.#timers.setTimeout(wake, waitMs), wake };
    });
  }

  #miss(reason: string): void {
    this.#missed++;
    this.#segmentEndMs = undefined;
    this.#options.onMissed({ sample: this.#produced, reason, missedRecords: this.#missed });
  }

  async #deliver(record: CapturedRecord): Promise<void> {
    const { sampleRateHz, onBlock, onSegment, maxBlockSamples, channelCount } = this.#options;
    if (Math.abs(record.sampleRateHz - sampleRateHz) > sampleRateHz * 1e-9) {
      throw new Error(
        `records now come at ${record.sampleRateHz} Sa/s and the capture runs at ${sampleRateHz}: the timebase or record length changed`,
      );
    }
    const length = Math.min(record.channels[0]?.length ?? 0, this.#limit - this.#produced);
    if (length <= 0) return;
    this.#records++;
    const end = this.#segmentEndMs;
    const contiguous = end !== undefined && Math.abs(record.t0Ms - end) <= 0.5 * this.#msPerSample;
    if (!contiguous) {
      await onSegment(record.t0Ms);
      this.#segmentFirst = this.#produced;
      this.#segmentT0Ms = record.t0Ms;
    }
    this.#segmentEndMs = record.t0Ms + length * this.#msPerSample;
    for (let from = 0; from < length; from += maxBlockSamples) {
      const to = Math.min(length, from + maxBlockSamples);
      const channels = record.channels.slice(0, channelCount).map((c) => c.subarray(from, to));
      onBlock({ firstSample: this.#produced, channels });
      this.#produced += to - from;
    }
  }
}
