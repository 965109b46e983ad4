/**
 * Pure logic of a setup's instrument settings: which catalog parameters are settings (captured), and how a
 * saved set maps onto an instrument — maybe another model — as ordered steps plus what cannot be applied
 * and why. No I/O: the service runs the steps through the instrument's host.
 */
import type { ParameterInfo, SetupReportItem } from '../../shared/protocol/index.js';
import type { ParameterValue } from '../instruments/index.js';
import type { InstrumentSettings, SetupInstrument } from './setupFile.js';

/** The profile's output switch: captured for the record, never applied as on. */
export const OUTPUT_PARAMETER = 'output_enabled';
/** What every report says about outputs, so a person knows the next step is theirs. */
export const OUTPUTS_LEFT_OFF = 'outputs left off — turn on when ready';
/** Parameters that are commands (writing them does something once), not settings to keep. */
const ACTION_PARAMETERS: ReadonlySet<string> = new Set(['clear_protection']);
/** Applied after every other setting: they start or arm acquisition on what was set before. */
const LAST_PARAMETERS: ReadonlySet<string> = new Set(['trigger_mode', 'run_state']);

/** What a plan needs to know of the target instrument: its catalog entry. */
export interface PlanTarget {
  id: string;
  model: string;
  parameters: readonly ParameterInfo[];
}

export interface PlannedStep {
  parameter: string;
  value: ParameterValue;
  channel?: number;
}

export interface SettingsPlan {
  /** Outputs to switch off first: every channel of the target that has an output switch. */
  outputsOff: PlannedStep[];
  /** The settings to apply after the outputs are off, in a safe order. */
  steps: PlannedStep[];
  skipped: SetupReportItem[];
}

/** The instrument's current settings, as listed in its catalog (nothing it only reports, no commands). */
export function captureSettings(
  parameters: readonly ParameterInfo[],
  snapshot: {
    global: Record<string, ParameterValue>;
    channels: Record<number, Record<string, ParameterValue>>;
  },
): InstrumentSettings {
  const settings: InstrumentSettings = { global: {}, channels: {} };
  for (const info of parameters) {
    if (ACTION_PARAMETERS.has(info.name)) continue;
    if (info.channel === undefined) {
      const value = snapshot.global[info.name];
      if (value !== undefined) settings.global[info.name] = value;
      continue;
    }
    const value = snapshot.channels[info.channel]?.[info.name];
    if (value === undefined) continue;
    (settings.channels[String(info.channel)] ??= {})[info.name] = value;
  }
  return settings;
}

/** Maps saved settings onto `target`: what to apply, in which order, and what cannot be applied and why. */
export function planRecall(saved: SetupInstrument, target: PlanTarget): SettingsPlan {
  const outputsOff = target.parameters
    .filter((p) => p.name === OUTPUT_PARAMETER)
    .map((p) => ({ parameter: OUTPUT_PARAMETER, value: false, channel: p.channel }));
  const steps: PlannedStep[] = [];
  const skipped: SetupReportItem[] = [];
  const consider = (parameter: string, value: ParameterValue, channel: number | undefined): void => {
    if (parameter === OUTPUT_PARAMETER) return;
    const item: SetupReportItem = { equipment_id: target.id, channel, item: parameter, value };
    if (ACTION_PARAMETERS.has(parameter)) {
      return void skipped.push({ ...item, reason: 'a command, not a setting: never replayed' });
    }
    const info = target.parameters.find((p) => p.name === parameter && p.channel === channel);
    if (info === undefined)
      return void skipped.push({ ...item, reason: missingReason(target, parameter, channel) });
    const refusal = refuseValue(info, value, target, channel);
    if (refusal !== undefined) return void skipped.push({ ...item, reason: refusal });
    steps.push({ parameter, value, channel });
  };
  for (const [parameter, value] of Object.entries(saved.settings.global))
    consider(parameter, value, undefined);
  for (const [channelKey, values] of Object.entries(saved.settings.channels)) {
    for (const [parameter, value] of Object.entries(values)) consider(parameter, value, Number(channelKey));
  }
  steps.sort((a, b) => rank(a) - rank(b) || (a.channel ?? 0) - (b.channel ?? 0));
  return { outputsOff, steps, skipped };
}

/**
 * Safe order with the outputs off: instrument-wide settings (tracking mode couples channels) before the
 * channels; per channel, protection before the current limit before the voltage; acquisition state last.
 */
function rank(step: PlannedStep): number {
  if (LAST_PARAMETERS.has(step.parameter)) return 9;
  if (step.channel === undefined) return 1;
  if (/^o[cv]p_/.test(step.parameter)) return 2;
  if (step.parameter === 'current_set') return 3;
  if (step.parameter === 'voltage_set') return 4;
  return 5;
}

function where(target: PlanTarget, channel: number | undefined): string {
  return channel === undefined ? target.model : `${target.model} CH${channel}`;
}

function missingReason(target: PlanTarget, parameter: string, channel: number | undefined): string {
  const named = target.parameters.filter((p) => p.name === parameter);
  if (named.length === 0) return `${target.model} has no setting "${parameter}"`;
  if (channel === undefined)
    return `on ${target.model} "${parameter}" is set per channel, not instrument-wide`;
  if (named.every((p) => p.channel === undefined)) {
    return `on ${target.model} "${parameter}" is instrument-wide, not per channel`;
  }
  return `${target.model} has no CH${channel}`;
}

/** Why `value` cannot be applied to `info`, or undefined when it can. Out-of-range values are never clamped. */
export function refuseValue(
  info: ParameterInfo,
  value: ParameterValue,
  target: PlanTarget,
  channel: number | undefined,
): string | undefined {
  const at = where(target, channel);
  switch (info.type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `${at} ${info.name} takes true or false, not ${JSON.stringify(value)}`;
    case 'enum':
      return typeof value === 'string' && (info.choices ?? []).includes(value)
        ? undefined
        : `${at} ${info.name} takes ${(info.choices ?? []).join(', ')}, not ${JSON.stringify(value)}`;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `${at} ${info.name} takes a number, not ${JSON.stringify(value)}`;
      }
      const min = info.values?.[0] ?? info.min;
      const max = info.values?.[info.values.length - 1] ?? info.max;
      const unit = info.unit === undefined ? '' : ` ${info.unit}`;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        return `${value}${unit} is outside ${at}'s ${info.name} range ${min ?? '−∞'}…${max ?? '∞'}${unit} (not clamped)`;
      }
      return undefined;
    }
    default: {
      const unreachable: never = info.type;
      return `unknown parameter type ${String(unreachable)}`;
    }
  }
}
