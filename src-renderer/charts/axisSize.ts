/**
 * Width of a vertical axis fitted to its labels. A fixed width clipped the widest ones ("-500 mV" lost
 * its sign at the canvas edge, on screen and in saved pictures); this measures them in the axis's font.
 */
import type uPlot from 'uplot';

/** Room for the tick marks and the gap between them and the labels (uPlot: 10 + 5), and a margin, CSS px. */
const TICKS_AND_GAP_PX = 18;
/** Never narrower than this, CSS px, so the plot does not jump as labels change by a character. */
const MIN_SIZE_PX = 48;

/** A `size` for uPlot's axis options: the widest label's width plus ticks and gap. */
export const fitAxisToLabels: uPlot.Axis.Size = (u, values, axisIdx, cycleNum) => {
  const axis = u.axes[axisIdx] as uPlot.Axis & { _size?: number };
  // uPlot sizes axes over a few cycles; once labels exist, keep the first fit to avoid oscillating.
  if (cycleNum > 1 && axis._size !== undefined) return axis._size;
  const labels = values ?? [];
  if (labels.length === 0) return MIN_SIZE_PX;
  // uPlot remembers which font its context holds: put back whatever was there.
  const previousFont = u.ctx.font;
  u.ctx.font = Array.isArray(axis.font) ? String(axis.font[0]) : (axis.font ?? '12px system-ui');
  // Measured one by one: the longest string is not the widest ("-2.00 V" is narrower than "-500 mV").
  let widestPx = 0;
  for (const label of labels) widestPx = Math.max(widestPx, u.ctx.measureText(label).width);
  u.ctx.font = previousFont;
  // The canvas, and the font uPlot scaled for it, are in device pixels.
  return Math.max(MIN_SIZE_PX, Math.ceil(widestPx / (devicePixelRatio || 1) + TICKS_AND_GAP_PX));
};
