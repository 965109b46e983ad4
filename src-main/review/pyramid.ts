/**
 * Min/max pyramids: the pure arithmetic behind capture review. Level 0 is the capture's own frames (one
 * float32 per channel per sample); level l ≥ 1 holds one entry per PYRAMID_FACTOR^l samples, each entry a
 * (min, max) float32 pair per channel, channel after channel: [min c0, max c0, min c1, max c1, ...].
 *
 * Why ×64 per level: a span is always drawn from a level whose block is at most one pixel column wide, so
 * it reads between 1 and 64 items per column — 64 keeps that read small (≤ 64 × 8,192 items) while the
 * summaries cost only 1/32 + 1/2048 + … of the capture's size on disk.
 *
 * NaN samples are skipped (a comparison with NaN is false); a block of nothing but NaN gets NaN, NaN.
 */

export const PYRAMID_FACTOR = 64;

/** Samples one item of `level` covers: 1 at level 0 (a frame), 64 at level 1, 4,096 at level 2, … */
export function blockSamplesOf(level: number): number {
  return PYRAMID_FACTOR ** level;
}

/** float32 values per item of `level`: a frame's channels at level 0, a (min, max) pair per channel above. */
export function valuesPerItem(level: number, channelCount: number): number {
  return level === 0 ? channelCount : 2 * channelCount;
}

/**
 * Reduces `groupCount` × 64 consecutive items of level l − 1 (`sourceLevel`) into `groupCount` entries of
 * level l, written into `out` from entry `outEntry`. `source` holds exactly those items from its start.
 */
export function reduceLevel(
  source: Float32Array,
  sourceLevel: number,
  channelCount: number,
  groupCount: number,
  out: Float32Array,
  outEntry = 0,
): void {
  const stride = valuesPerItem(sourceLevel, channelCount);
  const pair = sourceLevel === 0 ? 0 : 1;
  for (let g = 0; g < groupCount; g++) {
    const base = g * PYRAMID_FACTOR * stride;
    const o = (outEntry + g) * 2 * channelCount;
    for (let c = 0; c < channelCount; c++) {
      const minAt = pair === 0 ? c : 2 * c;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0, p = base + minAt; i < PYRAMID_FACTOR; i++, p += stride) {
        const lo = source[p]!;
        const hi = source[p + pair]!;
        if (lo < min) min = lo;
        if (hi > max) max = hi;
      }
      const empty = min > max;
      out[o + 2 * c] = empty ? NaN : min;
      out[o + 2 * c + 1] = empty ? NaN : max;
    }
  }
}

/** A run of consecutive items of one level: items first..first+count−1. */
export interface SpanPiece {
  level: number;
  first: number;
  count: number;
}

/**
 * Covers samples [fromSample, toSample) with as few items as possible, coarsest first: whole blocks of
 * `topLevel` in the middle, finer levels at the ragged edges, down to single samples. `available[l]` is
 * how many items level l holds (available[0] = samples); a level that lags (a running capture) is covered
 * by the finer levels below it. Pieces come in sample order and cover every sample exactly once.
 */
export function decomposeSpan(
  fromSample: number,
  toSample: number,
  topLevel: number,
  available: readonly number[],
): SpanPiece[] {
  const pieces: SpanPiece[] = [];
  const cover = (from: number, to: number, level: number): void => {
    if (to <= from) return;
    if (level === 0) {
      pieces.push({ level: 0, first: from, count: to - from });
      return;
    }
    const block = blockSamplesOf(level);
    const first = Math.ceil(from / block);
    const end = Math.min(Math.floor(to / block), available[level] ?? 0);
    if (end <= first) return cover(from, to, level - 1);
    cover(from, first * block, level - 1);
    pieces.push({ level, first, count: end - first });
    cover(end * block, to, level - 1);
  };
  cover(fromSample, toSample, topLevel);
  return pieces;
}

/**
 * The coarsest level whose block fits in one pixel column of a span of `spanSamples` drawn at `pixels`
 * columns, no higher than `maxLevel`. Level 0 (raw samples) when a column holds fewer than 64 samples.
 */
export function levelForSpan(spanSamples: number, pixels: number, maxLevel: number): number {
  const samplesPerColumn = spanSamples / pixels;
  let level = 0;
  while (level < maxLevel && blockSamplesOf(level + 1) <= samplesPerColumn) level++;
  return level;
}

/** Per-column envelopes being gathered: one Float32Array of `pixels` values per channel for min and max. */
export interface ColumnEnvelope {
  min: Float32Array[];
  max: Float32Array[];
}

export function emptyEnvelope(channelCount: number, pixels: number): ColumnEnvelope {
  const make = (fill: number): Float32Array[] =>
    Array.from({ length: channelCount }, () => new Float32Array(pixels).fill(fill));
  return { min: make(Infinity), max: make(-Infinity) };
}

/**
 * Folds `count` items of `level` (starting at item `firstItem`, laid out as in this module) into the
 * columns of span [fromSample, fromSample + spanSamples) drawn at `pixels` columns. An item goes to the
 * column holding its first sample, so every sample of the span lands in exactly one column and a column's
 * edges move by less than one item (never more than one column's width, as items fit a column).
 * `channels` picks which of the item's channels feed envelope channels 0, 1, …
 */
export function foldIntoColumns(
  envelope: ColumnEnvelope,
  items: Float32Array,
  level: number,
  channelCount: number,
  channels: readonly number[],
  firstItem: number,
  count: number,
  fromSample: number,
  spanSamples: number,
): void {
  const pixels = envelope.min[0]?.length ?? 0;
  const block = blockSamplesOf(level);
  const stride = valuesPerItem(level, channelCount);
  const pair = level === 0 ? 0 : 1;
  for (let k = 0; k < channels.length; k++) {
    const at = level === 0 ? channels[k]! : 2 * channels[k]!;
    const mins = envelope.min[k]!;
    const maxs = envelope.max[k]!;
    for (let i = 0; i < count; i++) {
      const sample = (firstItem + i) * block;
      let column = Math.floor(((sample - fromSample) * pixels) / spanSamples);
      if (column < 0) column = 0;
      else if (column >= pixels) column = pixels - 1;
      const lo = items[i * stride + at]!;
      const hi = items[i * stride + at + pair]!;
      if (lo < mins[column]!) mins[column] = lo;
      if (hi > maxs[column]!) maxs[column] = hi;
    }
  }
}

/** Turns columns that saw no number (all NaN, or none) into NaN, NaN: "no data here" to a plot. */
export function finishEnvelope(envelope: ColumnEnvelope): void {
  for (let k = 0; k < envelope.min.length; k++) {
    const mins = envelope.min[k]!;
    const maxs = envelope.max[k]!;
    for (let i = 0; i < mins.length; i++) {
      if (mins[i]! > maxs[i]!) {
        mins[i] = NaN;
        maxs[i] = NaN;
      }
    }
  }
}

/** Highest level worth keeping for a capture of `sampleCount` samples: one whose block fits at least once. */
export function maxLevelFor(sampleCount: number): number {
  let level = 0;
  while (blockSamplesOf(level + 1) <= sampleCount) level++;
  return level;
}
