/** Value-axis labels of a trend: SI prefixes, with enough digits that neighbouring ticks differ. */
import { formatSi } from '../util/si';

export function formatTrendValue(value: number | null | undefined, unit: string, significant = 4): string {
  if (value === null || value === undefined) return '—';
  return unit === '%'
    ? `${value.toFixed(Math.max(2, significant - 2))} %`
    : formatSi(value, unit, significant);
}

/**
 * Labels for `ticks`: four significant digits, more when the ticks are close together relative to their size
 * (a 1 kHz frequency wandering by 0.05 Hz needs 1.00000 kHz, 1.00005 kHz, … — at four digits every tick
 * read "1.000 kHz").
 */
export function trendTickLabels(ticks: readonly number[], unit: string): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 0;
  const magnitude = Math.max(0, ...ticks.map((t) => Math.abs(t)));
  const significant =
    step > 0 && magnitude > 0 ? Math.min(9, Math.max(4, Math.ceil(Math.log10(magnitude / step)) + 1)) : 4;
  return ticks.map((t) => formatTrendValue(t, unit, significant));
}
