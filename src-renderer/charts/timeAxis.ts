/**
 * Clock-time axes and hover readouts for charts whose x is wall-clock seconds (trends, capture previews).
 * uPlot's defaults label ticks on two lines with the date ("12/6/26 5:06pm"), about 95 px wide at 50 px
 * spacing, so neighbours overlap; and its hover value stops at the minute, useless for 10 Hz data.
 * Here labels are one line, only as precise as the tick step needs, and ticks are spaced so the widest
 * label that step can produce fits between them.
 */
import type uPlot from 'uplot';

/**
 * Width of one label character, px: uPlot's axis font is 12 px system-ui, and a digit of DejaVu Sans
 * (Debian's system-ui) at 12 px is 7.6 px wide; colons and points are narrower, so this is an upper bound.
 */
const CHAR_WIDTH_PX = 7.7;
/** Clear space between two neighbouring labels, px. */
const LABEL_GAP_PX = 14;
/** Closest tick spacing ever used, px (uPlot's default for x). */
const MIN_SPACE_PX = 50;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Decimals of seconds needed to tell apart times `stepS` apart (0 for a second or more, at most 6). */
export function secondDecimals(stepS: number): number {
  if (!(stepS > 0) || stepS >= 1) return 0;
  return Math.min(6, Math.ceil(-Math.log10(stepS) - 1e-9));
}

/**
 * Local clock time of `timeS` (seconds since the epoch): "17:06" for steps of a minute or more,
 * "17:06:42" for whole seconds, "17:06:42.35" with as many decimals as the step needs.
 */
export function clockLabel(timeS: number, stepS: number): string {
  const decimals = secondDecimals(stepS);
  // Round first, then split: 59.9996 s at 3 decimals is the next minute, not "…:59:60.000".
  const scale = 10 ** decimals;
  const roundedS = Math.round(timeS * scale) / scale;
  const wholeS = Math.floor(roundedS);
  const date = new Date(wholeS * 1000);
  const hm = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  if (stepS >= 60 && date.getSeconds() === 0) return hm;
  const hms = `${hm}:${pad2(date.getSeconds())}`;
  // The fraction from the number itself: a Date holds whole milliseconds only.
  return decimals === 0 ? hms : hms + (roundedS - wholeS).toFixed(decimals).slice(1);
}

/** Characters of the longest label a tick step produces. */
function labelChars(stepS: number): number {
  if (stepS >= 60) return 8; // a minute step can still land on a label with seconds
  const decimals = secondDecimals(stepS);
  return 8 + (decimals > 0 ? 1 + decimals : 0);
}

/** Width a label for this tick step needs, gap included, px. */
export function labelSpacePx(stepS: number): number {
  return Math.ceil(labelChars(stepS) * CHAR_WIDTH_PX + LABEL_GAP_PX);
}

/**
 * Tick spacing for an axis showing `rangeS` seconds over `plotWidthPx`: uPlot picks the smallest step that
 * keeps ticks at least this far apart, and a coarser step never has longer labels, so every label fits.
 */
export function clockAxisSpacePx(rangeS: number, plotWidthPx: number): number {
  let space = MIN_SPACE_PX;
  if (!(rangeS > 0) || !(plotWidthPx > 0)) return labelSpacePx(1);
  // Wider spacing means a coarser step and labels no wider, so this settles: the label width takes at
  // most eight values (0 to 6 decimals, or whole seconds).
  for (let round = 0; round < 10; round++) {
    const need = labelSpacePx((rangeS * space) / plotWidthPx);
    if (need <= space) break;
    space = need;
  }
  return space;
}

/** The x axis of a clock-time chart: one-line labels spaced so they never overlap. */
export function clockTimeAxis(stroke: string, gridStroke: string): uPlot.Axis {
  return {
    stroke,
    grid: { stroke: gridStroke },
    space: (_u, _axis, min, max, plotWidthPx) => clockAxisSpacePx(max - min, plotWidthPx),
    values: (_u, ticks, _axis, _space, stepS) => ticks.map((t) => clockLabel(t, stepS)),
  };
}

/** Hover readout of a time: the clock to the precision the data has (0.1 s for 10 Hz readings). */
export function hoverTimeLabel(timeS: number, sampleIntervalS: number): string {
  return clockLabel(timeS, Math.min(1, sampleIntervalS));
}
