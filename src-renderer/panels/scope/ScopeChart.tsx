/**
 * The oscilloscope display: the latest record of every enabled channel against time relative to the
 * trigger, on a grid of divisions as an instrument shows it. Each channel is drawn on its own vertical
 * scale (±4 divisions of its V/div about −offset), so no channel is read against another's volts; the
 * vertical axis is in divisions, and each channel's V/div and offset are labelled in its colour
 * (ChannelScaleLabels). The trigger-level marker with its handle, ground markers and cursors are on top.
 */
import { useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { CursorName, LevelCursorName } from '../../charts/scopeGestures';
import { DIVISION_SCALE, scopeOverlayPlugin, type ScopeOverlayState } from '../../charts/scopeOverlays';
import { ChartFrame } from '../../charts/ChartFrame';
import type { SnapshotLegend } from '../../charts/snapshotLegend';
import { chartColors } from '../../charts/theme';
import { UPlotChart, type ChartSource } from '../../charts/UPlotChart';
import type { WaveformFeed } from '../../data/WaveformFeed';
import { useAppStore } from '../../store';
import { useLatest } from '../../util/useLatest';
import { formatSi } from '../../util/si';
import { HALF_DIVISIONS, screenRangeV, type ChannelScale } from './scopeGeometry';

/** A math channel as the display draws it: on its own scale, in its own unit. */
export interface MathTrace {
  on: boolean;
  /** "M1 = CH1 − CH2". */
  label: string;
  /** "V", "V²" or "" (a ratio). */
  unit: string;
  /** Its scale per division (in its unit) and offset. */
  scale: ChannelScale;
}

export interface ScopeCursors {
  /** Time cursors, s. */
  A: number | undefined;
  B: number | undefined;
  /** Voltage cursors, divisions above the screen centre. */
  Y1: number | undefined;
  Y2: number | undefined;
}

export interface ScopeChartProps {
  feed: WaveformFeed;
  /** Every channel's vertical setting, CH1 first. */
  scales: ChannelScale[];
  /** Which channels are shown (ground markers), CH1 first. */
  enabled: boolean[];
  /** Math channels M1, M2 … (always all of them, in order; `on` false for those that are off). */
  math: MathTrace[];
  /** Seconds per division: the vertical grid lines. */
  timebaseS: number | undefined;
  triggerChannel: number;
  triggerLevelV: number;
  cursors: ScopeCursors;
  onTriggerLevel(levelV: number): void;
  /** Places a time cursor, s, or (undefined) removes it. */
  onCursor(which: CursorName, timeS: number | undefined): void;
  /** Places a voltage cursor, divisions, or (undefined) removes it. */
  onLevelCursor(which: LevelCursorName, divisions: number | undefined): void;
  /** The measurements as tab-separated text, for "Copy values". */
  copyValues?(): string;
  /** Channels, scales and settings for the saved PNG. */
  snapshotLegend?(): SnapshotLegend;
  /** Tools for the chart's tool row (the "Export view" menu). */
  tools?: React.ReactNode;
  /** Receives the uPlot instance (and undefined when it goes), e.g. to read the span on screen. */
  onChart?(chart: uPlot | undefined): void;
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
        if (!view)
          return [
            [],
            ...propsRef.current.scales.map(() => []),
            ...propsRef.current.math.map(() => []),
          ] as unknown as uPlot.AlignedData;
        const column = (y: Float32Array | undefined) => y ?? nulls(view.xs.length);
        return [view.xs, ...view.ys.map(column), ...view.math.map(column)] as unknown as uPlot.AlignedData;
      },
      latestTimestampMs: () => feed.view()?.t0Ms,
    }),
    [feed, propsRef],
  );

  const scaleKey = [...props.scales, ...props.math.map((m) => m.scale)]
    .map((s) => `${s.voltsPerDiv}@${s.offsetV}`)
    .join(',');
  const mathKey = props.math.map((m) => `${m.label}/${m.unit}`).join(',');
  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options => {
        const colors = chartColors();
        const scales: uPlot.Scales = {
          x: { time: false },
          [DIVISION_SCALE]: { auto: false, range: [-HALF_DIVISIONS, HALF_DIVISIONS] },
        };
        props.scales.forEach((scale, i) => {
          scales[`CH${i + 1}`] = { auto: false, range: screenRangeV(scale) };
        });
        props.math.forEach((m, i) => {
          scales[`M${i + 1}`] = { auto: false, range: screenRangeV(m.scale) };
        });
        const overlay: () => ScopeOverlayState = () => {
          const p = propsRef.current;
          return {
            triggerScale: `CH${p.triggerChannel}`,
            triggerLevelV: p.triggerLevelV,
            triggerColor: colors.channels[p.triggerChannel - 1] ?? colors.axis,
            cursorA: p.cursors.A,
            cursorB: p.cursors.B,
            levelY1: p.cursors.Y1,
            levelY2: p.cursors.Y2,
            cursorColor: colors.cursor,
            channelMarkers: [
              ...p.enabled.flatMap((on, i) =>
                on
                  ? [{ scale: `CH${i + 1}`, color: colors.channels[i] ?? colors.axis, label: String(i + 1) }]
                  : [],
              ),
              ...p.math.flatMap((m, i) =>
                m.on
                  ? [{ scale: `M${i + 1}`, color: colors.math[i] ?? colors.axis, label: `M${i + 1}` }]
                  : [],
              ),
            ],
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
              splits: (_u, _i, min, max) => timeDivisions(min, max, propsRef.current.timebaseS),
              values: (u, ticks) =>
                timeLabels(ticks, propsRef.current.timebaseS, u.bbox.width / devicePixelRatio),
            },
            {
              // The grid in divisions; volts are each channel's own (its label and legend), never CH1's.
              scale: DIVISION_SCALE,
              stroke: colors.axis,
              grid: { stroke: colors.grid },
              splits: () => DIVISION_SPLITS,
              values: (_u, ticks) => ticks.map((t) => (t === 0 ? '0' : t > 0 ? `+${t}` : String(t))),
              size: 28,
              label: 'div',
              labelSize: 14,
            },
          ],
          series: [
            { label: 'Time', value: (_u, v) => (v == null ? '—' : formatSi(v, 's')) },
            ...props.scales.map((_, i) => ({
              label: `CH${i + 1}`,
              scale: `CH${i + 1}`,
              stroke: colors.channels[i],
              width: 1,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => (v == null ? '—' : formatSi(v, 'V')),
            })),
            ...props.math.map((m, i) => ({
              label: m.on ? m.label : `M${i + 1}`,
              scale: `M${i + 1}`,
              show: m.on,
              stroke: colors.math[i],
              width: 1,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => (v == null ? '—' : formatSi(v, m.unit)),
            })),
          ],
          plugins: [
            scopeOverlayPlugin({
              state: overlay,
              onTriggerLevel: (level) => propsRef.current.onTriggerLevel(level),
              onCursor: (which, t) => propsRef.current.onCursor(which, t),
              onLevelCursor: (which, d) => propsRef.current.onLevelCursor(which, d),
            }),
          ],
        };
      },
    // The chart is rebuilt when the vertical scales change; everything else is read live through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scaleKey, mathKey, propsRef],
  );

  // Overlays (trigger level, cursors, markers) change without new data: ask uPlot to repaint them.
  const { triggerLevelV, triggerChannel, cursors, timebaseS } = props;
  const enabledKey = [...props.enabled, ...props.math.map((m) => m.on)].join(',');
  useEffect(() => {
    chartRef.current?.redraw(false, false);
  }, [triggerLevelV, triggerChannel, cursors, enabledKey, timebaseS]);

  return (
    <ChartFrame
      chartId="scope-chart"
      caption={`${feed.equipmentId} waveforms`}
      defaultHeightPx={320}
      copyValues={props.copyValues}
      snapshotLegend={props.snapshotLegend}
      tools={props.tools}
    >
      {(heightPx, onFrameChart) => (
        <UPlotChart
          options={options}
          source={source}
          heightPx={heightPx}
          recreateKey={`${theme}|${scaleKey}|${mathKey}`}
          testId="scope-chart"
          ariaLabel="Oscilloscope waveforms"
          onChart={(chart) => {
            chartRef.current = chart;
            onFrameChart(chart);
            propsRef.current.onChart?.(chart);
          }}
        />
      )}
    </ChartFrame>
  );
}

