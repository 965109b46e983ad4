/**
 * A scope's waveform feed (the bench's latest record) as a thumbnail's source: each channel's record as
 * (min, max) columns, at most one per canvas pixel — display records (min/max pairs) reduced to fewer
 * columns, full-resolution ones decimated to them — computed once per record and width.
 */
import { decimateMinMax } from '../../shared/dsp/decimate';
import { reduceMinMaxPairs } from '../../shared/dsp/minMaxPairs';
import type { WaveformFeed } from '../data/WaveformFeed';
import type { ThumbnailSource } from './TraceThumbnail';

export class FeedTraceSource implements ThumbnailSource {
  readonly #feed: WaveformFeed;
  #columns: (Float32Array | undefined)[] = [];
  readonly #owned: Float32Array[] = [];
  #madeFor = { version: -1, maxColumns: -1 };
  #x = new Float64Array(0);

  constructor(feed: WaveformFeed) {
    this.#feed = feed;
  }

  version(): number {
    return this.#feed.version;
  }

  hasData(): boolean {
    return this.#feed.records > 0;
  }

  latestTimestampMs(): number | undefined {
    return this.#feed.view()?.t0Ms;
  }

  minMaxColumns(maxColumns: number): readonly (Float32Array | undefined)[] {
    const version = this.#feed.version;
    if (this.#madeFor.version === version && this.#madeFor.maxColumns === maxColumns) return this.#columns;
    const view = this.#feed.view();
    const columns: (Float32Array | undefined)[] = [];
    view?.ys.forEach((values, i) => {
      if (values === undefined || values.length === 0) return;
      const wanted = Math.max(1, Math.floor(maxColumns));
      if (view.minMax) {
        const whole = Math.floor(values.length / 2);
        if (wanted >= whole) columns[i] = values;
        else {
          if (this.#x.length < 2 * wanted) this.#x = new Float64Array(2 * wanted);
          const out = this.#reuse(i, 2 * wanted);
          reduceMinMaxPairs(values.subarray(0, 2 * whole), wanted, out, this.#x);
          columns[i] = out;
        }
      } else {
        // A full-resolution record: one (min, max) column per pixel, or each sample its own column.
        const buckets = Math.min(wanted, values.length);
        columns[i] = decimateMinMax(values, buckets, this.#reuse(i, 2 * buckets));
      }
    });
    this.#columns = columns;
    this.#madeFor = { version, maxColumns };
    return columns;
  }

  /** Channel i's own output array (never the record's: that is the received frame), kept while its length stays. */
  #reuse(i: number, length: number): Float32Array {
    const before = this.#owned[i];
    if (before !== undefined && before.length === length) return before;
    return (this.#owned[i] = new Float32Array(length));
  }
}
