/**
 * A setting's range and resolution from the catalog, for a supply control. The paired output (series or
 * parallel, on an instrument that sets it to the combined values) gets the wider range pairing gives it.
 */
import { pairedRangeFactor } from '../../../shared/profiles/index';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { digitsForStep } from '../controls/stepDigits';

export interface SettingRange {
  min: number;
  max: number;
  step: number;
  digits: number;
}

/** The coupling entry of a supply's catalog (`tracking_mode`), if it has one. */
export function couplingInfo(instrument: InstrumentInfo): InstrumentInfo['parameters'][number] | undefined {
  return instrument.parameters.find((p) => p.name === 'tracking_mode' && p.channel === undefined);
}

/** `fallbackStep` where the catalog gives no step; at least 3 decimals shown. */
export function settingRange(
  instrument: InstrumentInfo,
  name: string,
  channel: number,
  fallbackStep: number,
  coupling: unknown,
): SettingRange {
  const info = instrument.parameters.find((p) => p.name === name && p.channel === channel);
  const step = info?.step ?? fallbackStep;
  const pair = couplingInfo(instrument);
  const widened = pair?.paired_setpoints_combined === true && pair.coupled_channels?.[0] === channel;
  const factor = widened ? pairedRangeFactor(coupling, name) : 1;
  return {
    min: info?.min ?? 0,
    max: (info?.max ?? 0) * factor,
    step,
    digits: Math.max(3, digitsForStep(step)),
  };
}
