/**
 * The amplitude pass of measureWaveform: min, max, sum and sum of squares of a record in one pass, and
 * each block's min and max on the way, so that the edge scan (edgeScan.ts) can pass over every block
 * that lies on one side of all its thresholds without reading its samples.
 */

/** log2 of BLOCK_SAMPLES. */
export const BLOCK_SHIFT = 11;
/**
 * Samples a block. Each block's min and max cost the levels pass a branch per sample that a running
 * record-wide min rarely takes, but a block's, restarting at every block, takes often on noise or a ramp:
 * at 256 samples the pass slowed from 1.1 to 1.7 ms a 1M-point channel (2.8 ms on a fast triangle with
 * noise); at 2048 by about 0.1 ms, while the scan still passes over all but the blocks at the edges of a
 * scope's signals (1.3 → 0.1 ms on the demo record). Chosen by measurement: docs/BENCHMARKS.md,
 * "Edge scan by blocks".
 */
export const BLOCK_SAMPLES = 1 << BLOCK_SHIFT;

/** Each block's min and max, block k covering samples [k·BLOCK_SAMPLES, (k+1)·BLOCK_SAMPLES). */
export interface BlockRanges {
  min: Float64Array;
  max: Float64Array;
}

/** One pass's amplitude figures; `valid` counts the samples that are not NaN. */
export interface Levels {
  min: number;
  max: number;
  sum: number;
  sumSq: number;
  valid: number;
  /**
   * Each block's min and max, for a record without NaN only. Shared buffers, valid until the next
   * levelsOf call (the measurement is synchronous, and each worker thread has its own).
   */
  blocks?: BlockRanges;
}

// Reused across calls: a new pair per channel would be garbage at every display frame.
let blockMin = new Float64Array(0);
let blockMax = new Float64Array(0);

/**
 * Min, max, sum and sum of squares in one pass, summed in sample order. NaN samples are gaps (a math
 * channel's A/B where B is near 0): left out of the levels, and they end any timing measurement, since an
 * edge may hide in a gap. The loop takes every sample, with no branch or count for gaps: a NaN shows as a
 * NaN sum (min and max never take one, every comparison with NaN is false), and only then is the record
 * summed again, skipping them; the figures are the same either way. With this loop, in a function of its
 * own, a 1M-point channel's whole measurement went from 2.5–2.9 to 2.1–2.3 ms (docs/BENCHMARKS.md,
 * measurementStats, "Tails").
 *
 * The record's min and max are folded from the blocks': each block keeps the first of equal values
 * (`<`, `>`), and so does the fold, so even ±0 come out as a sample-by-sample loop gives them.
 */
export function levelsOf(samples: Float32Array): Levels {
  const n = samples.length;
  const blocks = Math.ceil(n / BLOCK_SAMPLES);
  if (blockMin.length < blocks) {
    blockMin = new Float64Array(blocks);
    blockMax = new Float64Array(blocks);
  }
  const mins = blockMin;
  const maxs = blockMax;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSq = 0;
  for (let b = 0, start = 0; start < n; b++, start += BLOCK_SAMPLES) {
    const end = Math.min(n, start + BLOCK_SAMPLES);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = start; i < end; i++) {
      const v = samples[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
      sumSq += v * v;
    }
    mins[b] = lo;
    maxs[b] = hi;
    if (lo < min) min = lo;
    if (hi > max) max = hi;
  }
  if (sum === sum) return { min, max, sum, sumSq, valid: n, blocks: { min: mins, max: maxs } };
  return levelsSkippingGaps(samples);
}

/** levelsOf for a record whose sum is NaN: a NaN sample, or +Infinity and -Infinity together. */
function levelsSkippingGaps(samples: Float32Array): Levels {
  const n = samples.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSq = 0;
  let valid = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i]!;
    if (v !== v) continue;
    valid++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  return { min, max, sum, sumSq, valid };
}
