/**
 * The bounded history of one trended quantity: every value of the last RECENT_POINTS (at 10 Hz, the last
 * five minutes) in a ring, and everything older folded into min/max buckets. Buckets start FIRST_BUCKET_MS
 * wide; when there are more than MAX_BUCKETS, neighbours merge and the width doubles, so the history
 * covers the whole run at a resolution that halves as it grows, in fixed memory: BYTES_PER_SERIES.
 */
export const RECENT_POINTS = 3_000;
export const MAX_BUCKETS = 1_000;
export const FIRST_BUCKET_MS = 1_000;
/** Two Float64 rings of RECENT_POINTS, three Float64 arrays of MAX_BUCKETS. */
export const BYTES_PER_SERIES = RECENT_POINTS * 2 * 8 + MAX_BUCKETS * 3 * 8;

export interface TrendPoints {
  tMs: number[];
  values: number[];
  /** Points before this time are bucket min/max pairs; undefined when nothing was decimated. */
  decimatedBeforeMs: number | undefined;
  /** Current bucket width, ms; undefined when nothing was decimated. */
  bucketMs: number | undefined;
}

export class TrendSeries {
  readonly #recentT = new Float64Array(RECENT_POINTS);
  readonly #recentV = new Float64Array(RECENT_POINTS);
  #head = 0;
  #length = 0;
  readonly #bucketStart = new Float64Array(MAX_BUCKETS + 1);
  readonly #bucketMin = new Float64Array(MAX_BUCKETS + 1);
  readonly #bucketMax = new Float64Array(MAX_BUCKETS + 1);
  #buckets = 0;
  #bucketMs = FIRST_BUCKET_MS;
  #lastMs = Number.NEGATIVE_INFINITY;

  get length(): number {
    return this.#length + this.#buckets * 2;
  }

  get bucketMs(): number {
    return this.#bucketMs;
  }

  /** Appends a value; one not later than the last (a repeat, or out of order) or not finite is ignored. */
  add(tMs: number, value: number): void {
    if (!(tMs > this.#lastMs) || !Number.isFinite(value)) return;
    this.#lastMs = tMs;
    if (this.#length === RECENT_POINTS) {
      this.#fold(this.#recentT[this.#head]!, this.#recentV[this.#head]!);
      this.#head = (this.#head + 1) % RECENT_POINTS;
      this.#length--;
    }
    const at = (this.#head + this.#length) % RECENT_POINTS;
    this.#recentT[at] = tMs;
    this.#recentV[at] = value;
    this.#length++;
  }

  /** The history at or after `sinceMs`, oldest first. */
  points(sinceMs = Number.NEGATIVE_INFINITY): TrendPoints {
    const tMs: number[] = [];
    const values: number[] = [];
    const firstRecentMs = this.#length > 0 ? this.#recentT[this.#head]! : Number.POSITIVE_INFINITY;
    for (let b = 0; b < this.#buckets; b++) {
      const start = this.#bucketStart[b]!;
      const next = b + 1 < this.#buckets ? this.#bucketStart[b + 1]! : firstRecentMs;
      // The max sits mid-bucket, or halfway to whatever comes next when that is sooner.
      const maxAt = start + Math.min(this.#bucketMs, next - start) / 2;
      if (start >= sinceMs) {
        tMs.push(start);
        values.push(this.#bucketMin[b]!);
      }
      if (maxAt >= sinceMs && maxAt > start) {
        tMs.push(maxAt);
        values.push(this.#bucketMax[b]!);
      }
    }
    for (let k = 0; k < this.#length; k++) {
      const i = (this.#head + k) % RECENT_POINTS;
      if (this.#recentT[i]! < sinceMs) continue;
      tMs.push(this.#recentT[i]!);
      values.push(this.#recentV[i]!);
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
    if (last >= 0 && this.#bucketStart[last] === start) {
      if (value < this.#bucketMin[last]!) this.#bucketMin[last] = value;
      if (value > this.#bucketMax[last]!) this.#bucketMax[last] = value;
      return;
    }
    this.#bucketStart[this.#buckets] = start;
    this.#bucketMin[this.#buckets] = value;
    this.#bucketMax[this.#buckets] = value;
    this.#buckets++;
    while (this.#buckets > MAX_BUCKETS) this.#coarsen();
  }

  /** Doubles the bucket width, merging the buckets that now share a start. */
  #coarsen(): void {
    this.#bucketMs *= 2;
    let out = -1;
    for (let b = 0; b < this.#buckets; b++) {
      const start = Math.floor(this.#bucketStart[b]! / this.#bucketMs) * this.#bucketMs;
      if (out >= 0 && this.#bucketStart[out] === start) {
        this.#bucketMin[out] = Math.min(this.#bucketMin[out]!, this.#bucketMin[b]!);
        this.#bucketMax[out] = Math.max(this.#bucketMax[out]!, this.#bucketMax[b]!);
        continue;
      }
      out++;
      this.#bucketStart[out] = start;
      this.#bucketMin[out] = this.#bucketMin[b]!;
      this.#bucketMax[out] = this.#bucketMax[b]!;
    }
    this.#buckets = out + 1;
  }
}
