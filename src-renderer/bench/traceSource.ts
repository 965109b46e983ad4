/**
 * The latest trace of each channel of one bench's scope, for the fleetPixel page's trace charts
 * (TraceGrid): interleaved min/max values, V. Each channel keeps one array, refilled in place from the
 * received frame (frame views alias the received bytes, so the values are copied, but into the same
 * memory each time); the chart reads them through `data()` at most once per animation frame. A chart
 * narrower than the trace's columns gets them reduced to one (min, max) column per device pixel
 * (reduceMinMaxPairs: the same envelope), since uPlot builds its paths point by point: 20 charts of
 * ~135 px drawing 600-column traces spent most of their time on points sharing a pixel.
 */
import type uPlot from 'uplot';
import { reduceMinMaxPairs } from '../../shared/dsp/minMaxPairs';
import type { ChartSource } from '../charts/UPlotChart';

export const TRACE_CHANNELS = 4;

/** The arrays a reduced view is written into, kept while the width stays. */
interface Reduced {
  columns: number;
  x: Float64Array;
  traces: Float32Array[];
  version: number;
  data: uPlot.AlignedData;
}

export class TraceSource implements ChartSource {
  readonly #traces: (Float32Array | undefined)[] = [];
  #version = 0;
  #latestMs: number | undefined;
  #x = new Float64Array(0);
  /** Shown for a channel with no trace yet (NaN draws nothing); made when the width changes. */
  #empty = new Float32Array(0);
  #data: uPlot.AlignedData | undefined;
  #reduced: Reduced | undefined;

  /** Takes one channel's trace (1-based channel; others are ignored). */
  take(channel: number, values: ArrayLike<number>, timestampMs: number): void {
    if (channel < 1 || channel > TRACE_CHANNELS) return;
    const n = values.length;
    if (this.#x.length !== n) {
      this.#x = Float64Array.from({ length: n }, (_, i) => i);
      this.#empty = new Float32Array(n).fill(Number.NaN);
      this.#traces.length = 0; // a trace of another width is not drawn against these x values
      this.#reduced = undefined;
    }
    let trace = this.#traces[channel - 1];
    if (trace === undefined) this.#traces[channel - 1] = trace = new Float32Array(n);
    trace.set(values);
    this.#latestMs = Math.max(this.#latestMs ?? -Infinity, timestampMs);
    this.#data = undefined;
    this.#version++;
  }

  version(): number {
    return this.#version;
  }

  /** Every column, or with `plotDevicePx` fewer than the trace has, one (min, max) column per pixel. */
  data(plotDevicePx?: number): uPlot.AlignedData {
    const columns = Math.floor(plotDevicePx ?? Infinity);
    if (columns >= 1 && 2 * columns < this.#x.length && this.#x.length % 2 === 0)
      return this.#fitted(columns);
    this.#data ??= [
      this.#x,
      ...Array.from({ length: TRACE_CHANNELS }, (_, i) => this.#traces[i] ?? this.#empty),
    ];
    return this.#data;
  }

  latestTimestampMs(): number | undefined {
    return this.#latestMs;
  }

  #fitted(columns: number): uPlot.AlignedData {
    let reduced = this.#reduced;
    if (reduced?.columns !== columns) {
      const x = new Float64Array(2 * columns);
      const traces = Array.from({ length: TRACE_CHANNELS }, () => new Float32Array(2 * columns));
      reduced = this.#reduced = { columns, x, traces, version: -1, data: [x, ...traces] };
    }
    if (reduced.version !== this.#version) {
      reduced.traces.forEach((out, i) =>
        reduceMinMaxPairs(this.#traces[i] ?? this.#empty, columns, out, reduced.x),
      );
      reduced.version = this.#version;
    }
    return reduced.data;
  }
}
