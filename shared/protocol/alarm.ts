/**
 * Alarm messages: limits on a reading or a measurement that the backend watches on every sample, whether or
 * not a dashboard is open, and acts on. docs/PROTOCOL.md ("Alarms") is the prose authority.
 *
 * An alarm names only what really exists: a stream the instrument's catalog offers, one of that stream's
 * fields below, and one of the instrument's channels. The backend checks all three when the alarm is
 * defined, and refuses anything else with a message naming what there is.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();
const equipmentId = z.string().min(1).max(64);
const alarmId = z.string().min(1).max(64);

/** A field an alarm can watch: the key in the stream's per-channel payload and its unit. */
export interface AlarmFieldInfo {
  /** Key in the stream payload (PsuChannelReading for readings, ScopeChannelMeasurements for measurements). */
  key: string;
  unit: string;
}

/**
 * The fields an alarm can watch, by stream type and the name an alarm gives. Readings: each supply
 * channel's measured voltage, current and power. Measurements: each scope channel's automatic measurements
 * (a timing one is absent from a record that cannot support it; the alarm then has no value to judge).
 */
export const ALARM_FIELDS = {
  readings: {
    voltage: { key: 'voltage_actual', unit: 'V' },
    current: { key: 'current_actual', unit: 'A' },
    power: { key: 'power', unit: 'W' },
  },
  measurements: {
    vpp: { key: 'vpp', unit: 'V' },
    vmax: { key: 'vmax', unit: 'V' },
    vmin: { key: 'vmin', unit: 'V' },
    vavg: { key: 'vavg', unit: 'V' },
    vrms: { key: 'vrms', unit: 'V' },
    frequency: { key: 'frequency', unit: 'Hz' },
    period: { key: 'period', unit: 's' },
    duty: { key: 'duty', unit: '%' },
    rise_time: { key: 'rise_time', unit: 's' },
    fall_time: { key: 'fall_time', unit: 's' },
  },
} as const satisfies Record<string, Record<string, AlarmFieldInfo>>;

export type AlarmStreamType = keyof typeof ALARM_FIELDS;
export const ALARM_STREAM_TYPES = Object.keys(ALARM_FIELDS) as AlarmStreamType[];

/** The field names an alarm on `streamType` may give. */
export function alarmFieldNames(streamType: AlarmStreamType): string[] {
  return Object.keys(ALARM_FIELDS[streamType]);
}

/** The field's key and unit, or undefined when the stream has no such field. */
export function alarmField(streamType: AlarmStreamType, field: string): AlarmFieldInfo | undefined {
  const fields: Record<string, AlarmFieldInfo> = ALARM_FIELDS[streamType];
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}

export const ALARM_LEVELS = ['info', 'warning', 'alarm'] as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[number];

/** Longest hold-off, ms (one hour). */
export const MAX_ALARM_HOLDOFF_MS = 3_600_000;
/** Longest rate-of-change window, s. */
export const MAX_ALARM_WINDOW_S = 3_600;

const finite = z.number().finite();

/**
 * When an alarm's condition holds. `hysteresis` (in the field's unit, default 0) is how far back inside
 * the limit the value must come before a raised alarm clears.
 */
export const alarmConditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('above'), limit: finite, hysteresis: finite.min(0).optional() }),
  z.strictObject({ kind: z.literal('below'), limit: finite, hysteresis: finite.min(0).optional() }),
  /** Holds while the value is below `low` or above `high`. */
  z.strictObject({
    kind: z.literal('outside'),
    low: finite,
    high: finite,
    hysteresis: finite.min(0).optional(),
  }),
  /**
   * Holds while the value changes faster than `limit_per_s` (field unit per second, positive), measured
   * over the last `window_s` seconds, in the given direction (default either).
   */
  z.strictObject({
    kind: z.literal('rate'),
    limit_per_s: finite.positive(),
    window_s: z.number().positive().max(MAX_ALARM_WINDOW_S),
    direction: z.enum(['rising', 'falling', 'either']).optional(),
    hysteresis: finite.min(0).optional(),
  }),
]);
export type AlarmCondition = z.infer<typeof alarmConditionSchema>;

/**
 * What a raised alarm does, once per raise. `outputs_off`: every output of one supply (`equipment_id`,
 * default the alarm's own instrument) or of every supply on the bench (`scope: 'bench'`) is switched off;
 * never on. `stop_acquisition`: the named capture, or every running one when none is named.
 */
export const alarmActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('notify') }),
  z.strictObject({
    kind: z.literal('outputs_off'),
    scope: z.enum(['instrument', 'bench']),
    equipment_id: equipmentId.optional(),
  }),
  z.strictObject({
    kind: z.literal('stop_acquisition'),
    acquisition_id: z.string().min(1).max(64).optional(),
  }),
]);
export type AlarmAction = z.infer<typeof alarmActionSchema>;

