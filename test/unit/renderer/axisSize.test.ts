/** A vertical axis is as wide as its widest label needs: a fixed 64 px clipped "-500 mV" on the scope. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { fitAxisToLabels } from '../../../src-renderer/charts/axisSize';

/** 12 px DejaVu Sans at a device-pixel ratio of 2 (canvas widths in device pixels). */
function chart(): { u: uPlot; fonts: string[] } {
  const fonts: string[] = [];
  let current = '10px sans-serif';
  const ctx = {
    get font(): string {
      return current;
    },
    set font(value: string) {
      fonts.push(value);
      current = value;
    },
    // "m" is wide: "-500 mV" outmeasures "-2.00 V", which has as many characters.
    measureText: (text: string) => ({
      width: [...text].reduce((w, c) => w + (c === 'm' ? 11.7 : 7.3), 0) * 2,
    }),
  };
  const u = { ctx, axes: [{}, { font: ['24px system-ui', 24] }] } as unknown as uPlot;
  return { u, fonts };
}

const size = fitAxisToLabels as (u: uPlot, values: string[], axisIdx: number, cycleNum: number) => number;

describe('fitAxisToLabels', () => {
  beforeEach(() => {
    (globalThis as { devicePixelRatio?: number }).devicePixelRatio = 2;
  });
  afterEach(() => {
    delete (globalThis as { devicePixelRatio?: number }).devicePixelRatio;
  });

  it('makes room for the widest label in the axis font, plus ticks and gap', () => {
    const { u, fonts } = chart();
    // uPlot lists labels from the bottom: the first of the longest is not the widest.
    const labels = ['-2.00 V', '-1.50 V', '-1.00 V', '-500 mV', '0 V', '500 mV', '2.00 V'];
    const width = size(u, labels, 1, 0);
    // Measured in the axis font, and the context's font put back for uPlot.
    expect(fonts).toEqual(['24px system-ui', '10px sans-serif']);
    // "-500 mV" is 55.5 px; with uPlot's 10 px ticks and 5 px gap it needs 70.5 px, more than the old 64.
    expect(width).toBeGreaterThanOrEqual(Math.ceil(6 * 7.3 + 11.7 + 15));
  });

  it('keeps a minimum width without labels or with short ones', () => {
    const { u } = chart();
    expect(size(u, [], 1, 0)).toBe(48);
    expect(size(u, ['0', '1'], 1, 0)).toBe(48);
  });
});
