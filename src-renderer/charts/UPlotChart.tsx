/**
 * A uPlot chart driven imperatively: created once, kept in a ref, fed by `getData` at most once per
 * animation frame and only when the source's `version` moved. Resizes with its container; does no work
 * while the page is hidden (requestAnimationFrame does not run then).
 */
import { useEffect, useRef } from 'react';
import { useLatest } from '../util/useLatest';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSource {
  /** Changes whenever new data is available. */
  version(): number;
  data(): uPlot.AlignedData;
}

export interface UPlotChartProps {
  /** Builds the options for a given size; called once at creation. */
  options(width: number, height: number): uPlot.Options;
  source: ChartSource;
  /** Plot height in CSS pixels (the legend adds its own below). Width follows the container. */
  heightPx: number;
  testId?: string;
  ariaLabel: string;
}

export function UPlotChart({ options, source, heightPx, testId, ariaLabel }: UPlotChartProps): React.JSX.Element {
  const containerRef = useRef<HTMLDivElement>(null);
  // Read through refs so the long-lived chart always sees the latest props without being recreated.
  const sourceRef = useLatest(source);
  const optionsRef = useLatest(options);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const size = (): { width: number; height: number } => ({
      width: Math.max(100, container.clientWidth),
      height: heightPx,
    });
    const { width, height } = size();
    const chart = new uPlot(optionsRef.current(width, height), sourceRef.current.data(), container);
    let drawnVersion = sourceRef.current.version();
    let frame = 0;
    const loop = (): void => {
      const version = sourceRef.current.version();
      if (version !== drawnVersion) {
        drawnVersion = version;
        const data = sourceRef.current.data();
        chart.setData(data);
        // Tests and benchmarks read how many points the chart holds without touching uPlot internals.
        container.dataset.points = String(data[0].length);
        container.dataset.draws = String(Number(container.dataset.draws ?? 0) + 1);
      }
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    const resize = new ResizeObserver(() => chart.setSize(size()));
    resize.observe(container);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      chart.destroy();
    };
  }, [heightPx, sourceRef, optionsRef]);

  return <div ref={containerRef} className="chart" data-testid={testId} data-points="0" role="img" aria-label={ariaLabel} />;
}
