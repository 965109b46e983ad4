/** Saves a chart as PNG: the canvas (plot, axes, overlays) on the theme's background, with a caption. */
import type uPlot from 'uplot';
import { layoutLegend, type LegendLayout, type SnapshotLegend } from './snapshotLegend';

export function chartSnapshotName(chartId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  return `benchtop-${chartId}-${stamp}.png`;
}

/**
 * The chart's canvas (plot, axes, overlays) on the theme's background, with the caption above and, when
 * given, a legend below: the on-screen legend is HTML and would otherwise be missing from the picture.
 */
export async function snapshotChart(chart: uPlot, caption: string, legend?: SnapshotLegend): Promise<Blob> {
  const source = chart.ctx.canvas;
  const ratio = source.width / Math.max(1, chart.width);
  const captionPx = Math.round(24 * ratio);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas available for the snapshot');
  const font = `${Math.round(12 * ratio)}px sans-serif`;
  ctx.font = font;
  const layout = legend
    ? layoutLegend(legend, source.width, ratio, (text) => ctx.measureText(text).width)
    : undefined;
  // Sizing a canvas resets its context: measure first, size, then paint.
  canvas.width = source.width;
  canvas.height = captionPx + source.height + (layout?.heightPx ?? 0);
  const styles = getComputedStyle(document.documentElement);
  const textColor = styles.getPropertyValue('--text').trim() || '#e6eaf0';
  ctx.fillStyle = styles.getPropertyValue('--panel').trim() || '#1a2029';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = textColor;
  ctx.font = `${Math.round(13 * ratio)}px sans-serif`;
  ctx.fillText(caption, Math.round(8 * ratio), Math.round(17 * ratio));
  ctx.drawImage(source, 0, captionPx);
  if (layout) paintLegend(ctx, layout, captionPx + source.height, font, textColor);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** Paints a laid-out legend with its top at `topPx`. */
export function paintLegend(
  ctx: CanvasRenderingContext2D,
  layout: LegendLayout,
  topPx: number,
  font: string,
  textColor: string,
): void {
  ctx.font = font;
  for (const placed of layout.placed) {
    if (placed.swatch) {
      ctx.fillStyle = placed.swatch.color;
      ctx.fillRect(placed.swatch.x, topPx + placed.swatch.y, placed.swatch.sizePx, placed.swatch.sizePx);
    }
    ctx.fillStyle = textColor;
    ctx.fillText(placed.text, placed.x, topPx + placed.y);
  }
}

/** Offers a blob as a download (the desktop app shows a save dialog for it). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
