/**
 * Display decimation: a record of N samples reduced to B (min, max) pairs, one per bucket, so a plot about
 * B pixels wide draws the same envelope as the full record (no glitch or spike can fall between points, as
 * it would with plain stride decimation). Pure and allocation-free in the loop; used by the backend before
 * the wire and available to the renderer for its own zooming.
 */

/**
 * Reduces `input[from, to)` to `bucketCount` (min, max) pairs, written interleaved into `out` as
 * `[min0, max0, min1, max1, ...]` (length `2 * bucketCount`). Bucket b covers samples
 * `from + floor(b·n/B)` up to (not including) `from + floor((b+1)·n/B)`, n = to − from, so buckets differ in
 * size by at most one sample and together cover every sample exactly once.
 *
 * @param bucketCount between 1 and n (a bucket is never empty).
 * @param out reused when given (must hold at least `2 * bucketCount` values); otherwise allocated.
 * @returns `out`, or the new array.
 * @throws RangeError when the range or bucket count is invalid.
 */
export function decimateMinMax(
  input: Float32Array,
  bucketCount: number,
  out?: Float32Array,
  from = 0,
  to = input.length,
): Float32Array {
  const n = to - from;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > input.length || n < 1) {
    throw new RangeError(`invalid sample range [${from}, ${to}) of ${input.length}`);
  }
  if (!Number.isInteger(bucketCount) || bucketCount < 1 || bucketCount > n) {
    throw new RangeError(`bucket count must be an integer in 1..${n}; got ${bucketCount}`);
  }
  const result = out ?? new Float32Array(2 * bucketCount);
  if (result.length < 2 * bucketCount) {
    throw new RangeError(`output holds ${result.length} values; ${2 * bucketCount} needed`);
  }
  let start = from;
  for (let b = 0; b < bucketCount; b++) {
    // Integer bucket edges from the exact ratio (b·n fits easily in a double's 53 bits).
    const end = from + Math.floor(((b + 1) * n) / bucketCount);
    let min = input[start]!;
    let max = min;
    for (let i = start + 1; i < end; i++) {
      const v = input[i]!;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    result[2 * b] = min;
    result[2 * b + 1] = max;
    start = end;
  }
  return result;
}

/** Seconds spanned by one bucket when `sampleCount` samples at `sampleRateHz` are cut into `bucketCount`. */
export function bucketDurationS(sampleCount: number, bucketCount: number, sampleRateHz: number): number {
  return sampleCount / bucketCount / sampleRateHz;
}
