/**
 * Parsing what a SCPI supply answers. A reply that is not what the command promises means the link is out
 * of step (or the instrument is not what it claimed), so each failure is a DriverError('protocol') naming
 * the command and the reply: the host then reconnects instead of acting on a misread value.
 */
import { DriverError } from '../InstrumentDriver.js';

function garbled(command: string, reply: string, expected: string): DriverError {
  const shown = reply.length > 60 ? `${reply.slice(0, 60)}…` : reply;
  return new DriverError(`reply to ${command} was "${shown}", expected ${expected}`, 'protocol', {
    command,
    reply: shown,
  });
}

/** One number: NR1/NR2/NR3 (`5`, `5.000`, `+5.00000000E+00`). */
export function parseNumber(reply: string, command: string): number {
  const text = reply.trim();
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw garbled(command, reply, 'a number');
  return value;
}

/** A comma-separated list of exactly `count` numbers (the answer to a channel-list query). */
export function parseNumberList(reply: string, count: number, command: string): number[] {
  const parts = reply.split(',');
  if (parts.length !== count) throw garbled(command, reply, `${count} comma-separated numbers`);
  return parts.map((part) => parseNumber(part, command));
}

/** A comma-separated list of exactly `count` booleans, `0`/`1` (or `ON`/`OFF`). */
export function parseBooleanList(reply: string, count: number, command: string): boolean[] {
  const parts = reply.split(',').map((p) => p.trim().toUpperCase());
  if (parts.length !== count) throw garbled(command, reply, `${count} comma-separated 0/1 values`);
  return parts.map((part) => {
    if (part === '1' || part === 'ON') return true;
    if (part === '0' || part === 'OFF') return false;
    throw garbled(command, reply, '0 or 1');
  });
}

/** One word out of `choices` (case-insensitive); returns it as listed in `choices`. */
export function parseChoice<T extends string>(reply: string, choices: readonly T[], command: string): T {
  const text = reply.trim().toUpperCase();
  const match = choices.find((c) => c.toUpperCase() === text);
  if (match === undefined) throw garbled(command, reply, `one of ${choices.join(', ')}`);
  return match;
}

/** A number for a command's parameter: fixed-point, so no exponent a strict parser might refuse. */
export function formatSetting(value: number): string {
  const text = value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

export { garbled as garbledReply };
