/** Alarm states worded for the panel and the header. */
import type { AlarmStatus } from '../../../shared/protocol/alarm';

export function formatAlarmValue(status: AlarmStatus | undefined): string {
  if (status?.value === undefined) return '—';
  return `${Number(status.value.toPrecision(4))} ${status.unit}`;
}

export function clockTime(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

/** "raised 12:01:02, acknowledged", "pending since 12:01:01", "normal", "not watching: …". */
export function describeStatus(status: AlarmStatus | undefined): string {
  if (status === undefined) return 'unknown';
  if (!status.watching) return `not watching: ${status.watch_reason ?? 'no samples'}`;
  switch (status.phase) {
    case 'raised':
      return `raised ${clockTime(status.since)}${status.acked ? ', acknowledged' : ''}`;
    case 'pending':
      return `holding since ${clockTime(status.since)} (hold-off running)`;
    case 'normal':
      return 'normal';
  }
}
