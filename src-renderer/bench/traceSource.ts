/**
 * The latest trace of each channel of one bench's scope, for the fleetPixel page's trace charts
 * (TraceGrid): interleaved min/max values, V. Each channel keeps one array, refilled in place from the
 * received frame (frame views alias the received bytes, so the values are copied, but into the same
 * memory each time); the chart reads them through `data()` at most once per animation frame.
 */
import type uPlot from 'uplot';
import type { ChartSource } from '../charts/UPlotChart';

export const TRACE_CHANNELS = 4;

export class TraceSource implements ChartSource {
  readonly #traces: (Float32Array | undefined)[] = [];
  #version = 0;
  #latestMs: number | undefined;
  #x = new Float64Array(0);
  /** Shown for a channel with no trace yet (NaN draws nothing); made when the width changes. */
  #empty = new Float32Array(0);
  #data: uPlot.AlignedData | undefined;

  /** Takes one channel's trace (1-based channel; others are ignored). */
  take(channel: number, values: ArrayLike<number>, timestampMs: number): void {
    if (channel < 1 || channel > TRACE_CHANNELS) return;
    const n = values.length;
    if (this.#x.length !== n) {
      this.#x = Float64Array.from({ length: n }, (_, i) => i);
      this.#empty = new Float32Array(n).fill(Number.NaN);
      this.#traces.length = 0; // a trace of another width is not drawn against these x values
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

  data(): uPlot.AlignedData {
    this.#data ??= [
      this.#x,
      ...Array.from({ length: TRACE_CHANNELS }, (_, i) => this.#traces[i] ?? this.#empty),
    ];
    return this.#data;
  }

  latestTimestampMs(): number | undefined {
    return this.#latestMs;
  }
}
