/**
 * Checks a requested setting against the catalog's published range, so the driver and `get_info` can
 * never disagree about what is allowed.
 */
import type { ParameterInfo } from '../../shared/protocol/index.js';
import { DriverError, type ParameterValue } from './InstrumentDriver.js';

export function findParameter(
  parameters: readonly ParameterInfo[],
  name: string,
  channel: number | undefined,
): ParameterInfo {
  const matches = parameters.filter((p) => p.name === name);
  if (matches.length === 0) {
    throw new DriverError(`unknown parameter "${name}"`, 'unknown_parameter', {
      known: [...new Set(parameters.map((p) => p.name))],
    });
  }
  const perChannel = matches.some((p) => p.channel !== undefined);
  if (!perChannel) {
    if (channel !== undefined) {
      throw new DriverError(`"${name}" is not a per-channel parameter; omit channel`, 'invalid_value', {
        field: 'channel',
      });
    }
    return matches[0]!;
  }
  const match = matches.find((p) => p.channel === channel);
  if (!match) {
    const channels = matches.map((p) => p.channel);
    throw new DriverError(
      channel === undefined
        ? `"${name}" is set per channel; give channel (one of ${channels.join(', ')})`
        : `"${name}" has no channel ${channel} (channels: ${channels.join(', ')})`,
      channel === undefined ? 'invalid_value' : 'out_of_range',
      { field: 'channel', channels },
    );
  }
  return match;
}

/** Validates `value` for `info`; returns it unchanged when valid, throws DriverError otherwise. */
export function checkParameterValue(info: ParameterInfo, value: ParameterValue): ParameterValue {
  const where = info.channel === undefined ? info.name : `${info.name} (channel ${info.channel})`;
  switch (info.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new DriverError(`${where} takes true or false`, 'invalid_value');
      return value;
    case 'enum':
      if (typeof value !== 'string' || !info.choices?.includes(value)) {
        throw new DriverError(`${where} must be one of ${info.choices?.join(', ')}`, 'out_of_range', {
          choices: info.choices,
          value,
        });
      }
      return value;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DriverError(`${where} takes a finite number`, 'invalid_value');
      }
      const min = info.min ?? -Infinity;
      const max = info.max ?? Infinity;
      if (value < min || value > max) {
        const unit = info.unit ? ` ${info.unit}` : '';
        throw new DriverError(
          `${where} must be between ${min} and ${max}${unit}; got ${value}`,
          'out_of_range',
          {
            min,
            max,
            value,
          },
        );
      }
      return value;
    }
  }
}
