/**
 * A uPlot chart driven imperatively: created once, kept in a ref, fed by `source.data()` at most once per
 * animation frame, only when the source's `version` moved (and, for a rolling window, only once the
 * window has moved by a pixel: see ChartSource.redrawEveryMs). It follows a live x window until the user
 * zooms or pans, says so over the plot while it does not, and returns to it on double click or "Back to
 * live". It resizes with its container and does no work while scrolled out of view or while the page is
 * hidden (requestAnimationFrame does not run then).
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLatest } from '../util/useLatest';
import { chartFrames } from './chartFrames';
import { interactionPlugin } from './interaction';

export interface ChartSource {
  /** Changes whenever new data is available. */
  version(): number;
  /**
   * The data to draw. `plotDevicePx`, when known, is the plot's width in canvas (device) pixels: a source
   * holding more columns than that may hand over fewer that draw the same picture (see TraceSource).
   */
  data(plotDevicePx?: number): uPlot.AlignedData;
  /** The x range to show while following live data; undefined lets uPlot autoscale. */
  liveXRange?(): [number, number] | undefined;
  /** Instrument time of the newest data drawn, ms since epoch: measures sample-to-pixel latency. */
  latestTimestampMs?(): number | undefined;
  /**
   * While following live data, the shortest time between redraws, ms, for a plot `plotWidthPx` CSS pixels
   * wide. A rolling window moves by less than a pixel between most frames (1 min over 600 px: one pixel
   * per 100 ms), so drawing every frame repaints the same picture; absent means every new version.
   */
  redrawEveryMs?(plotWidthPx: number): number;
}

/** Fired on the chart element after each draw: `detail` says what was drawn and how old it was. */
export interface ChartDrawDetail {
  testId: string | undefined;
  /** Instrument timestamp of the newest data drawn, ms since epoch, when the source knows it. */
  dataTimestampMs: number | undefined;
  drawnAtMs: number;
}

export const CHART_DRAW_EVENT = 'benchtop:chart-draw';

export interface UPlotChartProps {
  /** Builds the options for a given size; called once at creation. */
  options(width: number, height: number): uPlot.Options;
  source: ChartSource;
  /** Plot height in CSS pixels (the legend adds its own below). Width follows the container. */
  heightPx: number;
  testId?: string;
  ariaLabel: string;
  /** Changing it re-creates the chart (e.g. the theme, since uPlot paints with fixed colours). */
  recreateKey?: string;
  /** Receives the uPlot instance (e.g. for snapshots or cursor readouts); undefined when destroyed. */
  onChart?(chart: uPlot | undefined): void;
}

/** Null rows in a series: the breaks drawn where data was missing. */
function countBreaks(series: uPlot.AlignedData[number] | undefined): number {
  if (!Array.isArray(series)) return 0;
  let breaks = 0;
  for (const value of series) if (value === null) breaks++;
  return breaks;
}

