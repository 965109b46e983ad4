/** Which quantity a trend follows, and how it is named and stored (zod: localStorage is outside input). */
import { z } from 'zod';
import { MEASUREMENT_UNITS, READING_UNITS, trendKey } from '../../shared/protocol/measurementStats';
import { MEASUREMENT_LABELS } from '../panels/scope/measurementColumns';

export const trendSpecSchema = z.strictObject({
  equipmentId: z.string().min(1).max(64),
  channel: z.string().min(1).max(32),
  quantity: z.string().min(1).max(32),
});
export type TrendSpec = z.infer<typeof trendSpecSchema>;

const QUANTITY_LABELS: Record<string, string> = {
  ...MEASUREMENT_LABELS,
  voltage: 'voltage',
  current: 'current',
  power: 'power',
};

export function keyOf(spec: TrendSpec): string {
  return trendKey(spec.equipmentId, spec.channel, spec.quantity);
}

export function unitOf(spec: TrendSpec): string {
  return MEASUREMENT_UNITS[spec.quantity] ?? READING_UNITS[spec.quantity] ?? '';
}

/** "Vpp", "voltage": the quantity alone (an axis label). */
export function quantityLabelOf(spec: TrendSpec): string {
  return QUANTITY_LABELS[spec.quantity] ?? spec.quantity;
}

/** "scope_1 CH1 Vpp", "psu_1 CH2 voltage". */
export function labelOf(spec: TrendSpec): string {
  return `${spec.equipmentId} ${spec.channel} ${QUANTITY_LABELS[spec.quantity] ?? spec.quantity}`;
}

/** Specs from storage: anything that is not one is dropped. */
export function parseSpecs(text: string | null): TrendSpec[] {
  if (text === null) return [];
  try {
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(text));
    if (!parsed.success) return [];
    return parsed.data.flatMap((item) => {
      const spec = trendSpecSchema.safeParse(item);
      return spec.success ? [spec.data] : [];
    });
  } catch {
    return [];
  }
}
