/**
 * The alarm form's choices and checks, with no React: every choice comes from the catalog (an instrument's
 * streams that alarms can watch, that stream's fields, the instrument's channels), so the form can only
 * name what exists; the numbers are checked here in words, and the backend checks everything again.
 */
import {
  ALARM_FIELDS,
  ALARM_STREAM_TYPES,
  type AlarmAction,
  type AlarmCondition,
  type AlarmLevel,
  type AlarmSpec,
  type AlarmStreamType,
} from '../../../shared/protocol/alarm';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';

export type ConditionKind = AlarmCondition['kind'];
export type ActionChoice = 'notify' | 'outputs_off_instrument' | 'outputs_off_bench' | 'stop_acquisition';

export interface AlarmFormValues {
  name: string;
  equipmentId: string;
  streamType: AlarmStreamType | '';
  field: string;
  channel: number;
  kind: ConditionKind;
  limitText: string;
  lowText: string;
  highText: string;
  windowText: string;
  hysteresisText: string;
  holdoffText: string;
  level: AlarmLevel;
  action: ActionChoice;
  /** outputs_off_instrument: the supply to switch off. */
  actionEquipmentId: string;
  /** stop_acquisition: one capture, or '' for every running one. */
  acquisitionId: string;
}

/** The streams of `instrument` an alarm can watch. */
export function watchableStreams(instrument: InstrumentInfo | undefined): AlarmStreamType[] {
  if (instrument === undefined) return [];
  return ALARM_STREAM_TYPES.filter((t) => instrument.streams.some((s) => s.stream_type === t));
}

/** The fields of a stream, with their units. */
export function fieldsOf(streamType: AlarmStreamType | ''): { name: string; unit: string }[] {
  if (streamType === '') return [];
  return Object.entries(ALARM_FIELDS[streamType]).map(([name, f]) => ({ name, unit: f.unit }));
}

/** Instruments with outputs to switch off. */
export function supplies(instruments: readonly InstrumentInfo[]): InstrumentInfo[] {
  return instruments.filter((i) => i.parameters.some((p) => p.name === 'output_enabled'));
}

/** A form for `instrument`'s first watchable stream and field. */
export function initialValues(instruments: readonly InstrumentInfo[]): AlarmFormValues {
  const instrument = instruments.find((i) => watchableStreams(i).length > 0);
  const streamType = watchableStreams(instrument)[0] ?? '';
  return {
    name: '',
    equipmentId: instrument?.id ?? '',
    streamType,
    field: fieldsOf(streamType)[0]?.name ?? '',
    channel: 1,
    kind: 'above',
    limitText: '',
    lowText: '',
    highText: '',
    windowText: '1',
    hysteresisText: '0',
    holdoffText: '0',
    level: 'alarm',
    action: 'notify',
    actionEquipmentId: supplies(instruments)[0]?.id ?? '',
    acquisitionId: '',
  };
}

/** The form moved to another instrument: its first watchable stream and field, channel 1. */
export function withInstrument(
  values: AlarmFormValues,
  instrument: InstrumentInfo | undefined,
): AlarmFormValues {
  const streamType = watchableStreams(instrument)[0] ?? '';
  return {
    ...values,
    equipmentId: instrument?.id ?? '',
    streamType,
    field: fieldsOf(streamType)[0]?.name ?? '',
    channel: 1,
  };
}

function number(text: string, what: string, check?: (v: number) => string | undefined): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) throw new Error(`${what} must be a number`);
  const problem = check?.(value);
  if (problem !== undefined) throw new Error(`${what} ${problem}`);
  return value;
}

const notNegative = (v: number): string | undefined => (v < 0 ? 'must be 0 or more' : undefined);

/** The alarm the form describes, or the first problem with it, worded for the person filling it in. */
export function checkAlarmForm(values: AlarmFormValues): { spec?: AlarmSpec; problem?: string } {
  try {
    if (values.name.trim() === '') throw new Error('Give the alarm a name');
    if (values.equipmentId === '' || values.streamType === '' || values.field === '')
      throw new Error('Pick an instrument and the value to watch');
    const hysteresis = number(values.hysteresisText, 'Hysteresis', notNegative);
    let condition: AlarmCondition;
    switch (values.kind) {
      case 'above':
      case 'below':
        condition = { kind: values.kind, limit: number(values.limitText, 'Limit'), hysteresis };
        break;
      case 'outside': {
        const low = number(values.lowText, 'Low');
        const high = number(values.highText, 'High', (v) => (v > low ? undefined : 'must be above Low'));
        condition = { kind: 'outside', low, high, hysteresis };
        break;
      }
      case 'rate':
        condition = {
          kind: 'rate',
          limit_per_s: number(values.limitText, 'Rate limit', (v) =>
            v > 0 ? undefined : 'must be more than 0',
          ),
          window_s: number(values.windowText, 'Window', (v) => (v > 0 ? undefined : 'must be more than 0 s')),
          hysteresis,
        };
        break;
    }
    const holdoffMs = number(values.holdoffText, 'Hold-off', (v) =>
      Number.isInteger(v) && v >= 0 ? undefined : 'must be a whole number of ms, 0 or more',
    );
    return {
      spec: {
        name: values.name.trim(),
        equipment_id: values.equipmentId,
        stream_type: values.streamType,
        field: values.field,
        channel: values.channel,
        condition,
        level: values.level,
        holdoff_ms: holdoffMs,
        action: actionOf(values),
      },
    };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

function actionOf(values: AlarmFormValues): AlarmAction {
  switch (values.action) {
    case 'notify':
      return { kind: 'notify' };
    case 'outputs_off_instrument':
      if (values.actionEquipmentId === '') throw new Error('Pick the supply whose outputs go off');
      return { kind: 'outputs_off', scope: 'instrument', equipment_id: values.actionEquipmentId };
    case 'outputs_off_bench':
      return { kind: 'outputs_off', scope: 'bench' };
    case 'stop_acquisition':
      return values.acquisitionId === ''
        ? { kind: 'stop_acquisition' }
        : { kind: 'stop_acquisition', acquisition_id: values.acquisitionId };
  }
}

/** "CH1 current above 0.8 A for 500 ms → outputs off (psu_1)". */
export function describeAlarm(spec: AlarmSpec): string {
  const fields: Record<string, { unit: string }> = ALARM_FIELDS[spec.stream_type];
  const unit = Object.hasOwn(fields, spec.field) ? fields[spec.field]!.unit : '';
  const c = spec.condition;
  const when =
    c.kind === 'above'
      ? `above ${c.limit} ${unit}`
      : c.kind === 'below'
        ? `below ${c.limit} ${unit}`
        : c.kind === 'outside'
          ? `outside ${c.low} to ${c.high} ${unit}`
          : `changing faster than ${c.limit_per_s} ${unit}/s over ${c.window_s} s`;
  const hold = spec.holdoff_ms > 0 ? ` for ${spec.holdoff_ms} ms` : '';
  const a = spec.action;
  const then =
    a.kind === 'notify'
      ? 'notify'
      : a.kind === 'outputs_off'
        ? a.scope === 'bench'
          ? 'all outputs on the bench off'
          : `outputs off (${a.equipment_id ?? spec.equipment_id})`
        : a.acquisition_id === undefined
          ? 'stop running captures'
          : `stop capture ${a.acquisition_id}`;
  return `${spec.equipment_id} CH${spec.channel} ${spec.field} ${when}${hold} → ${then}`;
}
