/**
 * Runs a settings plan on one instrument through its host — the same queue, timeout and driver checks as
 * a person's `set_parameter` — and reports each step. Outputs go off first; a channel whose output cannot
 * be confirmed off keeps its settings unchanged, because changing setpoints under a live load is exactly
 * what a recall must never do.
 */
import type { SetupReportItem } from '../../shared/protocol/index.js';
import { DriverError, type InstrumentHost, type ParameterValue } from '../instruments/index.js';
import { OUTPUTS_LEFT_OFF, type SettingsPlan } from './settingsPlan.js';

export interface AppliedSettings {
  applied: SetupReportItem[];
  skipped: SetupReportItem[];
  outputsLeftOff: SetupReportItem[];
}

export interface ApplyOptions {
  timeoutMs: number;
  /** Told of each setting the instrument applied (for the `setting_changed` event). */
  onApplied(parameter: string, value: ParameterValue, channel: number | undefined): void;
}

export async function applySettings(
  host: InstrumentHost,
  plan: SettingsPlan,
  options: ApplyOptions,
): Promise<AppliedSettings> {
  const result: AppliedSettings = { applied: [], skipped: [...plan.skipped], outputsLeftOff: [] };
  const liveChannels = new Set<number | undefined>();
  for (const step of plan.outputsOff) {
    const item: SetupReportItem = { equipment_id: host.id, channel: step.channel, item: step.parameter };
    try {
      const value = await host.setParameter(step.parameter, step.value, step.channel, {
        timeoutMs: options.timeoutMs,
      });
      options.onApplied(step.parameter, value, step.channel);
      result.outputsLeftOff.push({ ...item, value, reason: OUTPUTS_LEFT_OFF });
    } catch (err) {
      if (!(err instanceof DriverError)) throw err;
      liveChannels.add(step.channel);
      result.skipped.push({
        ...item,
        reason: `could not switch the output off (${err.message}): its settings were left as they were`,
      });
    }
  }
  for (const step of plan.steps) {
    const item: SetupReportItem = {
      equipment_id: host.id,
      channel: step.channel,
      item: step.parameter,
      value: step.value,
    };
    if (step.channel !== undefined && liveChannels.has(step.channel)) {
      result.skipped.push({ ...item, reason: 'its output could not be switched off' });
      continue;
    }
    try {
      const value = await host.setParameter(step.parameter, step.value, step.channel, {
        timeoutMs: options.timeoutMs,
      });
      options.onApplied(step.parameter, value, step.channel);
      result.applied.push({ ...item, value });
    } catch (err) {
      if (!(err instanceof DriverError)) throw err;
      result.skipped.push({ ...item, reason: err.message });
    }
  }
  return result;
}
