/**
 * Draws a scope's latest traces small — a bench card's thumbnail — from (min, max) columns: each channel
 * one path through its columns' extremes, every channel on one vertical scale fitted to what is drawn.
 * No axes, no labels, no hit-testing: what a glance across twenty benches needs, at a fraction of a
 * chart's cost (uPlot, built for interaction, spent most of a fleet page's frame on twenty of these).
 * Pure apart from the context it is handed, so tests pass a recording one.
 */

/** The subset of CanvasRenderingContext2D the drawing uses. */
export type ThumbnailContext = Pick<
  CanvasRenderingContext2D,
  'clearRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke'
> & { strokeStyle: CanvasRenderingContext2D['strokeStyle']; lineWidth: number };

/** Fraction of the height left free above and below the traces. */
const MARGIN = 0.08;

/**
 * The vertical range of every finite value in `traces`, widened so a flat trace still sits mid-height;
 * undefined when there is nothing to draw.
 */
export function thumbnailRange(
  traces: readonly (ArrayLike<number> | undefined)[],
): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const trace of traces) {
    if (!trace) continue;
    for (let i = 0; i < trace.length; i++) {
      const v = trace[i]!;
      // NaN and ±Infinity (an over-range sample) are not drawn: one would make every y NaN.
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!(min <= max)) return undefined;
  if (max - min < 1e-12) {
    const half = Math.max(Math.abs(min) * 0.1, 1e-3);
    return { min: min - half, max: max + half };
  }
  return { min, max };
}

/**
 * Clears `widthPx × heightPx` (canvas pixels) and draws each trace: interleaved (min, max) columns
 * `[min0, max0, min1, max1, ...]`, spread over the width (column c at its centre), each column a vertical
 * stroke from its min to its max joined to the next. A column with NaN or ±Infinity breaks its trace (no
 * data there, or out of range).
 * `lineWidthPx` in canvas pixels (the device pixel ratio, for one CSS pixel).
 * @returns the number of channels drawn.
 */
export function drawTraceThumbnail(
  ctx: ThumbnailContext,
  widthPx: number,
  heightPx: number,
  traces: readonly (ArrayLike<number> | undefined)[],
  colours: readonly string[],
  lineWidthPx = 1,
): number {
  ctx.clearRect(0, 0, widthPx, heightPx);
  const range = thumbnailRange(traces);
  if (!range) return 0;
  const span = range.max - range.min;
  const usable = heightPx * (1 - 2 * MARGIN);
  const top = heightPx * MARGIN;
  // y grows downwards: the range's max at the top margin.
  const yOf = (v: number): number => top + ((range.max - v) / span) * usable;
  ctx.lineWidth = lineWidthPx;
  let drawn = 0;
  traces.forEach((trace, channel) => {
    if (!trace || trace.length < 2) return;
    const columns = Math.floor(trace.length / 2);
    const step = widthPx / columns;
    ctx.strokeStyle = colours[channel % colours.length]!;
    ctx.beginPath();
    let open = false;
    for (let c = 0; c < columns; c++) {
      const lo = trace[2 * c]!;
      const hi = trace[2 * c + 1]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        open = false;
        continue;
      }
      const x = (c + 0.5) * step;
      // The previous column's end joins this one's min: the trace stays one line through its envelope.
      if (open) ctx.lineTo(x, yOf(lo));
      else ctx.moveTo(x, yOf(lo));
      // A column whose min and max share a pixel still needs a mark: at least a line width tall.
      const yHi = yOf(hi);
      ctx.lineTo(x, Math.min(yHi, yOf(lo) - lineWidthPx));
      open = true;
    }
    ctx.stroke();
    drawn++;
  });
  return drawn;
}
