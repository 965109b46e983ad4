import { describe, expect, it } from 'vitest';
import { RunningStats } from '../../../src-main/measurementStats/index.js';

/** Mulberry32: a seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The reference: mean first, then the deviations from it (two passes). */
function twoPass(values: number[]): { mean: number; stddev: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, stddev: Math.sqrt(ss / values.length) };
}

describe('RunningStats (Welford)', () => {
  it.each([
    { offset: 0, spread: 1 },
    { offset: 1e6, spread: 1e-3 },
    // A 10 MHz frequency varying by a few Hz, and a 1e9 offset with unit noise: Σx² − (Σx)²/n fails here.
    { offset: 1e7, spread: 5 },
    { offset: 1e9, spread: 1 },
  ])('agrees with the two-pass mean and σ at offset $offset, spread $spread', ({ offset, spread }) => {
    const next = random(42);
    const values = Array.from({ length: 100_000 }, () => offset + spread * (next() - 0.5));
    const stats = new RunningStats();
    for (const v of values) stats.add(v);
    const reference = twoPass(values);
    const snap = stats.snapshot();
    expect(snap.count).toBe(values.length);
    expect(Math.abs(snap.mean! - reference.mean)).toBeLessThan(1e-4 * spread);
    expect(Math.abs(snap.stddev! - reference.stddev) / reference.stddev).toBeLessThan(1e-6);
    expect(snap.min).toBe(Math.min(...values));
    expect(snap.max).toBe(Math.max(...values));
    expect(snap.current).toBe(values.at(-1));
  });

  it('is where the one-pass textbook formula is not (the reason for Welford)', () => {
    const next = random(7);
    const values = Array.from({ length: 100_000 }, () => 1e9 + (next() - 0.5));
    let sum = 0;
    let sumSq = 0;
    for (const v of values) {
      sum += v;
      sumSq += v * v;
    }
    const naive = Math.sqrt(Math.max(0, sumSq / values.length - (sum / values.length) ** 2));
    const reference = twoPass(values).stddev;
    const stats = new RunningStats();
    for (const v of values) stats.add(v);
    expect(Math.abs(naive - reference) / reference).toBeGreaterThan(0.1);
    expect(Math.abs(stats.stddev()! - reference) / reference).toBeLessThan(1e-6);
  });

  it('counts invalid values apart and never averages them', () => {
    const stats = new RunningStats();
    stats.add(1);
    stats.addInvalid();
    stats.add(Number.NaN);
    stats.add(Number.POSITIVE_INFINITY);
    stats.add(3);
    const snap = stats.snapshot();
    expect(snap).toMatchObject({ count: 2, invalid: 3, mean: 2, min: 1, max: 3, stddev: 1, current: 3 });
  });

  it('has no current value after an invalid one, and no mean before the first valid one', () => {
    const stats = new RunningStats();
    stats.addInvalid();
    expect(stats.snapshot()).toEqual({ count: 0, invalid: 1 });
    stats.add(5);
    stats.addInvalid();
    expect(stats.snapshot()).toEqual({ count: 1, invalid: 2, mean: 5, min: 5, max: 5, stddev: 0 });
  });
});
