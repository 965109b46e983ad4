/**
 * The power-supply trend: with the default 10 Ω load (5 V of 30 V, 0.5 A of 3 A) the voltage and current
 * traces fall on the same pixels, so the current trace must not hide the voltage trace; the hover time
 * must resolve 10 Hz readings.
 */
import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import type { ChartColors } from '../../../src-renderer/charts/theme';
import { psuTrendOptions } from '../../../src-renderer/panels/psuTrendOptions';

const colors: ChartColors = {
  axis: '#8b96a5',
  grid: '#2c3542',
  voltage: '#f2c94c',
  current: '#56ccf2',
  cursor: '#e6eaf0',
  channels: ['#f2c94c', '#56ccf2', '#e86fd4', '#3ecf8e'],
  math: ['#ff8a5c', '#b39ddb'],
};

const options = psuTrendOptions({
  width: 600,
  height: 180,
  colors,
  maxVoltageV: 30,
  maxCurrentA: 3,
  sampleIntervalS: () => 0.1,
});
const [time, voltage, current] = options.series as [uPlot.Series, uPlot.Series, uPlot.Series];

/** Where a value lands on its scale, as a fraction of the plot height. */
function fraction(value: number, scale: string): number {
  const [min, max] = options.scales![scale]!.range as [number, number];
  return (value - min) / (max - min);
}

describe('power-supply trend options', () => {
  it('keeps the voltage trace visible where the current trace lies on it (default 10 Ω load)', () => {
    // The situation: 5 V and 0.5 A land on the same height.
    expect(fraction(5, 'V')).toBeCloseTo(fraction(0.5, 'A'), 9);
    // Current is drawn after voltage (on top): it must be dashed and narrower, so voltage shows through.
    expect(options.series.indexOf(current)).toBeGreaterThan(options.series.indexOf(voltage));
    expect(current.dash?.length).toBeGreaterThan(0);
    expect(voltage.dash ?? []).toEqual([]);
    expect(voltage.width!).toBeGreaterThan(current.width!);
  });

  it('shows the hover time to a tenth of a second for 10 Hz readings', () => {
    const t = new Date(2026, 11, 6, 17, 6, 42, 300).getTime() / 1000;
    const value = time.value as (u: uPlot, v: number | null) => string;
    expect(value({} as uPlot, t)).toBe('17:06:42.3');
    expect(value({} as uPlot, null)).toBe('—');
  });

  it('labels the time axis on one line with spacing that fits the labels', () => {
    const x = options.axes![0]!;
    const values = x.values as (u: uPlot, ticks: number[], a: number, s: number, step: number) => string[];
    const t = new Date(2026, 11, 6, 17, 6, 30).getTime() / 1000;
    expect(values({} as uPlot, [t, t + 15], 0, 80, 15)).toEqual(['17:06:30', '17:06:45']);
    const space = x.space as (u: uPlot, a: number, min: number, max: number, dim: number) => number;
    expect(space({} as uPlot, 0, t, t + 60, 300)).toBeGreaterThan(50);
  });
});
