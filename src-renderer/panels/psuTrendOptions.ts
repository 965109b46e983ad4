/**
 * The uPlot options of a power-supply channel's trend: voltage and current on their own scales against
 * clock time. Pure (colours passed in), so what the chart shows is tested without a browser.
 */
import type uPlot from 'uplot';
import type { ChartColors } from '../charts/theme';
import { clockTimeAxis, hoverTimeLabel } from '../charts/timeAxis';

export interface PsuTrendOptionsInput {
  width: number;
  height: number;
  colors: ChartColors;
  maxVoltageV: number;
  maxCurrentA: number;
  /** Seconds between readings, read at each hover: the time shows that precision (0.1 s at 10 Hz). */
  sampleIntervalS(): number;
}

/**
 * Both scales start at 0 and end 5 % above the channel's limits, so with the default 10 Ω load
 * (5 V / 30 V and 0.5 A / 3 A) the two traces land on the same pixels. Voltage is drawn wide and solid,
 * current narrower and dashed on top of it: wherever they coincide both colours still show.
 */
export const VOLTAGE_TRACE = { width: 3 } as const;
export const CURRENT_TRACE = { width: 1.5, dash: [6, 4] } as const;

export function psuTrendOptions(input: PsuTrendOptionsInput): uPlot.Options {
  const { colors, maxVoltageV, maxCurrentA, sampleIntervalS } = input;
  return {
    width: input.width,
    height: input.height,
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    scales: {
      // While live, the chart sets x to a rolling window ending at the newest sample (liveXRange).
      x: { time: true },
      V: { range: [0, maxVoltageV * 1.05] },
      A: { range: [0, maxCurrentA * 1.05] },
    },
    axes: [
      clockTimeAxis(colors.axis, colors.grid),
      { scale: 'V', label: 'Voltage (V)', stroke: colors.voltage, grid: { stroke: colors.grid } },
      { scale: 'A', label: 'Current (A)', side: 1, stroke: colors.current, grid: { show: false } },
    ],
    series: [
      { label: 'Time', value: (_u, t) => (t == null ? '—' : hoverTimeLabel(t, sampleIntervalS())) },
      {
        label: 'Voltage',
        scale: 'V',
        stroke: colors.voltage,
        ...VOLTAGE_TRACE,
        value: (_u, v) => (v == null ? '—' : `${v.toFixed(3)} V`),
      },
      {
        label: 'Current',
        scale: 'A',
        stroke: colors.current,
        width: CURRENT_TRACE.width,
        dash: [...CURRENT_TRACE.dash],
        value: (_u, v) => (v == null ? '—' : `${v.toFixed(4)} A`),
      },
    ],
  };
}
