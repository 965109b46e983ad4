import { describe, expect, it } from 'vitest';
import {
  fillTimes,
  sampleAtOrAfter,
  timeAxisOf,
  timeDecimals,
  timeOfSample,
  TimeTicks,
  type TimeAxis,
} from '../../../src-main/export/common/timeAxis.js';

/** 1 kHz; a pause after sample 100, resumed 5.0005 s after t0. */
const paused: TimeAxis = timeAxisOf({
  sample_rate_hz: 1000,
  t0_ms: 1_000_000,
  segments: [
    { first_sample: 0, t0_ms: 1_000_000 },
    { first_sample: 100, t0_ms: 1_005_000.5 },
  ],
});

describe('time axis', () => {
  it('is uniform within a segment and jumps at a resume', () => {
    expect(paused.segments).toEqual([
      { firstSample: 0, startS: 0 },
      { firstSample: 100, startS: 5.0005 },
    ]);
    expect(timeOfSample(paused, 0)).toBe(0);
    expect(timeOfSample(paused, 99)).toBeCloseTo(0.099, 12);
    expect(timeOfSample(paused, 100)).toBe(5.0005);
    expect(timeOfSample(paused, 150)).toBeCloseTo(5.0505, 12);
  });

  it('starts at 0 for a capture that never ran', () => {
    expect(timeAxisOf({ sample_rate_hz: 10, segments: [] }).segments).toEqual([
      { firstSample: 0, startS: 0 },
    ]);
  });

  it('maps seconds to the first sample at or after them, with slack for rounding', () => {
    const uniform = timeAxisOf({ sample_rate_hz: 1000, t0_ms: 0, segments: [{ first_sample: 0, t0_ms: 0 }] });
    expect(sampleAtOrAfter(uniform, 0.001, 10_000)).toBe(1);
    expect(sampleAtOrAfter(uniform, 0.0010001, 10_000)).toBe(2);
    expect(sampleAtOrAfter(uniform, 0.3, 10_000)).toBe(300);
    expect(sampleAtOrAfter(uniform, 20, 10_000)).toBe(10_000);
    // In the gap between segments: the resume's first sample.
    expect(sampleAtOrAfter(paused, 1, 200)).toBe(100);
    expect(sampleAtOrAfter(paused, 5.0505, 200)).toBe(150);
    expect(sampleAtOrAfter(paused, 0.05, 200)).toBe(50);
  });

  it('chooses decimals that make sample times exact, or resolve a thousandth of a period', () => {
    expect(timeDecimals(1_000_000, 10)).toBe(6);
    expect(timeDecimals(2_500_000, 10)).toBe(7);
    expect(timeDecimals(1000, 10)).toBe(3);
    expect(timeDecimals(1, 10)).toBe(3);
    expect(timeDecimals(44_100, 10)).toBe(8);
    expect(timeDecimals(3, 10)).toBe(4);
    // Never more than fits 2^53 ticks over the capture's length.
    expect(timeDecimals(7_000_000, 1e7)).toBeLessThan(10);
  });

  it('counts ticks exactly on an exact rate and rounds otherwise', () => {
    const ticks = new TimeTicks(paused, 4);
    const first = ticks.segmentAt(0);
    expect(first).toEqual({ index: 0, end: 100 });
    expect(ticks.ticksOf(0, 99)).toBe(990);
    const second = ticks.segmentAt(100);
    expect(second).toEqual({ index: 1, end: Infinity });
    expect(ticks.ticksOf(1, 101)).toBe(50_005 + 10);
    const odd = new TimeTicks(timeAxisOf({ sample_rate_hz: 3, segments: [] }), 4);
    expect(odd.ticksOf(0, 1)).toBe(3333);
    expect(odd.ticksOf(0, 2)).toBe(6667);
  });

  it('fills float64 times across a segment boundary', () => {
    const out = new Float64Array(4);
    fillTimes(paused, 98, out);
    expect([...out].map((t) => Number(t.toFixed(6)))).toEqual([0.098, 0.099, 5.0005, 5.0015]);
  });
});
