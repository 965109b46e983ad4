import { describe, expect, it } from 'vitest';
import {
  BYTES_PER_SERIES,
  FIRST_BUCKET_MS,
  MAX_BUCKETS,
  RECENT_POINTS,
  TrendSeries,
} from '../../../src-main/measurementStats/index.js';

describe('TrendSeries', () => {
  it('keeps every value while it fits, in order, and ignores repeats and older times', () => {
    const series = new TrendSeries();
    series.add(1_000, 1);
    series.add(1_100, 2);
    series.add(1_100, 99);
    series.add(1_050, 99);
    series.add(1_200, Number.NaN);
    series.add(1_300, 3);
    expect(series.points()).toEqual({
      tMs: [1_000, 1_100, 1_300],
      values: [1, 2, 3],
      decimatedBeforeMs: undefined,
      bucketMs: undefined,
    });
    expect(series.points(1_100).tMs).toEqual([1_100, 1_300]);
  });

  it('folds values older than the recent ring into min/max buckets', () => {
    const series = new TrendSeries();
    // 100 ms apart: ten per one-second bucket. Value = index, so each bucket's min/max are known.
    const total = RECENT_POINTS + 25;
    for (let i = 0; i < total; i++) series.add(i * 100, i);
    const points = series.points();
    const firstRecent = (total - RECENT_POINTS) * 100;
    expect(points.decimatedBeforeMs).toBe(firstRecent);
    expect(points.bucketMs).toBe(FIRST_BUCKET_MS);
    // 25 folded values: buckets [0..9], [10..19], [20..24] as (min, max) pairs.
    expect(points.values.slice(0, 6)).toEqual([0, 9, 10, 19, 20, 24]);
    expect(points.tMs.slice(0, 6)).toEqual([0, 500, 1_000, 1_500, 2_000, 2_250]);
    expect(points.tMs.slice(6)).toHaveLength(RECENT_POINTS);
    expect(points.tMs[6]).toBe(firstRecent);
    // Strictly increasing times throughout.
    for (let k = 1; k < points.tMs.length; k++) expect(points.tMs[k]).toBeGreaterThan(points.tMs[k - 1]!);
  });

  it('stays within its bounds however long it runs, covering the whole run at a coarser width', () => {
    const series = new TrendSeries();
    // 24 h at 10 Hz.
    const total = 24 * 3600 * 10;
    for (let i = 0; i < total; i++) series.add(i * 100, Math.sin(i / 1000));
    const points = series.points();
    expect(points.tMs.length).toBeLessThanOrEqual(RECENT_POINTS + 2 * MAX_BUCKETS);
    expect(points.tMs[0]).toBe(0);
    expect(points.bucketMs).toBeGreaterThan(FIRST_BUCKET_MS);
    expect(points.bucketMs! * MAX_BUCKETS).toBeGreaterThanOrEqual(total * 100 - RECENT_POINTS * 100);
    // The envelope is kept: the extremes of a sine survive decimation.
    expect(Math.max(...points.values)).toBeCloseTo(1, 3);
    expect(Math.min(...points.values)).toBeCloseTo(-1, 3);
    expect(BYTES_PER_SERIES).toBe(72_000);
  });
});

describe('TrendSeries storage', () => {
  it('allocates its storage as it fills: a new series 4 kB, a full one what whole arrays took', () => {
    const series = new TrendSeries();
    expect(series.allocatedBytes).toBe(0);
    series.add(0, 1);
    expect(series.allocatedBytes).toBe(2 * 250 * 8);
    for (let i = 1; i < 250; i++) series.add(i * 100, i);
    expect(series.allocatedBytes).toBe(2 * 250 * 8);
    series.add(250 * 100, 250);
    expect(series.allocatedBytes).toBe(2 * 2 * 250 * 8);
    // Long enough to fill the ring and coarsen the buckets several times.
    for (let i = 251; i < RECENT_POINTS + 8 * MAX_BUCKETS; i++) series.add(i * 1_000, Math.sin(i));
    expect(series.allocatedBytes).toBe(BYTES_PER_SERIES + 3 * 8);
  });

  it('gives the same history as whole arrays would, across chunk boundaries and coarsening', () => {
    // A reference with plain arrays: the ring's last RECENT_POINTS values, and the buckets' envelope.
    const series = new TrendSeries();
    const total = RECENT_POINTS + 3 * MAX_BUCKETS + 17;
    const tMs = (i: number): number => i * 700 + (i % 3);
    const value = (i: number): number => Math.sin(i / 37) + (i % 11) / 10;
    for (let i = 0; i < total; i++) series.add(tMs(i), value(i));
    const points = series.points();
    const recentFrom = total - RECENT_POINTS;
    expect(points.decimatedBeforeMs).toBe(tMs(recentFrom));
    const recent = points.tMs.findIndex((t) => t >= tMs(recentFrom));
    expect(points.tMs.slice(recent)).toEqual(
      Array.from({ length: RECENT_POINTS }, (_, k) => tMs(recentFrom + k)),
    );
    expect(points.values.slice(recent)).toEqual(
      Array.from({ length: RECENT_POINTS }, (_, k) => value(recentFrom + k)),
    );
    // Every folded value lies within its bucket's min and max, and each bucket's extremes are values.
    const bucketMs = points.bucketMs!;
    const folded = Array.from({ length: recentFrom }, (_, i) => i);
    for (let p = 0; p + 1 < recent; p += 2) {
      const start = points.tMs[p]!;
      const inBucket = folded.filter((i) => Math.floor(tMs(i) / bucketMs) * bucketMs === start).map(value);
      expect(inBucket.length).toBeGreaterThan(0);
      expect(points.values[p]).toBe(Math.min(...inBucket));
      expect(points.values[p + 1]).toBe(Math.max(...inBucket));
    }
  });
});
