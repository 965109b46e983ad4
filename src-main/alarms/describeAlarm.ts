/** Alarm conditions and values worded for the events log: "1.23 A", "above 1 A", "outside 4.5 V to 5.5 V". */
import type { AlarmCondition } from '../../shared/protocol/index.js';

/** A value with its unit, to 4 significant digits. */
export function formatValue(value: number, unit: string): string {
  return `${Number(value.toPrecision(4))} ${unit}`;
}

export function describeCondition(condition: AlarmCondition, unit: string): string {
  switch (condition.kind) {
    case 'above':
      return `above ${formatValue(condition.limit, unit)}`;
    case 'below':
      return `below ${formatValue(condition.limit, unit)}`;
    case 'outside':
      return `outside ${formatValue(condition.low, unit)} to ${formatValue(condition.high, unit)}`;
    case 'rate': {
      const direction = condition.direction ?? 'either';
      const how = direction === 'either' ? 'changing faster than' : `${direction} faster than`;
      return `${how} ${formatValue(condition.limit_per_s, unit)} over ${condition.window_s} s`;
    }
  }
}
