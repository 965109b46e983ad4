/**
 * The oscilloscope display: the latest record of every enabled channel against time relative to the
 * trigger, each channel on its own vertical scale (±4 divisions of its V/div), with the trigger-level
 * marker and A/B cursors drawn on top.
 */
import { useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { scopeOverlayPlugin, type ScopeOverlayState } from '../../charts/scopeOverlays';
import { fitAxisToLabels } from '../../charts/axisSize';
import { ChartFrame } from '../../charts/ChartFrame';
import type { SnapshotLegend } from '../../charts/snapshotLegend';
import { chartColors } from '../../charts/theme';
import { UPlotChart, type ChartSource } from '../../charts/UPlotChart';
import type { WaveformFeed } from '../../data/WaveformFeed';
import { useAppStore } from '../../store';
import { useLatest } from '../../util/useLatest';
import { formatSi } from '../../util/si';
import { HALF_DIVISIONS } from './scopeGeometry';

export interface ScopeChartProps {
  feed: WaveformFeed;
  voltsPerDiv: number[];
  triggerChannel: number;
  triggerLevelV: number;
  cursorA: number | undefined;
  cursorB: number | undefined;
  onTriggerLevel(levelV: number): void;
  /** Places a cursor at a time, s, or (undefined) removes it. */
  onCursor(which: 'A' | 'B', timeS: number | undefined): void;
  /** The measurements as tab-separated text, for "Copy values". */
  copyValues?(): string;
  /** Channels, scales and settings for the saved PNG. */
  snapshotLegend?(): SnapshotLegend;
}

const nullColumns = new Map<number, null[]>();
/** A column of nulls for channels absent from the record (uPlot needs every column as long as x). */
function nulls(length: number): null[] {
  let column = nullColumns.get(length);
  if (!column) {
    nullColumns.clear();
    nullColumns.set(length, (column = new Array<null>(length).fill(null)));
  }
  return column;
}

export function ScopeChart(props: ScopeChartProps): React.JSX.Element {
  const { feed } = props;
  const chartRef = useRef<uPlot | undefined>(undefined);
  const propsRef = useLatest(props);
  const theme = useAppStore((s) => s.preferences.theme);

  const source = useMemo<ChartSource>(
    () => ({
      version: () => feed.version,
      data: () => {
        const view = feed.view();
        if (!view) return [[], [], [], [], []] as unknown as uPlot.AlignedData;
        return [view.xs, ...view.ys.map((y) => y ?? nulls(view.xs.length))] as unknown as uPlot.AlignedData;
      },
      latestTimestampMs: () => feed.view()?.t0Ms,
    }),
    [feed],
  );

  const vdivKey = props.voltsPerDiv.join(',');
  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options => {
        const colors = chartColors();
        const scales: uPlot.Scales = { x: { time: false } };
        props.voltsPerDiv.forEach((vdiv, i) => {
          scales[`CH${i + 1}`] = { range: [-HALF_DIVISIONS * vdiv, HALF_DIVISIONS * vdiv] };
        });
        const overlay: () => ScopeOverlayState = () => {
          const p = propsRef.current;
          return {
            triggerScale: `CH${p.triggerChannel}`,
            triggerLevelV: p.triggerLevelV,
            triggerColor: colors.channels[p.triggerChannel - 1] ?? colors.axis,
            cursorA: p.cursorA,
            cursorB: p.cursorB,
            cursorColor: colors.cursor,
          };
        };
        return {
          width,
          height,
          legend: { show: true, live: true },
          cursor: { drag: { x: true, y: false }, points: { show: false } },
          scales,
          axes: [
            {
              stroke: colors.axis,
              grid: { stroke: colors.grid },
              values: (_u, ticks) => ticks.map((t) => formatSi(t, 's', 3)),
            },
            {
              scale: 'CH1',
              stroke: colors.channels[0],
              grid: { stroke: colors.grid },
              values: (_u, ticks) => ticks.map((t) => formatSi(t, 'V', 3)),
              size: fitAxisToLabels,
            },
          ],
          series: [
            { label: 'Time', value: (_u, v) => (v == null ? '—' : formatSi(v, 's')) },
            ...props.voltsPerDiv.map((_, i) => ({
              label: `CH${i + 1}`,
              scale: `CH${i + 1}`,
              stroke: colors.channels[i],
              width: 1,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => (v == null ? '—' : formatSi(v, 'V')),
            })),
          ],
          plugins: [
            scopeOverlayPlugin({
              state: overlay,
              onTriggerLevel: (level) => propsRef.current.onTriggerLevel(level),
              onCursor: (which, t) => propsRef.current.onCursor(which, t),
            }),
          ],
        };
      },
    // The chart is rebuilt when the vertical scales change; everything else is read live through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [vdivKey, propsRef],
  );

  // Overlays (trigger level, cursors) change without new data: ask uPlot to repaint them.
  const { triggerLevelV, triggerChannel, cursorA, cursorB } = props;
  useEffect(() => {
    chartRef.current?.redraw(false, false);
  }, [triggerLevelV, triggerChannel, cursorA, cursorB]);

  return (
    <ChartFrame
      chartId="scope-chart"
      caption={`${feed.equipmentId} waveforms`}
      defaultHeightPx={320}
      copyValues={props.copyValues}
      snapshotLegend={props.snapshotLegend}
    >
      {(heightPx, onFrameChart) => (
        <UPlotChart
          options={options}
          source={source}
          heightPx={heightPx}
          recreateKey={`${theme}|${vdivKey}`}
          testId="scope-chart"
          ariaLabel="Oscilloscope waveforms"
          onChart={(chart) => {
            chartRef.current = chart;
            onFrameChart(chart);
          }}
        />
      )}
    </ChartFrame>
  );
}
