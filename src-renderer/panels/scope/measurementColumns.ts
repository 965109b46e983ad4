/**
 * The scope's automatic measurements as every view names them: the measurements table's columns, the
 * statistics table's rows and the trend picker's labels.
 */
import type { ScopeChannelMeasurements } from '../../../shared/protocol/scope';

export const MEASUREMENT_COLUMNS: readonly {
  key: keyof ScopeChannelMeasurements;
  label: string;
  unit: string;
}[] = [
  { key: 'vpp', label: 'Vpp', unit: 'V' },
  { key: 'vmax', label: 'Vmax', unit: 'V' },
  { key: 'vmin', label: 'Vmin', unit: 'V' },
  { key: 'vavg', label: 'Vavg', unit: 'V' },
  { key: 'vrms', label: 'Vrms', unit: 'V' },
  { key: 'frequency', label: 'Freq', unit: 'Hz' },
  { key: 'period', label: 'Period', unit: 's' },
  { key: 'duty', label: 'Duty', unit: '%' },
  { key: 'rise_time', label: 'Rise', unit: 's' },
  { key: 'fall_time', label: 'Fall', unit: 's' },
];

/** Short label by measurement key ("vpp" → "Vpp"). */
export const MEASUREMENT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  MEASUREMENT_COLUMNS.map((c) => [c.key, c.label]),
);
