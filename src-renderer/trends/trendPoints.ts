/**
 * A trend's points in the renderer: what it received live, merged with the backend's history on every
 * (re)connect without duplicates, drawn with breaks where nothing was measured. Pure, so it is tested
 * without a browser.
 */
import type { TrendSeriesHistory } from '../../shared/protocol/measurementStats';

export interface TrendPoints {
  /** Ascending times, ms since the epoch. */
  tMs: number[];
  values: number[];
  /** Before this time the points are min/max pairs of decimated buckets `bucketMs` wide. */
  decimatedBeforeMs?: number;
  bucketMs?: number;
}

/** A break is drawn where consecutive points are further apart than this many typical steps… */
export const GAP_STEPS = 5;
/** …and at least this far apart, ms (a slow stream is not a gap). */
export const MIN_GAP_MS = 1_000;

export function emptyPoints(): TrendPoints {
  return { tMs: [], values: [] };
}

/** Appends a live value; one not later than the last point (already had) is dropped. */
export function appendPoint(points: TrendPoints, tMs: number, value: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(tMs)) return false;
  const last = points.tMs.at(-1);
  if (last !== undefined && tMs <= last) return false;
  points.tMs.push(tMs);
  points.values.push(value);
  return true;
}

/**
 * The backend's history wins over the span it covers (it has every record, not only those this dashboard
 * received, and decimates the old ones); what this dashboard holds before it (from before a backend
 * restart) and after it (arrived since the request) is kept. No time appears twice.
 */
export function mergeHistory(
  local: TrendPoints,
  history: Pick<TrendSeriesHistory, 't_ms' | 'values' | 'decimated_before_ms' | 'bucket_ms'>,
): TrendPoints {
  const n = Math.min(history.t_ms.length, history.values.length);
  if (n === 0) return local;
  const first = history.t_ms[0]!;
  const last = history.t_ms[n - 1]!;
  const merged = emptyPoints();
  for (let i = 0; i < local.tMs.length && local.tMs[i]! < first; i++)
    appendPoint(merged, local.tMs[i]!, local.values[i]!);
  for (let i = 0; i < n; i++) appendPoint(merged, history.t_ms[i]!, history.values[i]!);
  for (let i = 0; i < local.tMs.length; i++)
    if (local.tMs[i]! > last) appendPoint(merged, local.tMs[i]!, local.values[i]!);
  if (history.decimated_before_ms !== undefined) {
    merged.decimatedBeforeMs = history.decimated_before_ms;
    merged.bucketMs = history.bucket_ms;
  }
  return merged;
}

/** The median spacing of the full-rate points, ms (undefined with fewer than two). */
function typicalStepMs(points: TrendPoints): number | undefined {
  const from = points.decimatedBeforeMs ?? Number.NEGATIVE_INFINITY;
  const steps: number[] = [];
  // The latest few hundred steps are enough to know the stream's rate.
  for (let i = points.tMs.length - 1; i > 0 && steps.length < 512; i--) {
    if (points.tMs[i - 1]! < from) break;
    steps.push(points.tMs[i]! - points.tMs[i - 1]!);
  }
  if (steps.length === 0) return undefined;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

/**
 * Times (s, for uPlot) and values in `[fromMs, toMs]`, with a null inserted wherever the points are
 * further apart than a gap (GAP_STEPS typical steps, or 2.5 buckets among decimated points).
 */
export function alignedWithGaps(
  points: TrendPoints,
  fromMs = Number.NEGATIVE_INFINITY,
  toMs = Number.POSITIVE_INFINITY,
): [number[], (number | null)[]] {
  const step = typicalStepMs(points);
  const liveGapMs = Math.max(MIN_GAP_MS, GAP_STEPS * (step ?? MIN_GAP_MS));
  const bucketGapMs = 2.5 * (points.bucketMs ?? 0);
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  let previous: number | undefined;
  for (let i = 0; i < points.tMs.length; i++) {
    const t = points.tMs[i]!;
    if (t < fromMs || t > toMs) continue;
    if (previous !== undefined) {
      const decimated = points.decimatedBeforeMs !== undefined && t <= points.decimatedBeforeMs;
      const gapMs = decimated ? Math.max(bucketGapMs, liveGapMs) : liveGapMs;
      if (t - previous > gapMs) {
        xs.push((previous + t) / 2000);
        ys.push(null);
      }
    }
    xs.push(t / 1000);
    ys.push(points.values[i]!);
    previous = t;
  }
  return [xs, ys];
}