/** Grid lines at every division, −4 … +4. */
const DIVISION_SPLITS = Array.from({ length: 2 * HALF_DIVISIONS + 1 }, (_, i) => i - HALF_DIVISIONS);

/**
 * Vertical grid lines: the screen's divisions (the record's span cut into span / timebase equal parts), so
 * the grid is the instrument's whatever the trigger position; zoomed in, every timebase step about the
 * trigger, thinned to at most 20 lines.
 */
export function timeDivisions(minS: number, maxS: number, timebaseS: number | undefined): number[] {
  const span = maxS - minS;
  if (!(span > 0) || !timebaseS || !(timebaseS > 0)) return [minS, maxS];
  const count = Math.round(span / timebaseS);
  if (count >= 2 && count <= 20 && Math.abs(count * timebaseS - span) < 0.02 * span) {
    return Array.from({ length: count + 1 }, (_, i) => minS + (i * span) / count);
  }
  let step = timebaseS;
  while (span / step > 20) step *= 10;
  while (span / step < 2) step /= 10;
  const splits: number[] = [];
  for (let t = Math.ceil(minS / step) * step; t <= maxS; t += step) splits.push(t);
  return splits;
}

/** Narrowest room for one time label, CSS px: closer ticks are labelled every second (third…) one. */
const MIN_LABEL_PX = 64;

/**
 * Labels for the time grid: each tick rounded to a fiftieth of a division (the record's sub-sample start
 * would otherwise print the trigger's division as "-2.25 µs"), thinned so labels never overlap.
 */
export function timeLabels(ticks: number[], timebaseS: number | undefined, plotWidthPx: number): string[] {
  const quantum = timebaseS && timebaseS > 0 ? timebaseS / 50 : undefined;
  const every = Math.max(1, Math.ceil((MIN_LABEL_PX * ticks.length) / Math.max(1, plotWidthPx)));
  return ticks.map((t, i) => {
    if (i % every !== 0) return '';
    const rounded = quantum ? Math.round(t / quantum) * quantum : t;
    return formatSi(Math.abs(rounded) < 1e-15 ? 0 : rounded, 's', 3);
  });
}
