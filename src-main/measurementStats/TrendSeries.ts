/**
 * The bounded history of one trended quantity: every value of the last RECENT_POINTS (at 10 Hz, the last
 * five minutes) in a ring, and everything older folded into min/max buckets. Buckets start FIRST_BUCKET_MS
 * wide; when there are more than MAX_BUCKETS, neighbours merge and the width doubles, so the history
 * covers the whole run at a resolution that halves as it grows, in fixed memory: BYTES_PER_SERIES.
 */
import { ChunkedFloat64Array } from './ChunkedFloat64Array.js';

export const RECENT_POINTS = 3_000;
export const MAX_BUCKETS = 1_000;
export const FIRST_BUCKET_MS = 1_000;
/** Two Float64 rings of RECENT_POINTS, three Float64 arrays of MAX_BUCKETS. */
export const BYTES_PER_SERIES = RECENT_POINTS * 2 * 8 + MAX_BUCKETS * 3 * 8;
/**
 * The storage comes in chunks as the series fills (ChunkedFloat64Array), so a new series costs 4 kB (one
 * chunk of each ring), not BYTES_PER_SERIES: a scope's first record makes 40 series at once. Full, a
 * series holds what it did in whole arrays (the buckets' chunks cover MAX_BUCKETS + 1 exactly).
 */
const RECENT_CHUNK = 250;
const BUCKET_CHUNK = (MAX_BUCKETS + 1) / 7;

export interface TrendPoints {
  tMs: number[];
  values: number[];
  /** Points before this time are bucket min/max pairs; undefined when nothing was decimated. */
  decimatedBeforeMs: number | undefined;
  /** Current bucket width, ms; undefined when nothing was decimated. */
  bucketMs: number | undefined;
}

export class TrendSeries {
  readonly #recentT = new ChunkedFloat64Array(RECENT_POINTS, RECENT_CHUNK);
  readonly #recentV = new ChunkedFloat64Array(RECENT_POINTS, RECENT_CHUNK);
  #head = 0;
  #length = 0;
  readonly #bucketStart = new ChunkedFloat64Array(MAX_BUCKETS + 1, BUCKET_CHUNK);
  readonly #bucketMin = new ChunkedFloat64Array(MAX_BUCKETS + 1, BUCKET_CHUNK);
  readonly #bucketMax = new ChunkedFloat64Array(MAX_BUCKETS + 1, BUCKET_CHUNK);
  #buckets = 0;
  #bucketMs = FIRST_BUCKET_MS;
  #lastMs = Number.NEGATIVE_INFINITY;

  get length(): number {
    return this.#length + this.#buckets * 2;
  }

  get bucketMs(): number {
    return this.#bucketMs;
  }

  /** Bytes of storage allocated so far: it grows a chunk at a time as the series fills. */
  get allocatedBytes(): number {
    return [this.#recentT, this.#recentV, this.#bucketStart, this.#bucketMin, this.#bucketMax].reduce(
      (bytes, a) => bytes + a.allocatedBytes,
      0,
    );
  }

  /** Appends a value; one not later than the last (a repeat, or out of order) or not finite is ignored. */
  add(tMs: number, value: number): void {
    if (!(tMs > this.#lastMs) || !Number.isFinite(value)) return;
    this.#lastMs = tMs;
    if (this.#length === RECENT_POINTS) {
      this.#fold(this.#recentT.get(this.#head), this.#recentV.get(this.#head));
      this.#head = (this.#head + 1) % RECENT_POINTS;
      this.#length--;
    }
    const at = (this.#head + this.#length) % RECENT_POINTS;
    this.#recentT.set(at, tMs);
    this.#recentV.set(at, value);
    this.#length++;
  }

  /** The history at or after `sinceMs`, oldest first. */
  points(sinceMs = Number.NEGATIVE_INFINITY): TrendPoints {
    const tMs: number[] = [];
    const values: number[] = [];
    const firstRecentMs = this.#length > 0 ? this.#recentT.get(this.#head) : Number.POSITIVE_INFINITY;
    for (let b = 0; b < this.#buckets; b++) {
      const start = this.#bucketStart.get(b);
      const next = b + 1 < this.#buckets ? this.#bucketStart.get(b + 1) : firstRecentMs;
      // The max sits mid-bucket, or halfway to whatever comes next when that is sooner.
      const maxAt = start + Math.min(this.#bucketMs, next - start) / 2;
      if (start >= sinceMs) {
        tMs.push(start);
        values.push(this.#bucketMin.get(b));
      }
      if (maxAt >= sinceMs && maxAt > start) {
        tMs.push(maxAt);
        values.push(this.#bucketMax.get(b));
      }
    }
    for (let k = 0; k < this.#length; k++) {
      const i = (this.#head + k) % RECENT_POINTS;
      const t = this.#recentT.get(i);
      if (t < sinceMs) continue;
      tMs.push(t);
      values.push(this.#recentV.get(i));
    }
    const decimated = this.#buckets > 0;
    return {
      tMs,
      values,
      decimatedBeforeMs: decimated ? firstRecentMs : undefined,
      bucketMs: decimated ? this.#bucketMs : undefined,
    };
  }

  #fold(tMs: number, value: number): void {
    const start = Math.floor(tMs / this.#bucketMs) * this.#bucketMs;
    const last = this.#buckets - 1;
    if (last >= 0 && this.#bucketStart.get(last) === start) {
      if (value < this.#bucketMin.get(last)) this.#bucketMin.set(last, value);
      if (value > this.#bucketMax.get(last)) this.#bucketMax.set(last, value);
      return;
    }
    this.#bucketStart.set(this.#buckets, start);
    this.#bucketMin.set(this.#buckets, value);
    this.#bucketMax.set(this.#buckets, value);
    this.#buckets++;
    while (this.#buckets > MAX_BUCKETS) this.#coarsen();
  }

  /** Doubles the bucket width, merging the buckets that now share a start. */
  #coarsen(): void {
    this.#bucketMs *= 2;
    let out = -1;
    for (let b = 0; b < this.#buckets; b++) {
      const start = Math.floor(this.#bucketStart.get(b) / this.#bucketMs) * this.#bucketMs;
      if (out >= 0 && this.#bucketStart.get(out) === start) {
        this.#bucketMin.set(out, Math.min(this.#bucketMin.get(out), this.#bucketMin.get(b)));
        this.#bucketMax.set(out, Math.max(this.#bucketMax.get(out), this.#bucketMax.get(b)));
        continue;
      }
      out++;
      this.#bucketStart.set(out, start);
      this.#bucketMin.set(out, this.#bucketMin.get(b));
      this.#bucketMax.set(out, this.#bucketMax.get(b));
    }
    this.#buckets = out + 1;
  }
}
