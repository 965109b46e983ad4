/**
 * The live view shows the capture, not its own delivery. The preview receives only the newest window each
 * interval and jumps over the rest when the capture is faster than that; the file has those samples, so
 * the stretches the preview skipped are filled from disk through capture review (min and max per column)
 * instead of being drawn as breaks. Breaks are drawn only where the capture itself has one: at the start of
 * each segment after the first (a pause or an outage).
 */
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';

/** Samples [fromSample, toSample) the preview passed over. */
export interface PreviewSkip {
  fromSample: number;
  toSample: number;
}

export interface CaptureClock {
  sample_rate: number;
  segments: { first_sample: number; t0_ms: number }[];
}

/** Epoch seconds of `sample`: its segment's start plus its offset in the segment. */
export function sampleTimeS(capture: CaptureClock, sample: number): number {
  let segment = capture.segments[0] ?? { first_sample: 0, t0_ms: 0 };
  for (const s of capture.segments)
    if (s.first_sample <= sample && s.first_sample >= segment.first_sample) segment = s;
  return segment.t0_ms / 1000 + (sample - segment.first_sample) / capture.sample_rate;
}

/** Points filling a skip: per column its min then its max, at the column's time. */
export interface PreviewFillPoints {
  timesS: number[];
  values: (number | null)[][];
}

export function fillPoints(reply: AcquisitionReviewMessage, capture: CaptureClock): PreviewFillPoints {
  const timesS: number[] = [];
  const values: (number | null)[][] = reply.channels.map(() => []);
  const count = reply.channels[0]?.min.length ?? 0;
  const span = reply.to_sample - reply.from_sample;
  for (let i = 0; i < count; i++) {
    const sample =
      reply.kind === 'samples' ? reply.from_sample + i : reply.from_sample + Math.floor((i * span) / count);
    const t = sampleTimeS(capture, sample);
    const pair = reply.kind === 'samples' ? 1 : 2;
    for (let k = 0; k < pair; k++) {
      timesS.push(t);
      reply.channels.forEach((c, ch) => values[ch]!.push(k === 0 ? c.min[i]! : c.max[i]!));
    }
  }
  return { timesS, values };
}

/**
 * The preview's samples and the fills merged in time order, with a break (a null row) just before each
 * segment start after the first. `preview` is TimeSeriesBuffer.window's shape without gap breaks.
 */
export function mergePreview(
  preview: [number[], ...(number | null)[][]],
  fills: readonly PreviewFillPoints[],
  capture: CaptureClock,
): [number[], ...(number | null)[][]] {
  const [xs, ...ys] = preview;
  const sources = [{ timesS: xs, values: ys }, ...fills];
  const order: { t: number; source: number; index: number }[] = [];
  sources.forEach((s, source) => s.timesS.forEach((t, index) => order.push({ t, source, index })));
  order.sort((a, b) => a.t - b.t || a.source - b.source || a.index - b.index);
  const breaks = capture.segments.slice(1).map((s) => s.t0_ms / 1000);
  const outX: number[] = [];
  const outY: (number | null)[][] = ys.map(() => []);
  let nextBreak = 0;
  for (const { t, source, index } of order) {
    while (nextBreak < breaks.length && t >= breaks[nextBreak]!) {
      if (outX.length > 0) {
        outX.push(breaks[nextBreak]! - 1e-9);
        for (const y of outY) y.push(null);
      }
      nextBreak++;
    }
    outX.push(t);
    const values = sources[source]!.values;
    outY.forEach((y, c) => y.push(values[c]?.[index] ?? null));
  }
  return [outX, ...outY];
}
