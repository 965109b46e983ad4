/** Saves a chart as PNG: the canvas (plot, axes, overlays) on the theme's background, with a caption. */
import type uPlot from 'uplot';

export function chartSnapshotName(chartId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  return `benchtop-${chartId}-${stamp}.png`;
}

export async function snapshotChart(chart: uPlot, caption: string): Promise<Blob> {
  const source = chart.ctx.canvas;
  const ratio = source.width / Math.max(1, chart.width);
  const captionPx = Math.round(24 * ratio);
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height + captionPx;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas available for the snapshot');
  const styles = getComputedStyle(document.documentElement);
  ctx.fillStyle = styles.getPropertyValue('--panel').trim() || '#1a2029';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = styles.getPropertyValue('--text').trim() || '#e6eaf0';
  ctx.font = `${Math.round(13 * ratio)}px sans-serif`;
  ctx.fillText(caption, Math.round(8 * ratio), Math.round(17 * ratio));
  ctx.drawImage(source, 0, captionPx);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
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
