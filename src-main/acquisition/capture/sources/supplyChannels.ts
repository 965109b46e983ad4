/**
 * A power supply's outputs as acquisition channels, whatever drives it: `CH<n>.voltage` (V),
 * `CH<n>.current` (A) and `CH<n>.power` (W) for each output the catalog lists, filled from the readings'
 * `voltage_actual`, `current_actual` and `power`.
 */
import type { InstrumentInfo, PsuChannelReading } from '../../../../shared/protocol/index.js';
import type { AcquisitionChannel } from '../../config.js';

const QUANTITIES = [
  { suffix: 'voltage', unit: 'V', field: 'voltage_actual' },
  { suffix: 'current', unit: 'A', field: 'current_actual' },
  { suffix: 'power', unit: 'W', field: 'power' },
] as const;

/** Where a captured channel's values come from: the output's index in a reading row, and the field. */
export interface SupplyColumn {
  index: number;
  field: (typeof QUANTITIES)[number]['field'];
}

/** Every channel a supply with these outputs can capture, in output order. */
export function supplyChannels(info: Pick<InstrumentInfo, 'channels'>): AcquisitionChannel[] {
  return info.channels.flatMap((c) =>
    QUANTITIES.map((q) => ({ name: `${c.name}.${q.suffix}`, unit: q.unit })),
  );
}

/** The columns of the named channels, in that order; throws RangeError naming one the supply lacks. */
export function supplyColumns(
  equipmentId: string,
  info: Pick<InstrumentInfo, 'channels'>,
  names: readonly string[],
): SupplyColumn[] {
  return names.map((name) => {
    const [channel = '', suffix] = name.split('.');
    const quantity = QUANTITIES.find((q) => q.suffix === suffix);
    const index = info.channels.findIndex((c) => c.name === channel);
    if (!quantity || index < 0) throw new RangeError(`${equipmentId} has no acquisition channel ${name}`);
    return { index, field: quantity.field };
  });
}

/** One reading row's value for a column; NaN when the row lacks that output. */
export function columnValue(row: readonly PsuChannelReading[] | undefined, column: SupplyColumn): number {
  return row?.[column.index]?.[column.field] ?? Number.NaN;
}
