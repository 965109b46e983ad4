/**
 * The latest trace of each channel of one scope as (min, max) columns, for a trace thumbnail: each
 * channel keeps one array, refilled in place from the received record (a frame's views alias the
 * received bytes, so the values are copied, but into the same memory each time). A thumbnail narrower
 * than the trace's columns gets them reduced to one column per canvas pixel (reduceMinMaxPairs: the
 * same envelope), computed once per new trace whatever the number of draws.
 */
import { reduceMinMaxPairs } from '../../shared/dsp/minMaxPairs';
import type { ThumbnailSource } from './TraceThumbnail';

export const TRACE_CHANNELS = 4;

/** The arrays a reduced view is written into, kept while the width stays. */
interface Reduced {
  columns: number;
  x: Float64Array;
  traces: (Float32Array | undefined)[];
  version: number;
}

export class TraceSource implements ThumbnailSource {
  readonly #traces: (Float32Array | undefined)[] = [];
  /** Each channel's record timestamp, ms. */
  readonly #timestamps: number[] = [];
  /** The newest record's timestamp and the one before it, ms. */
  #records: [newest: number, before: number] = [-Infinity, -Infinity];
  /** Values per channel of the traces held (2 × columns). */
  #length = 0;
  #version = 0;
  #reduced: Reduced | undefined;

  /**
   * Takes one channel's trace (1-based channel; others are ignored): interleaved (min, max) pairs, V. A
   * trace of another length than the last starts over (the other channels' older traces are dropped,
   * since they no longer line up with it).
   */
  take(channel: number, minMax: ArrayLike<number>, timestampMs: number): void {
    if (channel < 1 || channel > TRACE_CHANNELS) return;
    const n = minMax.length;
    if (n !== this.#length) {
      this.#length = n;
      this.#traces.length = 0;
      this.#timestamps.length = 0;
      this.#reduced = undefined;
    }
    let trace = this.#traces[channel - 1];
    if (trace === undefined) this.#traces[channel - 1] = trace = new Float32Array(n);
    trace.set(minMax);
    this.#timestamps[channel - 1] = timestampMs;
    // Any other timestamp than the newest record's begins a new record, earlier ones too: an instrument
    // clock stepped back (an agent restarted on another host) must not freeze the source.
    if (timestampMs !== this.#records[0]) {
      this.#records = [timestampMs, this.#records[0]];
      // A channel whose last trace is older than the record before this one is no longer sent.
      for (let i = 0; i < TRACE_CHANNELS; i++)
        if (i !== channel - 1 && !this.#ofLatestRecords(this.#timestamps[i])) this.#traces[i] = undefined;
    }
    this.#version++;
  }

  /** Whether a channel's trace of record time `timestampMs` is of the newest record or the one before. */
  #ofLatestRecords(timestampMs: number | undefined): boolean {
    return timestampMs === undefined || timestampMs === this.#records[0] || timestampMs === this.#records[1];
  }

  version(): number {
    return this.#version;
  }

  hasData(): boolean {
    return this.#version > 0;
  }

  latestTimestampMs(): number | undefined {
    const newest = this.#records[0];
    return Number.isFinite(newest) ? newest : undefined;
  }

  /** Each channel's (min, max) columns (undefined: none yet), reduced to `maxColumns` when it has more. */
  minMaxColumns(maxColumns: number): readonly (Float32Array | undefined)[] {
    const columns = Math.floor(maxColumns);
    const whole = this.#length / 2;
    if (columns < 1 || columns >= whole || !Number.isInteger(whole)) {
      return Array.from({ length: TRACE_CHANNELS }, (_, i) => this.#traces[i]);
    }
    let reduced = this.#reduced;
    if (reduced?.columns !== columns) {
      reduced = this.#reduced = {
        columns,
        x: new Float64Array(2 * columns),
        traces: [],
        version: -1,
      };
    }
    if (reduced.version !== this.#version) {
      for (let i = 0; i < TRACE_CHANNELS; i++) {
        const trace = this.#traces[i];
        if (trace === undefined) {
          reduced.traces[i] = undefined;
          continue;
        }
        const out = (reduced.traces[i] ??= new Float32Array(2 * columns));
        reduceMinMaxPairs(trace, columns, out, reduced.x);
      }
      reduced.version = this.#version;
    }
    return reduced.traces;
  }
}
