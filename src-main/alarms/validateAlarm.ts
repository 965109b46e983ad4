/**
 * An alarm is checked against what really exists before it is kept: the instrument, a stream its catalog
 * offers, a field of that stream and one of its channels (LabLink's monitor read status fields that did
 * not exist, and never fired). Every refusal names what there is instead.
 */
import {
  ALARM_STREAM_TYPES,
  alarmField,
  alarmFieldNames,
  type AlarmFieldInfo,
  type AlarmSpec,
  type InstrumentInfo,
} from '../../shared/protocol/index.js';
import type { InstrumentRegistry } from '../instruments/index.js';
import { AlarmError } from './AlarmError.js';

/** The parameter a supply's outputs are switched with (the power_supply profile's name). */
export const OUTPUT_PARAMETER = 'output_enabled';

/** Channels of an instrument that have an output switch. */
export function outputChannels(info: InstrumentInfo): number[] {
  return info.parameters.flatMap((p) =>
    p.name === OUTPUT_PARAMETER && p.channel !== undefined ? [p.channel] : [],
  );
}

/**
 * Checks `spec` against the registry's catalog; returns the watched field's key and unit. `pendingOk`: an
 * instrument that exists but has not answered yet (its catalog is unknown) is accepted unchecked — for
 * definitions loaded at start-up, which are checked again when it comes online.
 */
export function validateAlarm(
  spec: AlarmSpec,
  registry: InstrumentRegistry,
  options: { pendingOk?: boolean } = {},
): AlarmFieldInfo {
  const field = alarmField(spec.stream_type, spec.field);
  if (field === undefined) {
    throw new AlarmError(
      'invalid_message',
      `${spec.stream_type} has no field "${spec.field}"; it has ${alarmFieldNames(spec.stream_type).join(', ')}`,
      { field: 'alarm.field', known: alarmFieldNames(spec.stream_type) },
    );
  }
  validateCondition(spec);
  const host = registry.get(spec.equipment_id);
  if (host === undefined) {
    throw new AlarmError('unknown_equipment', `no instrument "${spec.equipment_id}"`, {
      equipment_id: spec.equipment_id,
      known: registry.ids(),
    });
  }
  const info = host.capabilities();
  if (!host.described) {
    if (options.pendingOk) return field;
    throw new AlarmError(
      'instrument_fault',
      `${spec.equipment_id} has not been reached yet (${info.state}); its streams are not known`,
      { equipment_id: spec.equipment_id, state: info.state },
    );
  }
  const offered = info.streams
    .map((s) => s.stream_type)
    .filter((t) => (ALARM_STREAM_TYPES as string[]).includes(t));
  if (!offered.includes(spec.stream_type)) {
    throw new AlarmError(
      'unknown_stream_type',
      `${spec.equipment_id} has no ${spec.stream_type} stream; alarms can watch its ${offered.join(', ') || '(none)'}`,
      { field: 'alarm.stream_type', offered },
    );
  }
  if (spec.channel > info.channels.length) {
    throw new AlarmError(
      'out_of_range',
      `${spec.equipment_id} has channels 1 to ${info.channels.length}; got ${spec.channel}`,
      { field: 'alarm.channel', min: 1, max: info.channels.length, value: spec.channel },
    );
  }
  validateAction(spec, registry);
  return field;
}

function validateCondition(spec: AlarmSpec): void {
  const c = spec.condition;
  if (c.kind === 'outside' && !(c.low < c.high)) {
    throw new AlarmError('out_of_range', `a band needs low below high; got low ${c.low}, high ${c.high}`, {
      field: 'alarm.condition.low',
      value: c.low,
      high: c.high,
    });
  }
  if (c.kind === 'outside' && c.hysteresis !== undefined && 2 * c.hysteresis >= c.high - c.low) {
    throw new AlarmError(
      'out_of_range',
      `hysteresis ${c.hysteresis} leaves no room inside the band ${c.low} to ${c.high}: the alarm could never clear`,
      { field: 'alarm.condition.hysteresis', value: c.hysteresis },
    );
  }
  if (c.kind === 'rate' && c.hysteresis !== undefined && c.hysteresis >= c.limit_per_s) {
    throw new AlarmError(
      'out_of_range',
      `hysteresis ${c.hysteresis} must be less than the rate limit ${c.limit_per_s}: the alarm could never clear`,
      { field: 'alarm.condition.hysteresis', value: c.hysteresis },
    );
  }
}

function validateAction(spec: AlarmSpec, registry: InstrumentRegistry): void {
  const action = spec.action;
  if (action.kind !== 'outputs_off' || action.scope !== 'instrument') return;
  const targetId = action.equipment_id ?? spec.equipment_id;
  const target = registry.get(targetId);
  if (target === undefined) {
    throw new AlarmError('unknown_equipment', `outputs off: no instrument "${targetId}"`, {
      field: 'alarm.action.equipment_id',
      known: registry.ids(),
    });
  }
  if (target.described && outputChannels(target.capabilities()).length === 0) {
    const supplies = registry
      .all()
      .filter((h) => outputChannels(h.capabilities()).length > 0)
      .map((h) => h.id);
    throw new AlarmError(
      'invalid_message',
      `outputs off: ${targetId} has no outputs to switch off; supplies on this bench: ${supplies.join(', ') || '(none)'}`,
      { field: 'alarm.action.equipment_id', supplies },
    );
  }
}
