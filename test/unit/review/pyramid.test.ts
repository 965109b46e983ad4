import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockSamplesOf,
  decomposeSpan,
  emptyEnvelope,
  finishEnvelope,
  foldIntoColumns,
  levelForSpan,
  maxLevelFor,
  PYRAMID_FACTOR,
  reduceLevel,
  valuesPerItem,
} from '../../../src-main/review/index.js';

/** Every level of a pyramid over `frames`, built level by level with reduceLevel (whole blocks only). */
function buildPyramid(frames: Float32Array, channelCount: number): Float32Array[] {
  const levels = [frames];
  for (let level = 1; ; level++) {
    const below = levels[level - 1]!;
    const items = below.length / valuesPerItem(level - 1, channelCount);
    const groups = Math.floor(items / PYRAMID_FACTOR);
    if (groups === 0) break;
    const out = new Float32Array(groups * valuesPerItem(level, channelCount));
    reduceLevel(below, level - 1, channelCount, groups, out);
    levels.push(out);
  }
  return levels;
}

/** min and max of channel `c` over samples [from, to), NaN skipped; NaN, NaN when none is a number. */
function bruteMinMax(
  frames: Float32Array,
  channelCount: number,
  c: number,
  from: number,
  to: number,
): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let s = from; s < to; s++) {
    const v = frames[s * channelCount + c]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > max ? [NaN, NaN] : [min, max];
}

const sampleValue = fc.oneof(
  { weight: 20, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.constant(NaN) },
);

function randomFrames(length: number, channelCount: number, seed: number): Float32Array {
  // A cheap deterministic generator for long arrays (fast-check picks the seed and the shape).
  const out = new Float32Array(length * channelCount);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x % 2001) / 10 - 100;
    if ((x & 0x3ff) === 7) out[i] = NaN;
  }
  return out;
}

describe('min/max pyramid', () => {
  it('every entry of every level is the min and max of the samples its block covers (NaN skipped)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 4096 * 2 + 300 }),
        fc.integer(),
        (channelCount, length, seed) => {
          const frames = randomFrames(length, channelCount, seed);
          const levels = buildPyramid(frames, channelCount);
          for (let level = 1; level < levels.length; level++) {
            const block = blockSamplesOf(level);
            const entries = levels[level]!;
            const count = entries.length / (2 * channelCount);
            expect(count).toBe(Math.floor(length / block));
            for (let k = 0; k < count; k++) {
              for (let c = 0; c < channelCount; c++) {
                const [min, max] = bruteMinMax(frames, channelCount, c, k * block, (k + 1) * block);
                expect(entries[k * 2 * channelCount + 2 * c]).toEqual(min);
                expect(entries[k * 2 * channelCount + 2 * c + 1]).toEqual(max);
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a block of nothing but NaN summarises to NaN, NaN; small blocks with NaN keep their numbers', () => {
    fc.assert(
      fc.property(fc.array(sampleValue, { minLength: 64, maxLength: 64 }), (values) => {
        const frames = Float32Array.from(values);
        const out = new Float32Array(2);
        reduceLevel(frames, 0, 1, 1, out);
        const numbers = values.filter((v) => !Number.isNaN(v)).map((v) => Math.fround(v));
        if (numbers.length === 0) expect([...out]).toEqual([NaN, NaN]);
        else expect([...out]).toEqual([Math.min(...numbers), Math.max(...numbers)]);
      }),
    );
  });

  it('a span decomposes into aligned pieces that cover each of its samples exactly once, within what each level holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 3, maxLength: 3 }),
        (from, length, top, lag) => {
          const total = from + length + 17;
          // Levels hold their whole blocks, minus a lag (a running capture's summaries trail its file).
          const available = [
            total,
            ...lag.map((l, i) => Math.max(0, Math.floor(total / blockSamplesOf(i + 1)) - l)),
          ];
          const pieces = decomposeSpan(from, from + length, top, available);
          let next = from;
          for (const piece of pieces) {
            expect(piece.level).toBeLessThanOrEqual(top);
            expect(piece.count).toBeGreaterThan(0);
            expect(piece.first + piece.count).toBeLessThanOrEqual(available[piece.level]!);
            const block = blockSamplesOf(piece.level);
            expect(piece.first * block).toBe(next);
            next = (piece.first + piece.count) * block;
          }
          expect(next).toBe(from + length);
        },
      ),
    );
  });

  it('chooses the coarsest level whose block fits one column, capped by the levels built', () => {
    expect(levelForSpan(1_000, 1_000, 4)).toBe(0);
    expect(levelForSpan(63_999, 1_000, 4)).toBe(0);
    expect(levelForSpan(64_000, 1_000, 4)).toBe(1);
    expect(levelForSpan(4_096_000, 1_000, 4)).toBe(2);
    expect(levelForSpan(4_096_000, 1_000, 1)).toBe(1);
    expect(levelForSpan(1e12, 1, 3)).toBe(3);
    expect(maxLevelFor(63)).toBe(0);
    expect(maxLevelFor(64)).toBe(1);
    expect(maxLevelFor(4096 * 64)).toBe(3);
  });

  it('columns drawn from the pyramid hold exactly the samples assigned to them, and together the whole span', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 300, max: 70_000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (channelCount, length, pixels, seed, a, b) => {
          const frames = randomFrames(length, channelCount, seed);
          const levels = buildPyramid(frames, channelCount);
          const lo = Math.floor(Math.min(a, b) * (length - 1));
          const hi = Math.max(lo + 1, Math.ceil(Math.max(a, b) * length));
          const span = hi - lo;
          const available = levels.map((l, i) => l.length / valuesPerItem(i, channelCount));
          const level = levelForSpan(span, pixels, levels.length - 1);
          const pieces = decomposeSpan(lo, hi, level, available);
          const channels = [channelCount - 1];
          const envelope = emptyEnvelope(1, pixels);
          for (const piece of pieces) {
            const stride = valuesPerItem(piece.level, channelCount);
            const items = levels[piece.level]!.subarray(
              piece.first * stride,
              (piece.first + piece.count) * stride,
            );
            foldIntoColumns(
              envelope,
              items,
              piece.level,
              channelCount,
              channels,
              piece.first,
              piece.count,
              lo,
              span,
            );
          }
          finishEnvelope(envelope);
          // Brute force: each sample goes to the column of the first sample of the piece item holding it.
          const expected = emptyEnvelope(1, pixels);
          for (const piece of pieces) {
            const block = blockSamplesOf(piece.level);
            for (let k = piece.first; k < piece.first + piece.count; k++) {
              const column = Math.min(pixels - 1, Math.floor(((k * block - lo) * pixels) / span));
              if (block > 1) expect(block).toBeLessThanOrEqual(span / pixels);
              for (let s = k * block; s < (k + 1) * block; s++) {
                const v = frames[s * channelCount + channelCount - 1]!;
                if (v < expected.min[0]![column]!) expected.min[0]![column] = v;
                if (v > expected.max[0]![column]!) expected.max[0]![column] = v;
              }
            }
          }
          finishEnvelope(expected);
          expect([...envelope.min[0]!]).toEqual([...expected.min[0]!]);
          expect([...envelope.max[0]!]).toEqual([...expected.max[0]!]);
          const [min, max] = bruteMinMax(frames, channelCount, channelCount - 1, lo, hi);
          const numbers = (xs: Float32Array): number[] => [...xs].filter((x) => !Number.isNaN(x));
          if (!Number.isNaN(min)) {
            expect(Math.min(...numbers(envelope.min[0]!))).toBe(min);
            expect(Math.max(...numbers(envelope.max[0]!))).toBe(max);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
