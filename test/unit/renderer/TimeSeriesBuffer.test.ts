import { describe, expect, it } from 'vitest';
import { TimeSeriesBuffer } from '../../../src-renderer/data/TimeSeriesBuffer';

describe('TimeSeriesBuffer', () => {
  it('keeps the newest samples when it wraps around, oldest first', () => {
    const buffer = new TimeSeriesBuffer(2, 4);
    for (let i = 0; i < 7; i++) buffer.push(i, [i * 10, -i]);
    expect(buffer.length).toBe(4);
    expect(buffer.window(-Infinity)).toEqual([
      [3, 4, 5, 6],
      [30, 40, 50, 60],
      [-3, -4, -5, -6],
    ]);
    expect(buffer.latestTimeS()).toBe(6);
  });

  it('returns only samples inside the window', () => {
    const buffer = new TimeSeriesBuffer(1, 10);
    for (let i = 0; i < 10; i++) buffer.push(i, [i]);
    expect(buffer.window(7)[0]).toEqual([7, 8, 9]);
  });

  it('inserts a null row where samples are further apart than the gap threshold', () => {
    const buffer = new TimeSeriesBuffer(1, 10);
    for (const t of [0, 1, 2, 10, 11]) buffer.push(t, [t]);
    const [xs, ys] = buffer.window(-Infinity, 2);
    expect(xs).toEqual([0, 1, 2, 6, 10, 11]);
    expect(ys).toEqual([0, 1, 2, null, 10, 11]);
  });

  it('bumps its version on every write so a chart knows when to redraw', () => {
    const buffer = new TimeSeriesBuffer(1, 2);
    const v0 = buffer.version;
    buffer.push(0, [1]);
    expect(buffer.version).toBe(v0 + 1);
    buffer.clear();
    expect(buffer.length).toBe(0);
    expect(buffer.version).toBe(v0 + 2);
  });

  it('stores missing channel values as NaN rather than stale numbers', () => {
    const buffer = new TimeSeriesBuffer(2, 2);
    buffer.push(0, [1]);
    expect(Number.isNaN(buffer.window(-Infinity)[2]![0] as number)).toBe(true);
  });
});
