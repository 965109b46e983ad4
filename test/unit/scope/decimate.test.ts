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

  it('gives narrow buckets exactly what a sample-by-sample loop gives, NaN, ±0, ±Infinity and subnormals included (property)', () => {
    // The narrow buckets compare the samples' bits as integer keys; this loop is the definition.
    const byLoop = (bucket: Float32Array): [number, number] => {
      let min = bucket[0]!;
      let max = min;
      for (const v of bucket.subarray(1)) {
        if (v < min) min = v;
        else if (v > max) max = v;
      }
      return [min, max];
    };
    const special = [NaN, -NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.float({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
            fc.constantFrom(...special),
          ),
          { minLength: 1, maxLength: 400 },
        ),
        fc.integer({ min: 1, max: 400 }),
        (values, requested) => {
          const input = Float32Array.from(values);
          const buckets = Math.min(requested, input.length);
          const out = decimateMinMax(input, buckets);
          for (let b = 0; b < buckets; b++) {
            const [start, end] = bucketRange(input.length, buckets, b);
            const [min, max] = byLoop(input.subarray(start, end));
            expect(Object.is(out[2 * b], min), `bucket ${b} min ${out[2 * b]} vs ${min}`).toBe(true);
            expect(Object.is(out[2 * b + 1], max), `bucket ${b} max ${out[2 * b + 1]} vs ${max}`).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the first of -0 and +0, and a NaN that comes first, in a narrow bucket', () => {
    const zeros = Float32Array.from([0, -0, 1, 2, -0, 0, -1, -2, 5, -0, 0, 5]);
    const out = decimateMinMax(zeros, 3);
    expect([...out].map((v) => Object.is(v, -0))).toEqual([false, false, false, true, true, false]);
    expect([...decimateMinMax(Float32Array.from([NaN, 1, -1, 2]), 1)]).toEqual([NaN, NaN]);
    expect([...decimateMinMax(Float32Array.from([1, NaN, -1, 2]), 1)]).toEqual([-1, 2]);
  });

  it('reads a sub-array’s own samples and writes into an output at an offset', () => {
    const backing = Float32Array.from({ length: 40 }, (_, i) => (i % 7) - 3 + i / 100);
    const input = backing.subarray(5, 35);
    const outBacking = new Float32Array(20).fill(99);
    const out = outBacking.subarray(4, 16);
    decimateMinMax(input, 6, out);
    const expected = decimateMinMax(Float32Array.from(input), 6);
    expect([...out]).toEqual([...expected]);
    expect([...outBacking.subarray(0, 4), ...outBacking.subarray(16)]).toEqual(new Array(8).fill(99));
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