/** An alarm as a person defines it (the backend gives it its id). */
export const alarmSpecSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  equipment_id: equipmentId,
  stream_type: z.enum(['readings', 'measurements']),
  /** A field of ALARM_FIELDS[stream_type]. */
  field: z.string().min(1).max(32),
  /** 1-based, as on the front panel. */
  channel: z.number().int().min(1).max(64),
  condition: alarmConditionSchema,
  level: z.enum(ALARM_LEVELS),
  /** How long the condition must hold before the alarm is raised, ms (0: on the first sample). */
  holdoff_ms: z.number().int().min(0).max(MAX_ALARM_HOLDOFF_MS),
  action: alarmActionSchema,
});
export type AlarmSpec = z.infer<typeof alarmSpecSchema>;

export const alarmDefinitionSchema = alarmSpecSchema.extend({ id: alarmId });
export type AlarmDefinition = z.infer<typeof alarmDefinitionSchema>;

export const defineAlarmSchema = z.strictObject({
  type: z.literal('define_alarm'),
  request_id: requestId,
  alarm: alarmSpecSchema,
});

/** Replaces an alarm's definition; its state starts afresh (normal, not acknowledged). */
export const updateAlarmSchema = z.strictObject({
  type: z.literal('update_alarm'),
  request_id: requestId,
  alarm_id: alarmId,
  alarm: alarmSpecSchema,
});

export const deleteAlarmSchema = z.strictObject({
  type: z.literal('delete_alarm'),
  request_id: requestId,
  alarm_id: alarmId,
});

export const listAlarmsSchema = z.strictObject({
  type: z.literal('list_alarms'),
  request_id: requestId,
});

/** A person has seen a raised alarm. Refused (`invalid_state`) when it is not raised. */
export const acknowledgeAlarmSchema = z.strictObject({
  type: z.literal('acknowledge_alarm'),
  request_id: requestId,
  alarm_id: alarmId,
});

export const alarmCommandSchemas = {
  define_alarm: defineAlarmSchema,
  update_alarm: updateAlarmSchema,
  delete_alarm: deleteAlarmSchema,
  list_alarms: listAlarmsSchema,
  acknowledge_alarm: acknowledgeAlarmSchema,
} as const;

export type DefineAlarmMessage = z.infer<typeof defineAlarmSchema>;
export type UpdateAlarmMessage = z.infer<typeof updateAlarmSchema>;
export type DeleteAlarmMessage = z.infer<typeof deleteAlarmSchema>;
export type ListAlarmsMessage = z.infer<typeof listAlarmsSchema>;
export type AcknowledgeAlarmMessage = z.infer<typeof acknowledgeAlarmSchema>;
export type AlarmCommandMessage =
  DefineAlarmMessage | UpdateAlarmMessage | DeleteAlarmMessage | ListAlarmsMessage | AcknowledgeAlarmMessage;

/**
 * Where an alarm stands. `normal`: the condition does not hold. `pending`: it holds, the hold-off has not
 * run out yet. `raised`: it held for the hold-off; stays raised until the value is back inside the limit
 * by the hysteresis.
 */
export type AlarmPhase = 'normal' | 'pending' | 'raised';

export interface AlarmStatus {
  alarm_id: string;
  phase: AlarmPhase;
  /** Epoch ms the phase began (for `raised`: when it was raised). */
  since?: number;
  /** The value judged at the last sample (a rate in unit/s for rate alarms). */
  value?: number;
  /** Unit of `value`. */
  unit: string;
  /** A person acknowledged this raise. Reset when the alarm clears. */
  acked: boolean;
  acked_at?: number;
  /** True while the alarm receives samples; false while its instrument or stream is unavailable. */
  watching: boolean;
  /** Why it is not watching, for people. */
  watch_reason?: string;
  /** Times it has been raised since it was defined (or the backend started). */
  raise_count: number;
}

/** Every alarm's definition and state: the reply to every alarm command, and pushed on every change. */
export interface AlarmsMessage {
  type: 'alarms';
  request_id?: string | number;
  alarms: AlarmDefinition[];
  states: AlarmStatus[];
}

/**
 * An alarm as a capture's metadata and its exports record it: one interval during which it was raised and
 * the capture was running. `cleared_ms` is absent when it was still raised when the capture ended.
 */
export interface AlarmInterval {
  alarm_id: string;
  name: string;
  level: AlarmLevel;
  equipment_id: string;
  channel: number;
  field: string;
  unit: string;
  raised_ms: number;
  cleared_ms?: number;
  /** The value when it was raised. */
  value: number;
}
