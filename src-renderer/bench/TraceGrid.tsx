/**
 * One small chart per bench with its scope's four traces, for the fleetPixel benchmark: the overview
 * shows no traces (its cards carry values as text), so the page draws them here with the dashboard's
 * UPlotChart (created once, setData at most once per animation frame), fed from fleet waveform frames
 * (kind 5) or from a direct bench's waveform frames. Never shipped (bench build only).
 */
import type uPlot from 'uplot';
import { UPlotChart } from '../charts/UPlotChart';
import type { TraceSource } from './traceSource';

const COLOURS = ['#e6b800', '#00b3b3', '#d633ad', '#3d7eff'];

function traceOptions(width: number, height: number): uPlot.Options {
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [{ show: false }, { show: false }],
    series: [{}, ...COLOURS.map((stroke) => ({ stroke, width: 1, points: { show: false } }))],
  };
}

export function TraceGrid({
  charts,
}: {
  charts: readonly { key: string; label: string; source: TraceSource }[];
}): React.JSX.Element {
  return (
    <section className="bench-trace-grid" aria-label="Scope traces of every bench">
      {charts.map(({ key, label, source }) => (
        <figure key={key} className="bench-trace">
          <figcaption className="muted">{label}</figcaption>
          <UPlotChart
            options={traceOptions}
            source={source}
            heightPx={80}
            testId={`trace-${key}`}
            ariaLabel={`Scope traces of ${label}`}
          />
        </figure>
      ))}
    </section>
  );
}
