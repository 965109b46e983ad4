/**
 * Events other parts of the backend record at the place a change happens, built here so each kind reads
 * the same in the log wherever it comes from: a setting changed (with its unit and who changed it: a
 * client, a restore of saved settings, or an alarm's action). Pure: no clock, no I/O.
 *
 * To record one, hand it to `BenchtopServer.broadcast` (Backend.server.broadcast): that numbers it in the
 * journal and sends it to every dashboard. Alarms record theirs the same way (kind `alarm_raised` etc.).
 */
import type { EventMessage } from '../../shared/protocol/index.js';

/** Who made a change: a dashboard (its session and the name it gave in `hello`), or the backend itself. */
export type ChangeActor =
  | { kind: 'client'; sessionId: string; clientName?: string }
  | { kind: 'restore' }
  | { kind: 'alarm'; alarmId?: string };

export interface SettingChange {
  equipmentId: string;
  channel?: number;
  parameter: string;
  value: number | boolean | string;
  /** The parameter's unit from the catalog ("V", "A", "s/div"), when it has one. */
  unit?: string;
  by: ChangeActor;
  /** Applied after the request had been answered with a timeout. */
  late?: boolean;
}

/** "benchtop-dashboard (session 1a2b3c4d)", "restore", "alarm ovp-watch". */
export function describeActor(by: ChangeActor): string {
  switch (by.kind) {
    case 'client':
      return `${by.clientName ?? 'a client'} (session ${by.sessionId.slice(0, 8)})`;
    case 'restore':
      return 'restore';
    case 'alarm':
      return by.alarmId === undefined ? 'alarm' : `alarm ${by.alarmId}`;
  }
}

export function settingChangedEvent(change: SettingChange, nowMs: number): EventMessage {
  const where = change.channel === undefined ? '' : ` CH${change.channel}`;
  const shown =
    change.unit !== undefined && typeof change.value === 'number'
      ? `${change.value} ${change.unit}`
      : String(change.value);
  const { by } = change;
  return {
    type: 'event',
    level: 'info',
    kind: 'setting_changed',
    equipment_id: change.equipmentId,
    channel: change.channel,
    message: `${change.equipmentId}${where} ${change.parameter} = ${shown}${change.late ? ' (applied late)' : ''} by ${describeActor(by)}`,
    details: {
      parameter: change.parameter,
      value: change.value,
      ...(change.unit !== undefined && { unit: change.unit }),
      by: by.kind,
      ...(by.kind === 'client' && {
        session_id: by.sessionId,
        ...(by.clientName !== undefined && { client: by.clientName }),
      }),
      ...(by.kind === 'alarm' && by.alarmId !== undefined && { alarm_id: by.alarmId }),
      ...(change.late ? { late: true } : {}),
    },
    timestamp: nowMs,
  };
}
