/** Voltage and current of one power-supply channel over a rolling window, from the readings feed. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { ChartFrame } from '../charts/ChartFrame';
import { chartColors } from '../charts/theme';
import { UPlotChart, type ChartSource } from '../charts/UPlotChart';
import { useAppStore } from '../store';
import { useLatest } from '../util/useLatest';
import type { PsuReadingsFeed } from '../data/PsuReadingsFeed';
import { psuTrendOptions } from './psuTrendOptions';

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

  // The chart is built once; its hover readout follows interval changes through this ref.
  const intervalMsRef = useLatest(intervalMs);
  const options = useMemo(
    () =>
      (width: number, height: number): uPlot.Options =>
        psuTrendOptions({
          width,
          height,
          colors: chartColors(),
          maxVoltageV,
          maxCurrentA,
          sampleIntervalS: () => intervalMsRef.current / 1000,
        }),
    [maxVoltageV, maxCurrentA, intervalMsRef],
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
