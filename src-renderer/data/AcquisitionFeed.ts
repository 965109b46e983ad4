/**
 * The recent samples of one acquisition's live view, in a typed-array ring outside React, fed by binary
 * acquisition blocks (frame kind 2: x0 = index of the first sample, dt = 1 / sample rate).
 */
import type { DecodedFrame } from '../../shared/codec/frame';
import { TimeSeriesBuffer } from './TimeSeriesBuffer';

/** Points kept for the live chart per channel (the file on disk has everything). */
const CAPACITY = 100_000;
/** Skipped stretches remembered: older ones have scrolled out of the live chart anyway. */
const MAX_SKIPS = 200;

export class AcquisitionFeed {
  readonly acquisitionId: string;
  readonly channelNames: string[];
  readonly buffer: TimeSeriesBuffer;
  /** Index just past the newest sample received, or undefined before the first block. */
  nextSample: number | undefined;
  /**
   * Samples of the capture this preview passed over (the live view jumped to its newest window to stay
   * current). The preview's own delivery, not the capture's: the file on disk has them all.
   */
  previewSkippedSamples = 0;
  /** The stretches skipped, oldest first, for the live view to fill from disk (at most MAX_SKIPS kept). */
  readonly skips: { fromSample: number; toSample: number }[] = [];
  #sampleIntervalS = 0;

  constructor(acquisitionId: string, channelNames: string[]) {
    this.acquisitionId = acquisitionId;
    this.channelNames = channelNames;
    this.buffer = new TimeSeriesBuffer(Math.max(1, channelNames.length), CAPACITY);
  }

  /** Seconds between samples, once known. */
  get sampleIntervalS(): number {
    return this.#sampleIntervalS;
  }

  accept(frame: DecodedFrame): void {
    const first = frame.x0;
    if (this.nextSample !== undefined && first > this.nextSample) {
      this.previewSkippedSamples += first - this.nextSample;
      this.skips.push({ fromSample: this.nextSample, toSample: first });
      if (this.skips.length > MAX_SKIPS) this.skips.shift();
    }
    this.#sampleIntervalS = frame.dtS;
    const t0S = frame.t0Ms / 1000;
    const n = frame.samplesPerChannel;
    const row = new Array<number>(this.channelNames.length);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < row.length; c++) row[c] = frame.channels[c]?.[i] ?? Number.NaN;
      this.buffer.push(t0S + i * frame.dtS, row);
    }
    this.nextSample = first + n;
  }
}
