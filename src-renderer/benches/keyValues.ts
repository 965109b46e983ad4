/**
 * The few live values a bench's card shows, whatever brought them (a direct bench's streams, or a fleet
 * bench's history records): per supply channel its V, I and regulation mode; per oscilloscope its trigger
 * state and one main measurement. Pure: readings and measurements in, display values out.
 */
import { formatSi } from '../util/si';

export type SupplyMode = 'CV' | 'CC' | 'off' | 'unregulated';

export interface SupplyChannelValue {
  channel: number;
  voltageV: number;
  currentA: number;
  output: boolean;
  mode: SupplyMode;
}

/** Fields of a supply reading the card uses (PsuChannelReading, also inside fleet `readings` records). */
export interface SupplyReadingLike {
  channel: number;
  voltage_actual: number;
  current_actual: number;
  output_enabled: boolean;
  in_cv_mode: boolean;
  in_cc_mode: boolean;
}

export function supplyChannelValue(r: SupplyReadingLike): SupplyChannelValue {
  const mode: SupplyMode = !r.output_enabled
    ? 'off'
    : r.in_cc_mode
      ? 'CC'
      : r.in_cv_mode
        ? 'CV'
        : 'unregulated';
  return {
    channel: r.channel,
    voltageV: r.voltage_actual,
    currentA: r.current_actual,
    output: r.output_enabled,
    mode,
  };
}

/** A reading from outside (a fleet record) that has every field the card needs, as numbers and booleans. */
export function isSupplyReading(value: unknown): value is SupplyReadingLike {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    Number.isInteger(r.channel) &&
    Number.isFinite(r.voltage_actual) &&
    Number.isFinite(r.current_actual) &&
    typeof r.output_enabled === 'boolean' &&
    typeof r.in_cv_mode === 'boolean' &&
    typeof r.in_cc_mode === 'boolean'
  );
}

export interface MainMeasurement {
  /** e.g. "CH1 frequency" */
  label: string;
  /** e.g. "1.000 kHz" */
  text: string;
}

/**
 * The measurement a card shows for a scope: the lowest channel's frequency when it has one (a periodic
 * signal), else its peak-to-peak voltage. Undefined when nothing usable was measured.
 */
export function mainMeasurement(data: unknown): MainMeasurement | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const channels = Object.keys(data)
    .filter((name) => /^CH\d+$/.test(name))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  for (const name of channels) {
    const values = (data as Record<string, unknown>)[name];
    if (typeof values !== 'object' || values === null) continue;
    const { frequency, vpp } = values as Record<string, unknown>;
    if (typeof frequency === 'number' && Number.isFinite(frequency) && frequency > 0) {
      return { label: `${name} frequency`, text: formatSi(frequency, 'Hz') };
    }
    if (typeof vpp === 'number' && Number.isFinite(vpp))
      return { label: `${name} Vpp`, text: formatSi(vpp, 'V') };
  }
  return undefined;
}
