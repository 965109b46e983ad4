/**
 * The review view's arithmetic, kept free of React and uPlot: which samples are on screen, how zoom and
 * pan move that span (never outside the capture, never below a few samples), how a reply becomes chart
 * columns, and how a span maps onto the export dialog's time axis (seconds from sample 0, jumping forward
 * across a pause, as exported files count time).
 */
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';

/** Samples [from, to) on screen. */
export interface SampleSpan {
  from: number;
  to: number;
}

/** Fewest samples a view shows: zooming stops where single samples are a few pixels apart. */
export const MIN_SPAN_SAMPLES = 10;

/** `span` moved inside [0, total) and widened to at least MIN_SPAN_SAMPLES (or the whole capture). */
export function clampSpan(span: SampleSpan, total: number): SampleSpan {
  const width = Math.min(total, Math.max(MIN_SPAN_SAMPLES, Math.round(span.to - span.from)));
  let from = Math.round(span.from);
  if (from < 0) from = 0;
  if (from + width > total) from = total - width;
  return { from, to: from + width };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping the sample at `anchor` (0..1 across the view) where it is.
 */
export function zoomSpan(span: SampleSpan, factor: number, anchor: number, total: number): SampleSpan {
  const width = span.to - span.from;
  const at = span.from + anchor * width;
  const next = width * factor;
  return clampSpan({ from: at - anchor * next, to: at - anchor * next + next }, total);
}

/** Pans by `fraction` of the view's width (negative: earlier). */
export function panSpan(span: SampleSpan, fraction: number, total: number): SampleSpan {
  const shift = (span.to - span.from) * fraction;
  return clampSpan({ from: span.from + shift, to: span.to + shift }, total);
}

/**
 * Chart columns for a reply: x in seconds from sample 0 (sample / rate), then per channel a min and a max
 * series (equal for single samples). Nulls where a column holds no number, drawn as breaks.
 */
export function reviewColumns(reply: AcquisitionReviewMessage): (number | null)[][] {
  const span = reply.to_sample - reply.from_sample;
  const count = reply.channels[0]?.min.length ?? 0;
  const x = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const sample =
      reply.kind === 'samples' ? reply.from_sample + i : reply.from_sample + Math.floor((i * span) / count);
    x[i] = sample / reply.sample_rate_hz;
  }
  return [x, ...reply.channels.flatMap((c) => [c.min, c.max])];
}

export interface SegmentTiming {
  sample_rate: number;
  t0_ms?: number;
  segments: { first_sample: number; t0_ms: number }[];
}

/**
 * Seconds of `sample` on the export's time axis: its run's start (µs-rounded, as the exporter keeps it)
 * plus its offset in the run.
 */
export function exportSecondsOf(capture: SegmentTiming, sample: number): number {
  const t0Ms = capture.t0_ms ?? capture.segments[0]?.t0_ms ?? 0;
  let run = { firstSample: 0, startS: 0 };
  for (const segment of capture.segments) {
    if (segment.first_sample > sample || segment.first_sample < run.firstSample) continue;
    run = { firstSample: segment.first_sample, startS: Math.round((segment.t0_ms - t0Ms) * 1000) / 1e6 };
  }
  return run.startS + (sample - run.firstSample) / capture.sample_rate;
}

/** One cursor's readout: time, and per channel the column's min..max (one value for single samples). */
export interface CursorReading {
  timeS: number;
  values: { name: string; unit: string; min: number | null; max: number | null }[];
}

/** What the reply shows at `timeS` (the column holding it). */
export function readAt(reply: AcquisitionReviewMessage, timeS: number): CursorReading {
  const span = reply.to_sample - reply.from_sample;
  const count = reply.channels[0]?.min.length ?? 0;
  const sample = timeS * reply.sample_rate_hz - reply.from_sample;
  const index =
    reply.kind === 'samples' ? Math.round(sample) : Math.floor((sample * count) / Math.max(1, span));
  const i = Math.min(count - 1, Math.max(0, index));
  return {
    timeS,
    values: reply.channels.map((c) => ({
      name: c.name,
      unit: c.unit,
      min: c.min[i] ?? null,
      max: c.max[i] ?? null,
    })),
  };
}

/**
 * The export dialog's starting point for "Export visible": the span's channels, and its first sample and
 * end as the dialog's seconds, at a precision resolving one sample period (the exporter takes the first
 * sample at or after each, so [fromSample, toSample) is what gets written).
 */
export function visibleExportRange(
  capture: SegmentTiming,
  range: { channels: string[]; fromSample: number; toSample: number },
): { channels: string[]; startText: string; endText: string } {
  const decimals = Math.min(9, Math.max(3, Math.ceil(Math.log10(capture.sample_rate) - 1e-9)));
  // Rounded down (a tick never exceeds a sample period, so the same sample is still the first at or after);
  // rounded to nearest, a 3 kHz capture's 0.00016667 s would read 0.0002 and start a sample late.
  const scale = 10 ** decimals;
  const text = (s: number): string => (Math.floor(s * scale + 1e-6) / scale).toFixed(decimals);
  return {
    channels: range.channels,
    startText: text(exportSecondsOf(capture, range.fromSample)),
    endText: text(exportSecondsOf(capture, range.toSample)),
  };
}
