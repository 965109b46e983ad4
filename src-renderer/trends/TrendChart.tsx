/**
 * One trend in a chart of its own: its points against clock time on a unit-aware axis (SI prefixes),
 * breaks where nothing was measured (the backend away, a stream stopped). Follows the newest point
 * until zoomed; its visible span is offered as VisibleData (visibleDataSources) under `trend-<key>`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { ChartFrame } from '../charts/ChartFrame';
import { chartColors } from '../charts/theme';
import { clockTimeAxis, hoverTimeLabel } from '../charts/timeAxis';
import { UPlotChart, type ChartSource } from '../charts/UPlotChart';
import { useAppStore } from '../store';
import { formatTrendValue as formatValue, trendTickLabels } from './trendTicks';
import { alignedWithGaps } from './trendPoints';
import type { TrendSet } from './TrendSet';
import { keyOf, labelOf, quantityLabelOf, unitOf, type TrendSpec } from './trendSpec';
import { ExportViewMenu } from '../panels/export/ExportViewMenu';
import { trendVisibleData } from './trendVisibleData';
import { registerVisibleData } from './visibleDataSources';

/** How much the trend holds, refreshed once a second (a readout, not the chart's data path). */
function useExtent(trends: TrendSet, key: string): { points: number; firstMs: number | undefined } {
  const read = (): { points: number; firstMs: number | undefined } => {
    const p = trends.points(key);
    return { points: p.tMs.length, firstMs: p.tMs[0] };
  };
  const [extent, setExtent] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => {
      const p = trends.points(key);
      setExtent((e) =>
        e.points === p.tMs.length && e.firstMs === p.tMs[0] ? e : { points: p.tMs.length, firstMs: p.tMs[0] },
      );
    }, 1_000);
    return () => clearInterval(timer);
  }, [trends, key]);
  return extent;
}

export function TrendChart({
  trends,
  spec,
  onRemove,
}: {
  trends: TrendSet;
  spec: TrendSpec;
  onRemove(): void;
}): React.JSX.Element {
  const key = keyOf(spec);
  const unit = unitOf(spec);
  const label = labelOf(spec);
  const axisLabel = quantityLabelOf(spec);
  const chartRef = useRef<uPlot | undefined>(undefined);
  const source = useMemo<ChartSource>(
    () => ({
      version: () => trends.version(key),
      data: () => alignedWithGaps(trends.points(key)) as uPlot.AlignedData,
      latestTimestampMs: () => trends.points(key).tMs.at(-1),
    }),
    [trends, key],
  );
  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options => {
        const colors = chartColors();
        return {
          width,
          height,
          legend: { show: true, live: true },
          cursor: { drag: { x: true, y: false } },
          scales: { x: { time: true } },
          axes: [
            clockTimeAxis(colors.axis, colors.grid),
            {
              label: unit === '' ? axisLabel : `${axisLabel} (${unit})`,
              stroke: colors.axis,
              grid: { stroke: colors.grid },
              size: 70,
              values: (_u, ticks) => trendTickLabels(ticks, unit),
            },
          ],
          series: [
            { label: 'Time', value: (_u, t) => (t == null ? '—' : hoverTimeLabel(t, 0.1)) },
            { label, stroke: colors.channels[0], width: 1.5, value: (_u, v) => formatValue(v, unit) },
          ],
        };
      },
    [label, axisLabel, unit],
  );
  const visible = useMemo(
    () => () => {
      const x = chartRef.current?.scales.x;
      return trendVisibleData(spec, trends.points(key), x?.min ?? undefined, x?.max ?? undefined);
    },
    [spec, trends, key],
  );
  useEffect(() => registerVisibleData(`trend-${key}`, visible), [key, visible]);
  const theme = useAppStore((s) => s.preferences.theme);
  const chartId = `trend-${key}`;
  const extent = useExtent(trends, key);
  return (
    <div className="trend" data-testid={`trend-${key}`}>
      <div className="trend-bar">
        <strong>{label}</strong>
        <span
          className="muted"
          data-testid={`trend-extent-${key}`}
          data-points={extent.points}
          data-first-ms={extent.firstMs ?? ''}
        >
          {extent.firstMs === undefined
            ? 'waiting for values'
            : `${extent.points} points since ${new Date(extent.firstMs).toLocaleTimeString()}`}
        </span>
        <span className="spacer" />
        <button
          type="button"
          data-testid={`trend-remove-${key}`}
          onClick={onRemove}
          title={`Remove the ${label} trend`}
        >
          Remove
        </button>
      </div>
      <ChartFrame
        chartId={chartId}
        caption={`Trend of ${label}`}
        defaultHeightPx={160}
        tools={<ExportViewMenu getData={visible} testIdPrefix={`trend-export-view-${key}`} />}
      >
        {(heightPx, onChart) => (
          <UPlotChart
            options={options}
            source={source}
            heightPx={heightPx}
            onChart={(chart) => {
              chartRef.current = chart;
              onChart(chart);
            }}
            recreateKey={theme}
            testId={`trend-chart-${key}`}
            ariaLabel={`Trend of ${label}`}
          />
        )}
      </ChartFrame>
    </div>
  );
}
