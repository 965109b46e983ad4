/**
 * Wraps a chart with what every chart offers: a PNG snapshot, "copy values" where the panel has
 * values to copy, and a handle to drag its height (remembered across restarts).
 */
import { useState } from 'react';
import type uPlot from 'uplot';
import { useAppStore } from '../store';
import { chartSnapshotName, download, snapshotChart } from './snapshot';
import type { SnapshotLegend } from './snapshotLegend';

export interface ChartFrameProps {
  chartId: string;
  caption: string;
  defaultHeightPx: number;
  /** Tab-separated values for the clipboard (e.g. the readouts); omitted hides the button. */
  copyValues?(): string;
  /** What the saved PNG carries under the plot to be read on its own (traces, scales, settings). */
  snapshotLegend?(): SnapshotLegend;
  /** More tools beside Copy values and Save PNG (e.g. the "Export view" menu). */
  tools?: React.ReactNode;
  children(heightPx: number, onChart: (chart: uPlot | undefined) => void): React.ReactNode;
}

export function ChartFrame({
  chartId,
  caption,
  defaultHeightPx,
  copyValues,
  snapshotLegend,
  tools,
  children,
}: ChartFrameProps): React.JSX.Element {
  const stored = useAppStore((s) => s.preferences.chartHeightsPx[chartId]);
  const setChartHeight = useAppStore((s) => s.setChartHeight);
  const [dragHeightPx, setDragHeightPx] = useState<number | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // The live chart, for snapshots; set by the chart itself when created and cleared when destroyed.
  const [chart, setChart] = useState<uPlot | undefined>(undefined);
  const heightPx = dragHeightPx ?? stored ?? defaultHeightPx;

  const flash = (text: string): void => {
    setNotice(text);
    setTimeout(() => setNotice(undefined), 2_000);
  };

  const startResize = (event: React.PointerEvent<HTMLDivElement>): void => {
    event.preventDefault();
    const startY = event.clientY;
    const startHeight = heightPx;
    let latest = startHeight;
    const move = (e: PointerEvent): void => {
      latest = Math.min(900, Math.max(120, startHeight + e.clientY - startY));
      setDragHeightPx(latest);
    };
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setChartHeight(chartId, latest);
      setDragHeightPx(undefined);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className="chart-frame">
      <div className="chart-tools">
        {notice && (
          <span className="muted" role="status">
            {notice}
          </span>
        )}
        {tools}
        {copyValues && (
          <button
            type="button"
            className="link"
            data-testid={`${chartId}-copy`}
            onClick={() => {
              navigator.clipboard.writeText(copyValues()).then(
                () => flash('Values copied'),
                () => flash('Clipboard unavailable'),
              );
            }}
          >
            Copy values
          </button>
        )}
        <button
          type="button"
          className="link"
          data-testid={`${chartId}-snapshot`}
          onClick={() => {
            if (!chart) return;
            snapshotChart(chart, `${caption} — ${new Date().toLocaleString()}`, snapshotLegend?.()).then(
              (blob) => download(blob, chartSnapshotName(chartId)),
              (err: Error) => flash(err.message),
            );
          }}
        >
          Save PNG
        </button>
      </div>
      {children(heightPx, setChart)}
      <div
        className="resize-handle"
        role="separator"
        aria-orientation="horizontal"
        aria-label={`Resize ${caption}`}
        data-testid={`${chartId}-resize`}
        onPointerDown={startResize}
      />
    </div>
  );
}