export function UPlotChart({
  options,
  source,
  heightPx,
  recreateKey,
  testId,
  ariaLabel,
  onChart,
}: UPlotChartProps): React.JSX.Element {
  const containerRef = useRef<HTMLDivElement>(null);
  // Read through refs so the long-lived chart always sees the latest props without being recreated.
  const sourceRef = useLatest(source);
  const optionsRef = useLatest(options);
  const onChartRef = useLatest(onChart);
  const heightRef = useLatest(heightPx);
  const chartRef = useRef<uPlot | undefined>(undefined);
  // Whether the x range follows live data; drawn over the plot when it does not (the view is frozen).
  const [following, setFollowing] = useState(true);
  const backToLiveRef = useRef<() => void>(() => {});

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let following = true;
    let drawnVersion = -1;
    const follow = (next: boolean): void => {
      following = next;
      container.dataset.following = String(next);
      if (next) drawnVersion = -1; // redraw at once with the live range
      setFollowing(next);
    };
    backToLiveRef.current = () => follow(true);
    let visible = true;
    const size = (): { width: number; height: number } => ({
      width: Math.max(100, container.clientWidth),
      height: heightRef.current,
    });
    const base = optionsRef.current(size().width, heightRef.current);
    const chart = new uPlot(
      {
        ...base,
        hooks: {
          ...base.hooks,
          draw: [
            ...(base.hooks?.draw ?? []),
            () => {
              const detail: ChartDrawDetail = {
                testId,
                dataTimestampMs: sourceRef.current.latestTimestampMs?.(),
                drawnAtMs: Date.now(),
              };
              container.dispatchEvent(new CustomEvent(CHART_DRAW_EVENT, { detail, bubbles: true }));
            },
          ],
        },
        plugins: [
          ...(base.plugins ?? []),
          interactionPlugin({ onUserZoom: () => follow(false), onReset: () => follow(true) }),
        ],
      },
      sourceRef.current.data(),
      container,
    );
    chartRef.current = chart;
    const notify = onChartRef.current;
    notify?.(chart);
    let drawnAtMs = -Infinity;
    const draw = (nowMs: number): void => {
      const version = sourceRef.current.version();
      if (version === drawnVersion) return;
      const source = sourceRef.current;
      // uPlot's bbox is in canvas pixels; the pacing is per CSS pixel.
      const paceMs = following ? (source.redrawEveryMs?.(chart.bbox.width / uPlot.pxRatio) ?? 0) : 0;
      if (nowMs - drawnAtMs < paceMs && drawnVersion !== -1) return;
      drawnAtMs = nowMs;
      drawnVersion = version;
      const data = sourceRef.current.data(chart.bbox.width);
      const live = following ? sourceRef.current.liveXRange?.() : undefined;
      chart.batch(() => {
        chart.setData(data, following);
        if (live) chart.setScale('x', { min: live[0], max: live[1] });
      });
      // Tests and benchmarks read how many points the chart holds without touching uPlot internals.
      container.dataset.points = String(data[0].length);
      container.dataset.gaps = String(countBreaks(data[1]));
      container.dataset.draws = String(Number(container.dataset.draws ?? 0) + 1);
    };
    // Every chart on the page checks its source in one shared animation-frame loop (chartFrames.ts).
    const stopDrawing = chartFrames.add((nowMs) => {
      if (visible) draw(nowMs);
    });
    const resize = new ResizeObserver(() => {
      const widthBefore = chart.bbox.width;
      chart.setSize(size());
      // A source that fits its data to the plot's width (see ChartSource.data) fits it again.
      if (chart.bbox.width !== widthBefore) drawnVersion = -1;
    });
    resize.observe(container);
    const intersection = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
    });
    intersection.observe(container);
    return () => {
      backToLiveRef.current = () => {};
      setFollowing(true);
      stopDrawing();
      resize.disconnect();
      intersection.disconnect();
      notify?.(undefined);
      chartRef.current = undefined;
      chart.destroy();
    };
  }, [recreateKey, testId, sourceRef, optionsRef, onChartRef, heightRef]);

  // A new height (the user dragging the resize handle) resizes the live chart; it is not rebuilt.
  useEffect(() => {
    const chart = chartRef.current;
    const container = containerRef.current;
    if (chart && container) chart.setSize({ width: Math.max(100, container.clientWidth), height: heightPx });
  }, [heightPx]);

  const rolling = source.liveXRange !== undefined;
  return (
    <div className="chart-holder">
      <div
        ref={containerRef}
        className="chart"
        data-testid={testId}
        data-points="0"
        data-following="true"
        role="img"
        aria-label={`${ariaLabel}. Drag or scroll to zoom, shift+scroll to pan, double-click to return to live.`}
      />
      {!following && (
        <div className="chart-not-live" role="status" data-testid={testId && `${testId}-not-live`}>
          {/* A rolling window stands still while zoomed; other charts keep drawing new data in the range. */}
          {rolling ? 'Zoomed — not following live data' : 'Zoomed'}
          <button
            type="button"
            className="link"
            onClick={() => backToLiveRef.current()}
            data-testid={testId && `${testId}-back-to-live`}
          >
            {rolling ? 'Back to live' : 'Reset zoom'}
          </button>
        </div>
      )}
    </div>
  );
}
