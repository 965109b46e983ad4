/**
 * The review's vertical scales, as on the scope: each channel is drawn against its own scale per division
 * and offset (scopeGeometry's ChannelScale), on a screen of 2 × HALF_DIVISIONS divisions, so the voltage
 * cursors — screen positions in divisions — read in each channel's own unit and scale. A channel's scale is
 * fitted to the whole capture (1-2-5 steps per division, centred on its span) and kept while zooming in
 * time, as a scope keeps its V/div when the timebase changes.
 */
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { type ChannelScale, HALF_DIVISIONS, voltsToDivisions } from '../scope/scopeGeometry';

const STEPS = [1, 2, 5];
/** Scale of a channel with no numbers, or no spread: 1 unit per division. */
const DEFAULT_SCALE: ChannelScale = { voltsPerDiv: 1, offsetV: 0 };

/** The smallest 1-2-5 step per division at or above `perDiv` (> 0). */
export function stepAtLeast(perDiv: number): number {
  let decade = 10 ** Math.floor(Math.log10(perDiv));
  for (;;) {
    for (const step of STEPS) {
      // A relative tolerance: 0.3 / 3 is 0.09999999999999999, which must still pick 0.1.
      if (step * decade >= perDiv * (1 - 1e-9)) return step * decade;
    }
    decade *= 10;
  }
}

/**
 * The scale that shows values from `minV` to `maxV` on screen: centred on their middle, the span within
 * 90 % of the screen's height. A single value gets a scale of a quarter of its size per division.
 */
export function fitScale(minV: number, maxV: number): ChannelScale {
  if (!Number.isFinite(minV) || !Number.isFinite(maxV) || maxV < minV) return DEFAULT_SCALE;
  const spread = maxV - minV;
  const size = spread > 0 ? spread / (2 * HALF_DIVISIONS * 0.9) : Math.abs(maxV) / HALF_DIVISIONS;
  if (!(size > 0)) return DEFAULT_SCALE;
  return { voltsPerDiv: stepAtLeast(size), offsetV: -(minV + maxV) / 2 };
}

/** Each channel's scale from a reply's columns (nulls skipped), in the reply's channel order. */
export function fitScales(reply: AcquisitionReviewMessage): ChannelScale[] {
  return reply.channels.map((c) => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of c.min) if (v !== null && v < min) min = v;
    for (const v of c.max) if (v !== null && v > max) max = v;
    return fitScale(min, max);
  });
}

/**
 * Chart columns (reviewColumns: x, then min and max per channel) with each channel's values turned into
 * divisions above the screen centre on its own scale, so every channel is drawn on one fixed ±HALF_DIVISIONS
 * scale, as the scope draws its traces; nulls (breaks) stay null. A channel without a scale is left as is.
 */
export function columnsInDivisions(
  columns: readonly (number | null)[][],
  scales: readonly ChannelScale[],
): (number | null)[][] {
  return columns.map((column, i) => {
    const scale = i === 0 ? undefined : scales[Math.floor((i - 1) / 2)];
    return scale === undefined
      ? [...column]
      : column.map((v) => (v === null ? null : voltsToDivisions(v, scale)));
  });
}

/** Divisions above the screen centre at `yPx` down a plot `heightPx` tall. */
export function divisionsAtPx(yPx: number, heightPx: number): number {
  return HALF_DIVISIONS - (yPx / heightPx) * 2 * HALF_DIVISIONS;
}

/** CSS px down a plot `heightPx` tall of the screen position `divisions` above the centre. */
export function pxOfDivisions(divisions: number, heightPx: number): number {
  return ((HALF_DIVISIONS - divisions) / (2 * HALF_DIVISIONS)) * heightPx;
}
