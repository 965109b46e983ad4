import { describe, expect, it } from 'vitest';
import {
  clampDivisions,
  divisionsToVolts,
  readLevelCursors,
  readTimeCursors,
  screenRangeV,
  voltsToDivisions,
} from '../../../src-renderer/panels/scope/scopeGeometry';
import { timeDivisions, timeLabels } from '../../../src-renderer/panels/scope/ScopeChart';

const ch1 = { voltsPerDiv: 0.5, offsetV: 0 };
const ch2 = { voltsPerDiv: 0.2, offsetV: 0 };

describe('scope geometry: each channel on its own scale', () => {
  it('places a voltage in divisions by the channel’s V/div and offset (added to the input)', () => {
    expect(voltsToDivisions(1, ch1)).toBe(2);
    expect(voltsToDivisions(1, ch2)).toBeCloseTo(5, 12);
    // An offset of −1 V brings 1 V to the centre; +0.4 V lifts 0 V by 2 divisions at 200 mV/div.
    expect(voltsToDivisions(1, { voltsPerDiv: 0.5, offsetV: -1 })).toBe(0);
    expect(voltsToDivisions(0, { voltsPerDiv: 0.2, offsetV: 0.4 })).toBeCloseTo(2, 12);
  });

  it('reads a division back in that channel’s volts, the inverse', () => {
    for (const scale of [ch1, ch2, { voltsPerDiv: 2, offsetV: -3 }]) {
      for (const v of [-1.3, 0, 0.25, 7])
        expect(divisionsToVolts(voltsToDivisions(v, scale), scale)).toBeCloseTo(v, 12);
    }
  });

  it('gives each channel its screen range: ±4 divisions about −offset', () => {
    expect(screenRangeV(ch1)).toEqual([-2, 2]);
    const [lo, hi] = screenRangeV({ voltsPerDiv: 0.2, offsetV: -1 });
    expect(lo).toBeCloseTo(0.2, 12);
    expect(hi).toBeCloseTo(1.8, 12);
  });

  it('keeps positions on the screen', () => {
    expect(clampDivisions(5)).toBe(4);
    expect(clampDivisions(-9)).toBe(-4);
    expect(clampDivisions(1.5)).toBe(1.5);
  });
});

describe('cursor math', () => {
  it('time cursors: Δt = B − A and 1/|Δt|; nothing until both are placed or when they coincide', () => {
    expect(readTimeCursors(1e-4, 6e-4).deltaS).toBeCloseTo(5e-4, 15);
    expect(readTimeCursors(6e-4, 1e-4).inverseHz).toBeCloseTo(2000, 6);
    expect(readTimeCursors(1e-4, undefined)).toEqual({ deltaS: undefined, inverseHz: undefined });
    expect(readTimeCursors(2e-4, 2e-4).inverseHz).toBeUndefined();
  });

  it('voltage cursors read in the chosen channel’s scale: the same lines, 200 mV/div vs 500 mV/div', () => {
    // Y1 one division below the centre, Y2 two above: three divisions apart.
    const onCh2 = readLevelCursors(-1, 2, ch2);
    expect(onCh2.deltaV).toBeCloseTo(0.6, 12);
    expect(onCh2.y1V).toBeCloseTo(-0.2, 12);
    expect(onCh2.y2V).toBeCloseTo(0.4, 12);
    expect(readLevelCursors(-1, 2, ch1).deltaV).toBeCloseTo(1.5, 12);
    // An offset moves the levels read, not their difference.
    const offset = readLevelCursors(-1, 2, { voltsPerDiv: 0.2, offsetV: 1 });
    expect(offset.y1V).toBeCloseTo(-1.2, 12);
    expect(offset.deltaV).toBeCloseTo(0.6, 12);
    expect(readLevelCursors(undefined, 2, ch2).deltaV).toBeUndefined();
  });
});

describe('the time grid', () => {
  it('cuts the record into its divisions whatever the trigger position', () => {
    const splits = timeDivisions(-1e-3, 4e-3, 5e-4);
    expect(splits).toHaveLength(11);
    expect(splits[0]).toBe(-1e-3);
    expect(splits[10]).toBeCloseTo(4e-3, 15);
    // A DS1000Z screen: 12 divisions.
    expect(timeDivisions(-6e-3, 6e-3, 1e-3)).toHaveLength(13);
  });

  it('zoomed in, a line every timebase step (or a decade finer) about the trigger', () => {
    const splits = timeDivisions(0.3e-3, 1.2e-3, 5e-4);
    expect(splits.every((t) => Math.abs(t / 5e-5 - Math.round(t / 5e-5)) < 1e-6)).toBe(true);
    expect(splits.length).toBeGreaterThanOrEqual(2);
    expect(splits.length).toBeLessThanOrEqual(21);
  });
});

describe('time labels', () => {
  it('round to a fiftieth of a division, so the trigger’s division reads 0 s and not −2.25 µs', () => {
    const labels = timeLabels([-5.0225e-4, -2.25e-6, 4.9775e-4], 5e-4, 1000);
    expect(labels).toEqual(['-500 µs', '0 s', '500 µs']);
  });

  it('label every second tick when the plot is too narrow for all of them', () => {
    const ticks = Array.from({ length: 11 }, (_, i) => (i - 5) * 5e-4);
    expect(timeLabels(ticks, 5e-4, 1000).every((l) => l !== '')).toBe(true);
    const narrow = timeLabels(ticks, 5e-4, 390);
    expect(narrow.filter((l) => l !== '').length).toBeLessThanOrEqual(6);
    expect(narrow[0]).toBe('-2.50 ms');
  });
});
