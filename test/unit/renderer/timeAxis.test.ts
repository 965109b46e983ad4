/**
 * Clock-time axes: one-line labels as precise as the tick step needs, ticks spaced so that no two labels
 * overlap, and a hover time as precise as the data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockAxisSpacePx,
  clockLabel,
  hoverTimeLabel,
  labelSpacePx,
  secondDecimals,
} from '../../../src-renderer/charts/timeAxis';

/** Local time, s since the epoch (the labels are local clock time whatever the machine's zone). */
const at = (h: number, m: number, s: number, ms = 0): number =>
  new Date(2026, 11, 6, h, m, s, ms).getTime() / 1000;

describe('clock labels', () => {
  it('shows as many decimals of a second as the step needs, on one line', () => {
    expect(clockLabel(at(17, 6, 0), 300)).toBe('17:06');
    expect(clockLabel(at(17, 6, 30), 15)).toBe('17:06:30');
    expect(clockLabel(at(17, 6, 42, 400), 0.2)).toBe('17:06:42.4');
    expect(clockLabel(at(17, 6, 42, 350), 0.05)).toBe('17:06:42.35');
    expect(clockLabel(at(17, 6, 42) + 123e-6, 1e-5)).toBe('17:06:42.00012');
  });

  it('rounds into the next minute instead of showing second 60', () => {
    expect(clockLabel(at(17, 6, 59) + 0.9996, 0.001)).toBe('17:07:00.000');
  });

  it('reads hover times to the precision of the data, not to the minute', () => {
    expect(hoverTimeLabel(at(17, 6, 42, 300), 0.1)).toBe('17:06:42.3');
    expect(hoverTimeLabel(at(17, 6, 42, 310), 0.01)).toBe('17:06:42.31');
    expect(hoverTimeLabel(at(17, 6, 42), 5)).toBe('17:06:42');
    expect(secondDecimals(1e-5)).toBe(5);
    expect(secondDecimals(0)).toBe(0);
  });
});

describe('clock axis spacing', () => {
  it('keeps every tick label clear of its neighbours, whatever the range and width', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 7_200, noNaN: true }),
        fc.integer({ min: 120, max: 2_000 }),
        (rangeS, plotWidthPx) => {
          const space = clockAxisSpacePx(rangeS, plotWidthPx);
          // uPlot picks the smallest step keeping ticks `space` apart; any such step is at least this.
          const minStepS = (rangeS * space) / plotWidthPx;
          for (const factor of [1, 1.5, 2, 5, 10]) {
            const stepS = minStepS * factor;
            expect(labelSpacePx(stepS)).toBeLessThanOrEqual(space * factor);
          }
        },
      ),
    );
  });

  it('spaces ticks wider than uPlot’s 50 px default, which overlapped two-line date labels', () => {
    // A 1-minute trend over a 300 px plot: steps of seconds, "17:06:30" labels.
    expect(clockAxisSpacePx(60, 300)).toBeGreaterThanOrEqual(labelSpacePx(1));
    // A 0.2 s capture preview over 900 px: millisecond labels "17:06:42.350".
    expect(clockAxisSpacePx(0.2, 900)).toBeGreaterThanOrEqual(labelSpacePx(0.01));
  });
});
