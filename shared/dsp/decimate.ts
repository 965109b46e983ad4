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
  const wide = n / bucketCount >= WIDE_BUCKET_SAMPLES;
  // The same samples and output as 32-bit integers, for the narrow buckets' key comparisons.
  const bits = wide ? undefined : new Int32Array(input.buffer, input.byteOffset, input.length);
  const resultBits = wide ? undefined : new Int32Array(result.buffer, result.byteOffset, result.length);
  let start = from;
  for (let b = 0; b < bucketCount; b++) {
    // Integer bucket edges from the exact ratio (b·n fits easily in a double's 53 bits).
    const end = from + Math.floor(((b + 1) * n) / bucketCount);
    if (bits === undefined || resultBits === undefined) {
      const extremes = minMaxWide(input, start, end);
      result[2 * b] = extremes[0];
      result[2 * b + 1] = extremes[1];
    } else if (!minMaxByKeys(bits, start, end, resultBits, 2 * b)) {
      const extremes = minMaxNarrow(input, start, end);
      result[2 * b] = extremes[0];
      result[2 * b + 1] = extremes[1];
    }
    start = end;
  }
  return result;
}

/** The order key of a float32 given by its bits: signed integer order is the numbers' order. */
function keyOf(bits: number): number {
  // A negative float's magnitude grows with its bits: flipping all but the sign bit reverses that.
  return bits ^ ((bits >> 31) >>> 1);
}

/** Keys of +Infinity and -Infinity: a bucket's extreme key beyond them is a NaN's. */
const KEY_POSITIVE_INFINITY = keyOf(0x7f800000);
const KEY_NEGATIVE_INFINITY = keyOf(0xff800000 | 0);

/**
 * (min, max) of the float32 samples whose bits are `bits[start, end)`, end > start, compared as integer
 * keys without a branch per sample (`-(k < lo)` is a mask, not a jump), written as bits to `out[at]` and
 * `out[at + 1]`. On a noisy signal a compare-and-branch loop mispredicts at every new extreme — several
 * times in each bucket of a few dozen samples: 50-60 µs for a 10,000-point scope channel into 600
 * buckets, 20-22 µs this way (docs/BENCHMARKS.md, "The agents' CPU per bench"); a smooth noiseless signal,
 * which such a loop predicts, costs about twice its 11 µs. Returns false, having written nothing, when
 * the keys' order is not the numbers' for this bucket: a NaN in it (numbers ignore it unless it is
 * first), or an extreme that is zero (-0 and +0 are equal numbers, and the first one wins).
 */
function minMaxByKeys(bits: Int32Array, start: number, end: number, out: Int32Array, at: number): boolean {
  let lo = keyOf(bits[start]!);
  let hi = lo;
  for (let i = start + 1; i < end; i++) {
    const x = bits[i]!;
    const k = x ^ ((x >> 31) >>> 1);
    lo ^= (lo ^ k) & -(k < lo);
    hi ^= (hi ^ k) & -(k > hi);
  }
  // -0 and +0 have the keys -1 and 0.
  if (hi > KEY_POSITIVE_INFINITY || lo < KEY_NEGATIVE_INFINITY) return false;
  if ((lo >= -1 && lo <= 0) || (hi >= -1 && hi <= 0)) return false;
  out[at] = keyOf(lo);
  out[at + 1] = keyOf(hi);
  return true;
}

/**
 * (min, max) of `input[start, end)`, end > start, sample by sample: NaN samples are ignored unless the
 * first is NaN, and of equal values (-0 and +0) the first is kept. Returns a shared tuple.
 */
