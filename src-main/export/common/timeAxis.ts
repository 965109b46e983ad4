/**
 * The time axis of an acquisition, as every export states it: `time_s`, seconds since sample 0 (at
 * meta.t0_ms). Sampling is uniform within a segment; a pause ends one segment and the resume starts the
 * next at its own wall-clock t0, so time jumps between segments while the sample index does not.
 */
import type { AcquisitionMeta } from '../../acquisition/index.js';

export interface AxisSegment {
  /** Capture index of the segment's first sample. */
  firstSample: number;
  /** Time of that sample, s since sample 0. */
  startS: number;
}

export interface TimeAxis {
  sampleRateHz: number;
  /** At least one; the first starts at sample 0 and time 0; ordered by firstSample. */
  segments: AxisSegment[];
}

export function timeAxisOf(meta: Pick<AcquisitionMeta, 'sample_rate_hz' | 't0_ms' | 'segments'>): TimeAxis {
  const t0Ms = meta.t0_ms ?? meta.segments[0]?.t0_ms ?? 0;
  // Wall-clock t0s are epoch ms as doubles (about 0.2 µs apart at today's dates): keep whole microseconds.
  const segments = meta.segments
    .map((s) => ({ firstSample: s.first_sample, startS: Math.round((s.t0_ms - t0Ms) * 1000) / 1e6 }))
    .sort((a, b) => a.firstSample - b.firstSample);
  if (segments[0]?.firstSample !== 0) segments.unshift({ firstSample: 0, startS: 0 });
  return { sampleRateHz: meta.sample_rate_hz, segments };
}

/** Index into axis.segments of the segment holding sample `n` (the last one starting at or before it). */
export function segmentIndexOf(axis: TimeAxis, n: number): number {
  let lo = 0;
  let hi = axis.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (axis.segments[mid]!.firstSample <= n) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** time_s of sample `n`. */
export function timeOfSample(axis: TimeAxis, n: number): number {
  const segment = axis.segments[segmentIndexOf(axis, n)]!;
  return segment.startS + (n - segment.firstSample) / axis.sampleRateHz;
}

/**
 * The first sample at or after `timeS` among `sampleCount` samples (sampleCount when there is none). A
 * millionth of a sample period of slack absorbs rounding in the caller's arithmetic (0.001 s at 1 kHz is
 * sample 1, not 2).
 */
export function sampleAtOrAfter(axis: TimeAxis, timeS: number, sampleCount: number): number {
  const { segments, sampleRateHz } = axis;
  for (let i = 0; i < segments.length; i++) {
    const { firstSample, startS } = segments[i]!;
    const end = Math.min(segments[i + 1]?.firstSample ?? sampleCount, sampleCount);
    if (end <= firstSample) continue;
    const n = firstSample + Math.max(0, Math.ceil((timeS - startS) * sampleRateHz - 1e-6));
    if (n < end) return n;
  }
  return sampleCount;
}

const MAX_SAFE_TICKS = 2 ** 53;

/**
 * Decimal places for time_s at this sample rate: the fewest from 3 (milliseconds, the resolution of the
 * wall-clock t0) to 12 that make every sample time exact (6 at 1 MHz, 7 at 2.5 MHz), otherwise enough to
 * resolve a thousandth of a sample period (8 at 44.1 kHz); fewer if needed so that `maxTimeS` in those
 * units stays an exact integer (below 2^53).
 */
export function timeDecimals(sampleRateHz: number, maxTimeS: number): number {
  let decimals = -1;
  for (let d = 3; d <= 12 && decimals < 0; d++) {
    const step = 10 ** d / sampleRateHz;
    if (step >= 1 && Math.abs(step - Math.round(step)) <= 1e-6) decimals = d;
  }
  if (decimals < 0) decimals = Math.min(12, Math.max(3, Math.ceil(Math.log10(sampleRateHz)) + 3));
  while (decimals > 0 && (Math.abs(maxTimeS) + 1) * 10 ** decimals >= MAX_SAFE_TICKS) decimals--;
  return decimals;
}

/**
 * time_s in fixed-point units of 10^-decimals s, for a run of consecutive samples: exact integer steps when
 * the rate allows (see timeDecimals), rounded otherwise. Writers call `ticksOf` per row.
 */
export class TimeTicks {
  readonly decimals: number;
  readonly #axis: TimeAxis;
  readonly #scale: number;
  readonly #baseTicks: number[];
  readonly #exactStep: number | undefined;

  constructor(axis: TimeAxis, decimals: number) {
    this.decimals = decimals;
    this.#axis = axis;
    this.#scale = 10 ** decimals / axis.sampleRateHz;
    const rounded = Math.round(this.#scale);
    this.#exactStep = Math.abs(this.#scale - rounded) <= 1e-6 ? rounded : undefined;
    this.#baseTicks = axis.segments.map((s) => Math.round(s.startS * 10 ** decimals));
  }

  /** The segment holding sample n and the first sample of the next one (Infinity for the last). */
  segmentAt(n: number): { index: number; end: number } {
    const index = segmentIndexOf(this.#axis, n);
    return { index, end: this.#axis.segments[index + 1]?.firstSample ?? Infinity };
  }

  /** Ticks of sample `n`, which lies in segment `segment`. */
  ticksOf(segment: number, n: number): number {
    const k = n - this.#axis.segments[segment]!.firstSample;
    const step = this.#exactStep;
    return this.#baseTicks[segment]! + (step === undefined ? Math.round(k * this.#scale) : k * step);
  }
}

/** Fills `out` with time_s (float64) of samples firstSample, firstSample + 1, …. */
export function fillTimes(axis: TimeAxis, firstSample: number, out: Float64Array): void {
  let index = segmentIndexOf(axis, firstSample);
  let segment = axis.segments[index]!;
  let end = axis.segments[index + 1]?.firstSample ?? Infinity;
  const periodS = 1 / axis.sampleRateHz;
  for (let i = 0; i < out.length; i++) {
    const n = firstSample + i;
    if (n >= end) {
      index = segmentIndexOf(axis, n);
      segment = axis.segments[index]!;
      end = axis.segments[index + 1]?.firstSample ?? Infinity;
    }
    out[i] = segment.startS + (n - segment.firstSample) * periodS;
  }
}
