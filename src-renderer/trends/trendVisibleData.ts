/** A trend's visible span as VisibleData, for "export what you see" and "Copy values". Pure. */
import type { VisibleData } from '../../shared/analysis/visibleData';
import type { TrendPoints } from './trendPoints';
import { labelOf, unitOf, type TrendSpec } from './trendSpec';

/**
 * The points of `points` within [fromS, toS] (epoch seconds, the chart's x range; the whole trend when
 * undefined). x is seconds from the first visible point, whose wall-clock time is t0_ms; no sample rate
 * (a trend's points are as the records came, and decimated ones are min/max pairs).
 */
export function trendVisibleData(
  spec: TrendSpec,
  points: TrendPoints,
  fromS: number | undefined,
  toS: number | undefined,
  provenance: Record<string, unknown> = {},
): VisibleData {
  const fromMs = fromS === undefined ? Number.NEGATIVE_INFINITY : fromS * 1000;
  const toMs = toS === undefined ? Number.POSITIVE_INFINITY : toS * 1000;
  let first = 0;
  while (first < points.tMs.length && points.tMs[first]! < fromMs) first++;
  let end = first;
  while (end < points.tMs.length && points.tMs[end]! <= toMs) end++;
  const t0Ms = points.tMs[first];
  const x = new Float64Array(end - first);
  const values = new Float64Array(end - first);
  for (let i = first; i < end; i++) {
    x[i - first] = (points.tMs[i]! - t0Ms!) / 1000;
    values[i - first] = points.values[i]!;
  }
  const label = labelOf(spec);
  const data: VisibleData = {
    title: `Trend ${label}`,
    x,
    x_name: 'time',
    x_unit: 's',
    series: [{ name: label, unit: unitOf(spec), values }],
    provenance: {
      equipment_id: spec.equipmentId,
      channel: spec.channel,
      quantity: spec.quantity,
      ...(points.decimatedBeforeMs !== undefined && {
        decimated_before_ms: points.decimatedBeforeMs,
        bucket_ms: points.bucketMs,
      }),
      ...provenance,
    },
  };
  if (t0Ms !== undefined) data.t0_ms = t0Ms;
  return data;
}