function minMaxNarrow(input: Float32Array, start: number, end: number): [number, number] {
  let min = input[start]!;
  let max = min;
  for (let i = start + 1; i < end; i++) {
    const v = input[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  extremes[0] = min;
  extremes[1] = max;
  return extremes;
}

/**
 * Buckets at least this long (samples) go through minMaxWide. Below it the one-accumulator loop is faster
 * (its setup is nothing, and on short buckets even a noisy signal costs it little); above it, on a dense
 * noisy signal, that loop's cost triples. Measured in test/bench/decimation.bench.ts.
 */
const WIDE_BUCKET_SAMPLES = 512;

const extremes: [number, number] = [0, 0];

/**
 * (min, max) of `input[start, end)`, end > start; NaN samples are ignored unless the first is NaN.
 *
 * Eight samples per step into eight independent running minima and maxima. With one running min and max,
 * every sample waits on the compare before it, and on a dense noisy signal (many periods per record) that
 * compare is a coin toss the CPU mispredicts: 4 × 1M points then take 12-17 ms, too long for a 16 ms
 * display tick. Independent lanes see every eighth sample and keep the CPU busy while a branch resolves:
 * 6-8 ms for any signal (a slowly varying one costs a little more than the single loop's best, ~4.5 ms).
 * Returns a shared tuple.
 */
function minMaxWide(input: Float32Array, start: number, end: number): [number, number] {
  const first = input[start]!;
  let a0 = first,
    a1 = first,
    a2 = first,
    a3 = first,
    a4 = first,
    a5 = first,
    a6 = first,
    a7 = first;
  let b0 = first,
    b1 = first,
    b2 = first,
    b3 = first,
    b4 = first,
    b5 = first,
    b6 = first,
    b7 = first;
  let i = start + 1;
  for (; i + 7 < end; i += 8) {
    const v0 = input[i]!,
      v1 = input[i + 1]!,
      v2 = input[i + 2]!,
      v3 = input[i + 3]!;
    const v4 = input[i + 4]!,
      v5 = input[i + 5]!,
      v6 = input[i + 6]!,
      v7 = input[i + 7]!;
    a0 = v0 < a0 ? v0 : a0;
    a1 = v1 < a1 ? v1 : a1;
    a2 = v2 < a2 ? v2 : a2;
    a3 = v3 < a3 ? v3 : a3;
    a4 = v4 < a4 ? v4 : a4;
    a5 = v5 < a5 ? v5 : a5;
    a6 = v6 < a6 ? v6 : a6;
    a7 = v7 < a7 ? v7 : a7;
    b0 = v0 > b0 ? v0 : b0;
    b1 = v1 > b1 ? v1 : b1;
    b2 = v2 > b2 ? v2 : b2;
    b3 = v3 > b3 ? v3 : b3;
    b4 = v4 > b4 ? v4 : b4;
    b5 = v5 > b5 ? v5 : b5;
    b6 = v6 > b6 ? v6 : b6;
    b7 = v7 > b7 ? v7 : b7;
  }
  for (; i < end; i++) {
    const v = input[i]!;
    a0 = v < a0 ? v : a0;
    b0 = v > b0 ? v : b0;
  }
  // Pairwise, not Math.min: a NaN first sample must stay what it was, as in the loop above.
  a0 = a1 < a0 ? a1 : a0;
  a2 = a3 < a2 ? a3 : a2;
  a4 = a5 < a4 ? a5 : a4;
  a6 = a7 < a6 ? a7 : a6;
  a0 = a2 < a0 ? a2 : a0;
  a4 = a6 < a4 ? a6 : a4;
  b0 = b1 > b0 ? b1 : b0;
  b2 = b3 > b2 ? b3 : b2;
  b4 = b5 > b4 ? b5 : b4;
  b6 = b7 > b6 ? b7 : b6;
  b0 = b2 > b0 ? b2 : b0;
  b4 = b6 > b4 ? b6 : b4;
  extremes[0] = a4 < a0 ? a4 : a0;
  extremes[1] = b4 > b0 ? b4 : b0;
  return extremes;
}

/** Seconds spanned by one bucket when `sampleCount` samples at `sampleRateHz` are cut into `bucketCount`. */
export function bucketDurationS(sampleCount: number, bucketCount: number, sampleRateHz: number): number {
  return sampleCount / bucketCount / sampleRateHz;
}
