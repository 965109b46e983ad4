/** A min/max display record reduced to fewer columns for a narrower plot: the same envelope. */
import { describe, expect, it } from 'vitest';
import { reduceMinMaxPairs } from '../../../shared/dsp/minMaxPairs';

function reduce(pairs: number[], columns: number): { values: number[]; x: number[] } {
  const out = new Float32Array(2 * columns);
  const x = new Float64Array(2 * columns);
  reduceMinMaxPairs(pairs, columns, out, x);
  return { values: [...out], x: [...x] };
}

describe('reduceMinMaxPairs', () => {
  it('keeps the least min and the greatest max of the columns each output column covers', () => {
    // Columns: (0, 1), (-2, 3), (5, 6), (4, 9), (-1, 0), (2, 2)
    const pairs = [0, 1, -2, 3, 5, 6, 4, 9, -1, 0, 2, 2];
    expect(reduce(pairs, 3).values).toEqual([-2, 3, 4, 9, -1, 2]);
    // Uneven: 6 columns into 4 cover 1, 2, 1, 2 of them (floor(c·6/4) edges: 0, 1, 3, 4, 6).
    expect(reduce(pairs, 4).values).toEqual([0, 1, -2, 6, 4, 9, -1, 2]);
  });

  it('places each column at its first and last input point, so the x range stays the record’s', () => {
    const pairs = [0, 1, -2, 3, 5, 6, 4, 9, -1, 0, 2, 2];
    expect(reduce(pairs, 3).x).toEqual([0, 3, 4, 7, 8, 11]);
    expect(reduce(pairs, 6).x).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('covers every input column once, with as many columns out as in giving the record back', () => {
    const pairs = Array.from({ length: 1_200 }, (_, i) => Math.sin(i / 7) + (i % 2));
    expect(reduce(pairs, 600).values).toEqual([...Float32Array.from(pairs)]);
    const { values } = reduce(pairs, 135);
    expect(Math.min(...values)).toBe(Math.fround(Math.min(...pairs)));
    expect(Math.max(...values)).toBe(Math.fround(Math.max(...pairs)));
  });

  it('leaves a channel with no trace NaN and skips NaN columns beside real ones', () => {
    expect(reduce([NaN, NaN, NaN, NaN], 1).values.every(Number.isNaN)).toBe(true);
    expect(reduce([NaN, NaN, 1, 2, NaN, NaN, 0, 5], 2).values).toEqual([1, 2, 0, 5]);
  });

  it('refuses a record of broken pairs, a column count it cannot fill, and outputs too short', () => {
    const out = new Float32Array(4);
    const x = new Float64Array(4);
    expect(() => reduceMinMaxPairs([1, 2, 3], 1, out, x)).toThrow(RangeError);
    expect(() => reduceMinMaxPairs([1, 2, 3, 4], 3, out, x)).toThrow(RangeError);
    expect(() => reduceMinMaxPairs([1, 2, 3, 4], 0, out, x)).toThrow(RangeError);
    expect(() => reduceMinMaxPairs([1, 2, 3, 4, 5, 6], 3, out, x)).toThrow(RangeError);
  });
});
