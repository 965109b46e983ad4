import { describe, expect, it } from 'vitest';
import { ChunkedFloat64Array } from '../../../src-main/measurementStats/ChunkedFloat64Array.js';

describe('ChunkedFloat64Array', () => {
  it('reads 0 where nothing was written and allocates a chunk on its first write only', () => {
    const a = new ChunkedFloat64Array(10, 4);
    expect(a.length).toBe(10);
    expect(a.get(9)).toBe(0);
    expect(a.allocatedBytes).toBe(0);
    a.set(5, 2.5);
    expect(a.allocatedBytes).toBe(4 * 8);
    a.set(4, -1);
    a.set(7, 3);
    expect(a.allocatedBytes).toBe(4 * 8);
    a.set(9, 9);
    expect(a.allocatedBytes).toBe(2 * 4 * 8);
    expect([4, 5, 6, 7, 8, 9].map((i) => a.get(i))).toEqual([-1, 2.5, 0, 3, 0, 9]);
  });

  it('holds every element apart, across chunk boundaries', () => {
    const a = new ChunkedFloat64Array(1001, 143);
    for (let i = 0; i < a.length; i++) a.set(i, i * 0.5 - 7);
    expect(Array.from({ length: a.length }, (_, i) => a.get(i))).toEqual(
      Array.from({ length: 1001 }, (_, i) => i * 0.5 - 7),
    );
    expect(a.allocatedBytes).toBe(1001 * 8);
  });

  it('refuses a chunk length that is not a positive integer', () => {
    expect(() => new ChunkedFloat64Array(10, 0)).toThrow(RangeError);
    expect(() => new ChunkedFloat64Array(10, 2.5)).toThrow(RangeError);
  });
});
