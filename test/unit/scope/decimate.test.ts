import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketDurationS, decimateMinMax } from '../../../shared/dsp/decimate.js';

/** Bucket b's sample range, by the contract in decimate.ts. */
function bucketRange(n: number, buckets: number, b: number): [number, number] {
  return [Math.floor((b * n) / buckets), Math.floor(((b + 1) * n) / buckets)];
}

describe('decimateMinMax', () => {
  it('returns (min, max) of each bucket, interleaved', () => {
    const input = Float32Array.from([1, 5, -2, 3, 0, 0, 7, -7]);
    expect([...decimateMinMax(input, 4)]).toEqual([1, 5, -2, 3, 0, 0, -7, 7]);
    expect([...decimateMinMax(input, 2)]).toEqual([-2, 5, -7, 7]);
    expect([...decimateMinMax(input, 1)]).toEqual([-7, 7]);
  });

  it('every pair bounds its bucket exactly and the output is 2·buckets long (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 1,
          maxLength: 500,
        }),
        fc.integer({ min: 1, max: 500 }),
        (values, requested) => {
          // -0 and 0 compare equal in the bucket but not under toBe; the sign of zero is not the point here.
          const input = Float32Array.from(values, (v) => v + 0);
          const buckets = Math.min(requested, input.length);
          const out = decimateMinMax(input, buckets);
          expect(out.length).toBe(2 * buckets);
          let covered = 0;
          for (let b = 0; b < buckets; b++) {
            const [start, end] = bucketRange(input.length, buckets, b);
            expect(end).toBeGreaterThan(start);
            const bucket = input.subarray(start, end);
            covered += bucket.length;
            expect(out[2 * b]).toBe(Math.min(...bucket));
            expect(out[2 * b + 1]).toBe(Math.max(...bucket));
          }
          expect(covered).toBe(input.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes into a given output and honours a sub-range', () => {
    const input = Float32Array.from({ length: 100 }, (_, i) => i);
    const out = new Float32Array(10).fill(NaN);
    const result = decimateMinMax(input, 2, out, 10, 30);
    expect(result).toBe(out);
    expect([...out.subarray(0, 4)]).toEqual([10, 19, 20, 29]);
    expect(Number.isNaN(out[4])).toBe(true);
  });

  it('rejects bucket counts outside 1..n and bad ranges', () => {
    const input = new Float32Array(10);
    expect(() => decimateMinMax(input, 0)).toThrow(RangeError);
    expect(() => decimateMinMax(input, 11)).toThrow(RangeError);
    expect(() => decimateMinMax(input, 2.5)).toThrow(RangeError);
    expect(() => decimateMinMax(input, 2, new Float32Array(3))).toThrow(RangeError);
    expect(() => decimateMinMax(input, 1, undefined, 5, 5)).toThrow(RangeError);
    expect(() => decimateMinMax(new Float32Array(0), 1)).toThrow(RangeError);
  });

  it('reduces a 1M-point record to 1200 pairs keeping a single-sample spike', () => {
    const input = new Float32Array(1_000_000);
    input[654_321] = 3;
    input[123] = -2;
    const out = decimateMinMax(input, 1200);
    expect(out.length).toBe(2400);
    expect(Math.max(...out)).toBe(3);
    expect(Math.min(...out)).toBe(-2);
    expect(bucketDurationS(1_000_000, 1200, 1e6)).toBeCloseTo(1 / 1200, 12);
  });

  it('finds extremes in every lane of the wide-bucket loop and its tail, and skips NaN samples', () => {
    // One bucket of 531 samples (wide buckets take the eight-lane loop): the first, 66 steps of eight, a tail
    // of two. A spike and a dip at every position of the last two steps and the tail.
    for (let at = 515; at < 531; at++) {
      const input = new Float32Array(531).fill(0.5);
      input[at] = 9;
      const dip = at === 530 ? 1 : at + 1;
      input[dip] = -9;
      input[at === 515 ? 530 : at - 1] = NaN;
      const [min, max] = decimateMinMax(input, 1);
      expect(max, `spike at ${at}`).toBe(9);
      expect(min, `dip at ${dip}`).toBe(-9);
    }
  });

  it('agrees with Math.min/Math.max on wide buckets (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 512,
          maxLength: 3_000,
        }),
        fc.integer({ min: 1, max: 5 }),
        (values, requested) => {
          const input = Float32Array.from(values, (v) => v + 0);
          const buckets = Math.min(requested, Math.floor(input.length / 512));
          const out = decimateMinMax(input, buckets);
          for (let b = 0; b < buckets; b++) {
            const [start, end] = bucketRange(input.length, buckets, b);
            const bucket = input.subarray(start, end);
            expect(out[2 * b]).toBe(Math.min(...bucket));
            expect(out[2 * b + 1]).toBe(Math.max(...bucket));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
