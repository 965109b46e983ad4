/** Voltage and current of one power-supply channel over a rolling window, from the readings feed. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { ChartFrame } from '../charts/ChartFrame';
import { chartColors } from '../charts/theme';
import { UPlotChart, type ChartSource } from '../charts/UPlotChart';
import { useAppStore } from '../store';
import type { PsuReadingsFeed } from '../data/PsuReadingsFeed';

export interface PsuTrendChartProps {
  feed: PsuReadingsFeed;
  channel: number;
  /** Rolling window, s. */
  windowS: number;
  maxVoltageV: number;
  maxCurrentA: number;
  /** The stream's update period, ms: gaps are judged against it. */
  intervalMs: number;
}

/** Samples further apart than this many update periods (and at least 1 s) are drawn with a break. */
const GAP_FACTOR = 5;

export function PsuTrendChart({
  feed,
  channel,
  windowS,
  maxVoltageV,
  maxCurrentA,
  intervalMs,
}: PsuTrendChartProps): React.JSX.Element {
  const source = useMemo<ChartSource>(() => {
    const buffer = feed.buffer(channel);
    const gapS = Math.max(1, (GAP_FACTOR * intervalMs) / 1000);
    return {
      version: () => buffer.version,
      data: () => {
        const latest = buffer.latestTimeS() ?? Date.now() / 1000;
        return buffer.window(latest - windowS, gapS) as uPlot.AlignedData;
      },
      latestTimestampMs: () => {
        const latest = buffer.latestTimeS();
        return latest === undefined ? undefined : latest * 1000;
      },
      redrawEveryMs: (plotWidthPx) => (windowS * 1000) / Math.max(1, plotWidthPx),
      liveXRange: () => {
        const latest = buffer.latestTimeS();
        return latest === undefined ? undefined : [latest - windowS, latest];
      },
    };
  }, [feed, channel, windowS, intervalMs]);

  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options => {
        const colors = chartColors();
        return {
          width,
          height,
          legend: { show: true, live: true },
          cursor: { drag: { x: true, y: false } },
          scales: {
            // While live, the chart sets x to a rolling window ending at the newest sample (liveXRange).
            x: { time: true },
            V: { range: [0, maxVoltageV * 1.05] },
            A: { range: [0, maxCurrentA * 1.05] },
          },
          axes: [
            { stroke: colors.axis, grid: { stroke: colors.grid } },
            { scale: 'V', label: 'Voltage (V)', stroke: colors.voltage, grid: { stroke: colors.grid } },
            { scale: 'A', label: 'Current (A)', side: 1, stroke: colors.current, grid: { show: false } },
          ],
          series: [
            {},
            {
              label: 'Voltage',
              scale: 'V',
              stroke: colors.voltage,
              width: 1.5,
              value: (_u, v) => (v == null ? '—' : `${v.toFixed(3)} V`),
            },
            {
              label: 'Current',
              scale: 'A',
              stroke: colors.current,
              width: 1.5,
              value: (_u, v) => (v == null ? '—' : `${v.toFixed(4)} A`),
            },
          ],
        };
      },
    [maxVoltageV, maxCurrentA],
  );

  const theme = useAppStore((s) => s.preferences.theme);
  const chartId = `psu-chart-ch${channel}`;
  const copyValues = (): string => {
    const r = feed.latest(channel);
    if (!r) return '';
    const mode = r.in_cc_mode ? 'CC' : r.output_enabled ? 'CV' : 'OFF';
    return [
      ['channel', 'voltage_V', 'current_A', 'power_W', 'mode', 'time'].join('\t'),
      [
        `CH${channel}`,
        r.voltage_actual.toFixed(4),
        r.current_actual.toFixed(5),
        r.power.toFixed(4),
        mode,
        new Date(r.timestamp).toISOString(),
      ].join('\t'),
    ].join('\n');
  };
  return (
    <ChartFrame
      chartId={chartId}
      caption={`${feed.equipmentId} CH${channel} voltage and current`}
      defaultHeightPx={180}
      copyValues={copyValues}
    >
      {(heightPx, onChart) => (
        <UPlotChart
          options={options}
          source={source}
          heightPx={heightPx}
          onChart={onChart}
          recreateKey={theme}
          testId={chartId}
          ariaLabel={`CH${channel} voltage and current`}
        />
      )}
    </ChartFrame>
  );
}
