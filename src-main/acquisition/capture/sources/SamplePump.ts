/**
 * Drives a SampleGenerator in real time on absolute deadlines: every `blockIntervalMs` it produces exactly
 * the samples due since the segment started — sample k of a segment is due at t0 + k / rate — so the count
 * is exact and contiguous however late a timer fires (a late tick just produces a larger block, split at
 * `maxBlockSamples`). Nothing here waits for a consumer: blocks are handed over synchronously and the
 * buffers are reused, so a consumer that keeps data copies it (the recorder does, in append).
 */
import type { Clock } from '../../../util/index.js';
import { DeadlineTimer } from '../../../streams/index.js';
import type { SampleBlock } from '../../storage/index.js';
import type { SampleGenerator } from './types.js';

/** What to pump, at what rate, and where the blocks go. */
export interface SamplePumpOptions {
  generator: SampleGenerator;
  channelCount: number;
  sampleRateHz: number;
  clock: Clock;
  /** Timer period, ms. */
  blockIntervalMs: number;
  /** Largest block handed over at once, samples per channel. */
  maxBlockSamples: number;
  /** Each block in order, indexed from the first sample the pump produced. Views valid during the call. */
  onBlock(block: SampleBlock): void;
  /** Once, when the generator rejects; the pump has stopped. */
  onError(error: Error): void;
}

/** Real-time block producer on absolute deadlines (see the file comment). */
export class SamplePump {
  readonly #options: SamplePumpOptions;
  readonly #timer: DeadlineTimer;
  readonly #msPerSample: number;
  #buffers: Float32Array[] = [];
  #produced = 0;
  #segmentFirst = 0;
  #segmentT0Ms = 0;
  #limit = Number.POSITIVE_INFINITY;
  #running = false;
  #busy: Promise<void> | undefined;
  #busyTicks = 0;

  constructor(options: SamplePumpOptions) {
    this.#options = options;
    this.#msPerSample = 1000 / options.sampleRateHz;
    this.#timer = new DeadlineTimer(options.blockIntervalMs, () => this.#tick());
  }

  /** Samples produced (and handed over) so far: the index of the next one. */
  get produced(): number {
    return this.#produced;
  }

  /** True between start/continue and pause. */
  get running(): boolean {
    return this.#running;
  }

  /** Ticks that found the previous block still being generated (caught up by the next one). */
  get busyTicks(): number {
    return this.#busyTicks;
  }

  /** What the generator counts of its work (a polled supply's achieved read rate), if it counts. */
  stats(): Record<string, number> | undefined {
    return this.#options.generator.stats?.();
  }

  /** Wall time of sample `index`, epoch ms (valid for indices of the current segment). */
  timeOf(index: number): number {
    return this.#segmentT0Ms + (index - this.#segmentFirst) * this.#msPerSample;
  }

  /** Produces no sample at or beyond `totalSamples`. */
  setLimit(totalSamples: number): void {
    this.#limit = totalSamples;
  }

  /** Starts (or restarts after pause) a segment whose first sample, the next one produced, is at `t0Ms`. */
  start(t0Ms: number): void {
    this.#segmentFirst = this.#produced;
    this.#segmentT0Ms = t0Ms;
    this.#running = true;
    this.#timer.start();
  }

  /** Stops producing; resolves once a block being generated has been handed over. */
  async pause(): Promise<void> {
    this.#running = false;
    this.#timer.stop();
    await this.#busy;
  }

  /** Starts again on the time base it had (samples due meanwhile are produced at once). */
  continue(): void {
    if (this.#running) return;
    this.#running = true;
    this.#timer.start();
  }

  #tick(): void {
    if (this.#busy !== undefined) {
      this.#busyTicks++;
      return;
    }
    const elapsedMs = this.#options.clock.nowMs() - this.#segmentT0Ms;
    const due = Math.min(this.#limit, this.#segmentFirst + Math.floor(elapsedMs / this.#msPerSample) + 1);
    if (due <= this.#produced) return;
    this.#busy = this.#produce(due).finally(() => (this.#busy = undefined));
  }

  async #produce(due: number): Promise<void> {
    const { generator, onBlock, maxBlockSamples, channelCount } = this.#options;
    while (this.#running && this.#produced < due) {
      const count = Math.min(maxBlockSamples, due - this.#produced);
      this.#ensureBuffers(count);
      const views = this.#buffers.map((b) => b.subarray(0, count));
      try {
        await generator.generate(count, this.timeOf(this.#produced), views);
      } catch (err) {
        this.#running = false;
        this.#timer.stop();
        this.#options.onError(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      // Generated samples are always handed over, even if a pause came meanwhile: the consumer counts them.
      onBlock({ firstSample: this.#produced, channels: views.slice(0, channelCount) });
      this.#produced += count;
    }
  }

  #ensureBuffers(count: number): void {
    const have = this.#buffers[0]?.length ?? 0;
    if (have >= count) return;
    const length = Math.min(this.#options.maxBlockSamples, Math.max(count, 2 * have));
    this.#buffers = Array.from({ length: this.#options.channelCount }, () => new Float32Array(length));
  }
}
