/**
 * The review's vertical scales and voltage cursors (panels/review/reviewScales.ts): each channel fitted to
 * the capture in 1-2-5 steps per division, and one pair of screen-position cursors read per channel in its
 * own scale with the scope's own arithmetic (readLevelCursors).
 */
import { describe, expect, it } from 'vitest';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import {
  columnsInDivisions,
  divisionsAtPx,
  fitScale,
  fitScales,
  pxOfDivisions,
  stepAtLeast,
} from '../../../src-renderer/panels/review/reviewScales';
import { readLevelCursors, screenRangeV } from '../../../src-renderer/panels/scope/scopeGeometry';

function reply(channels: AcquisitionReviewMessage['channels']): AcquisitionReviewMessage {
  return {
    type: 'acquisition_review',
    acquisition_id: 'acq_0123456789ab',
    sample_count: 100,
    sample_rate_hz: 1_000,
    running: false,
    from_sample: 0,
    to_sample: 100,
    kind: 'minmax',
    pixels: 3,
    level: 0,
    channels,
    markers: { segments: [], alarms: [], events: [] },
  };
}

describe('review scales', () => {
  it('rounds a scale per division up to the next 1-2-5 step', () => {
    expect(stepAtLeast(0.3 / 3)).toBe(0.1);
    expect(stepAtLeast(0.11)).toBe(0.2);
    expect(stepAtLeast(0.27)).toBeCloseTo(0.5, 12);
    expect(stepAtLeast(0.6)).toBe(1);
    expect(stepAtLeast(6)).toBe(10);
    expect(stepAtLeast(2e-6)).toBeCloseTo(2e-6, 18);
  });

  it('fits a span on screen, centred, and keeps a flat or empty channel readable', () => {
    // A 2 Vpp sine: 2 V over 90 % of 8 divisions needs 0.28 V/div, so 0.5 V/div, centred on 0.
    expect(fitScale(-1, 1)).toEqual({ voltsPerDiv: 0.5, offsetV: -0 });
    // 4.9 … 5.1 V: 50 mV/div, the centre at 5 V (offset −5 V, as a scope's offset sign has it).
    const supply = fitScale(4.9, 5.1);
    expect(supply.voltsPerDiv).toBeCloseTo(0.05, 12);
    expect(supply.offsetV).toBeCloseTo(-5, 12);
    const [bottom, top] = screenRangeV(supply);
    expect(bottom).toBeLessThan(4.9);
    expect(top).toBeGreaterThan(5.1);
    // DC −0.25 V: a quarter of it per division (rounded up), the line in the middle.
    expect(fitScale(-0.25, -0.25)).toEqual({ voltsPerDiv: 0.1, offsetV: 0.25 });
    expect(fitScale(0, 0)).toEqual({ voltsPerDiv: 1, offsetV: 0 });
    expect(fitScale(Infinity, -Infinity)).toEqual({ voltsPerDiv: 1, offsetV: 0 });
  });

  it('reads one pair of voltage cursors on each channel in its own scale', () => {
    const scales = fitScales(
      reply([
        { name: 'CH1', unit: 'V', min: [-1, null, -0.5], max: [0.5, null, 1] },
        { name: 'M1', unit: 'V²', min: [0, 0.1, null], max: [0.1, 0.4, null] },
      ]),
    );
    expect(scales.map((s) => s.voltsPerDiv)).toEqual([0.5, 0.1]);
    // Y1 one division below the centre, Y2 one above: ΔY is 2 divisions of each channel's scale.
    const ch1 = readLevelCursors(-1, 1, scales[0]!);
    const m1 = readLevelCursors(-1, 1, scales[1]!);
    expect(ch1).toEqual({ y1V: -0.5, y2V: 0.5, deltaV: 1 });
    expect(m1.deltaV).toBeCloseTo(0.2, 12);
    expect(m1.y1V).toBeCloseTo(0.1, 12);
    expect(m1.y2V).toBeCloseTo(0.3, 12);
  });

  it('maps heights on the plot to divisions and back', () => {
    expect(divisionsAtPx(0, 200)).toBe(4);
    expect(divisionsAtPx(100, 200)).toBe(0);
    expect(divisionsAtPx(200, 200)).toBe(-4);
    for (const d of [-4, -1.5, 0, 2.25, 4])
      expect(divisionsAtPx(pxOfDivisions(d, 260), 260)).toBeCloseTo(d, 12);
  });

  it('draws each channel in divisions of its own scale on one screen, breaks kept', () => {
    const columns = [
      [0, 0.001],
      [-1, null],
      [1, null],
      [5, 4.9],
      [5.1, 5],
    ];
    const scales = [
      { voltsPerDiv: 0.5, offsetV: 0 },
      { voltsPerDiv: 0.05, offsetV: -5 },
    ];
    const drawn = columnsInDivisions(columns, scales);
    expect(drawn[0]).toEqual([0, 0.001]);
    expect(drawn[1]).toEqual([-2, null]);
    expect(drawn[2]).toEqual([2, null]);
    expect(drawn[3]![0]).toBeCloseTo(0, 9);
    expect(drawn[3]![1]).toBeCloseTo(-2, 9);
    expect(drawn[4]![0]).toBeCloseTo(2, 9);
    // The reply's own columns are left as they were (the cursor readout reads them in volts).
    expect(columns[1]).toEqual([-1, null]);
  });
});
