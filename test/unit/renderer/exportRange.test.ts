import { describe, expect, it } from 'vitest';
import {
  captureEndS,
  captureEndText,
  checkExportRange,
  rangeDecimals,
  type CaptureTiming,
} from '../../../src-renderer/panels/acquisitions/exportRange';

const T0_MS = 1_750_000_000_000;

/** A capture that ran without a pause. */
function capture(sampleRateHz: number, flushed: number): CaptureTiming {
  return { sample_rate: sampleRateHz, flushed, t0_ms: T0_MS, segments: [{ first_sample: 0, t0_ms: T0_MS }] };
}

describe('the export range', () => {
  it('accepts its own default for a 10 MSa/s capture stopped by hand (27,228,677 samples)', () => {
    const stopped = capture(10_000_000, 27_228_677);
    const end = captureEndText(stopped);
    // The old dialog defaulted to 2.722868 and refused it: "the range must lie within 0–2.723 s".
    expect(end).toBe('2.7228677');
    expect(checkExportRange('0', end, end)).toEqual({ ok: true, startS: 0, endS: 2.7228677 });
  });

  it('rounds the end up, never down, so the default range keeps the last samples', () => {
    // 1000 samples at 3 Hz end at 333.333… s: 333.334 covers them all, 333.333 would drop the last.
    const end = captureEndText(capture(3, 1000));
    expect(end).toBe('333.334');
    expect(Number(end)).toBeGreaterThanOrEqual(1000 / 3);
    // Exact ends stay exact, whatever the float product does (0.1 s × 1e3 and friends).
    expect(captureEndText(capture(1000, 100))).toBe('0.100');
    expect(captureEndText(capture(100_000, 400_000))).toBe('4.00000');
  });

  it('shows as many decimals as resolve one sample period', () => {
    expect(rangeDecimals(1)).toBe(3);
    expect(rangeDecimals(1000)).toBe(3);
    expect(rangeDecimals(100_000)).toBe(5);
    expect(rangeDecimals(2_500_000)).toBe(7);
    expect(rangeDecimals(10_000_000)).toBe(7);
  });

  it('ends a paused capture where its last run ends on the export time axis, not at samples ÷ rate', () => {
    // 1 s at 1 kHz, a 10 s pause, then 0.5 s more: time_s runs 0…1 and 11…11.5.
    const paused: CaptureTiming = {
      sample_rate: 1000,
      flushed: 1500,
      t0_ms: T0_MS,
      segments: [
        { first_sample: 0, t0_ms: T0_MS },
        { first_sample: 1000, t0_ms: T0_MS + 11_000 },
      ],
    };
    expect(captureEndS(paused)).toBeCloseTo(11.5, 9);
    expect(captureEndText(paused)).toBe('11.500');
    expect(checkExportRange('11', '11.5', captureEndText(paused))).toMatchObject({ ok: true });
    // A run that has started but holds no sample yet does not move the end.
    expect(captureEndS({ ...paused, flushed: 1000 })).toBeCloseTo(1, 9);
  });

  it('says what is wrong with a typed range in words, with the figure that would do', () => {
    const end = '2.7228677';
    expect(checkExportRange('abc', end, end)).toEqual({
      ok: false,
      problem: 'From must be a number of seconds, such as 0 or 1.5.',
    });
    expect(checkExportRange('-1', end, end)).toEqual({ ok: false, problem: 'From must be 0 s or later.' });
    expect(checkExportRange('3', '4', end)).toEqual({
      ok: false,
      problem: 'From must be before the end of the capture, 2.7228677 s.',
    });
    expect(checkExportRange('0', '', end)).toEqual({
      ok: false,
      problem: 'To must be a number of seconds, up to 2.7228677 (the end of the capture).',
    });
    expect(checkExportRange('1', '0.5', end)).toEqual({ ok: false, problem: 'To must be after From (1 s).' });
    expect(checkExportRange('0', '2.7228678', end)).toEqual({
      ok: false,
      problem: 'To must be at most 2.7228677 s, the end of the capture.',
    });
    expect(checkExportRange(' 0.5 ', ' 1 ', end)).toEqual({ ok: true, startS: 0.5, endS: 1 });
  });
});
