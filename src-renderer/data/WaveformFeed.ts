/**
 * The latest oscilloscope record of one instrument, kept as the decoded binary frame (typed-array views,
 * no copies) and turned into uPlot's column layout only when a chart is about to draw it.
 */
import { FrameFlags, type DecodedFrame } from '../../shared/codec/frame';
import { MATH_CHANNEL_BASE, MATH_CHANNEL_COUNT } from '../../shared/analysis/mathChannels';

export interface WaveformView {
  /** Time of each point relative to the trigger, s. */
  xs: Float64Array;
  /** Per channel 1..channelCount: values (V) or undefined when the channel is not in the record. */
  ys: (Float32Array | undefined)[];
  /** Per math channel M1..M{MATH_CHANNEL_COUNT}: values in its unit, or undefined when not in the record. */
  math: (Float32Array | undefined)[];
  minMax: boolean;
  triggered: boolean;
  /** Wall time of the record's first sample, ms since epoch. */
  t0Ms: number;
}

export class WaveformFeed {
  readonly equipmentId: string;
  readonly channelCount: number;
  #frame: DecodedFrame | undefined;
  #view: WaveformView | undefined;
  #listeners = new Set<() => void>();
  /** Bumped on every new record, for charts deciding whether to redraw. */
  version = 0;
  /** When the last record arrived (ms since the epoch): how old the trace shown is. */
  lastReceivedMs: number | undefined;
  records = 0;

  constructor(equipmentId: string, channelCount = 4) {
    this.equipmentId = equipmentId;
    this.channelCount = channelCount;
  }

  accept(frame: DecodedFrame): void {
    this.#frame = frame;
    this.#view = undefined;
    this.lastReceivedMs = Date.now();
    this.version++;
    this.records++;
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The latest record in chart layout, built once per record. */
  view(): WaveformView | undefined {
    if (this.#view || !this.#frame) return this.#view;
    const frame = this.#frame;
    const minMax = (frame.flags & FrameFlags.minMax) !== 0;
    const n = frame.samplesPerChannel;
    const xs = new Float64Array(n);
    // Min/max pairs share their bucket's time, so each bucket draws as a vertical stroke: the envelope.
    if (minMax) for (let i = 0; i < n; i++) xs[i] = frame.x0 + Math.floor(i / 2) * frame.dtS;
    else for (let i = 0; i < n; i++) xs[i] = frame.x0 + i * frame.dtS;
    const ys: (Float32Array | undefined)[] = Array.from({ length: this.channelCount }, () => undefined);
    const math: (Float32Array | undefined)[] = Array.from({ length: MATH_CHANNEL_COUNT }, () => undefined);
    frame.channelNumbers.forEach((channel, i) => {
      if (channel <= this.channelCount) ys[channel - 1] = frame.channels[i];
      else if (channel > MATH_CHANNEL_BASE && channel <= MATH_CHANNEL_BASE + MATH_CHANNEL_COUNT)
        math[channel - MATH_CHANNEL_BASE - 1] = frame.channels[i];
    });
    this.#view = {
      xs,
      ys,
      math,
      minMax,
      triggered: (frame.flags & FrameFlags.triggered) !== 0,
      t0Ms: frame.t0Ms,
    };
    return this.#view;
  }
}
