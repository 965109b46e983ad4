/** Parsing of DP800 replies; anything else is a DriverError('protocol') naming the command and the reply. */
import { DriverError } from '../InstrumentDriver.js';
import { splitIdentity } from '../scpi/identity.js';

export function parseNumberReply(command: string, reply: string): number {
  const value = Number(reply.trim());
  if (reply.trim() === '' || !Number.isFinite(value)) {
    throw new DriverError(`${command} answered "${reply}", not a number`, 'protocol');
  }
  return value;
}

export function parseOnOffReply(command: string, reply: string): boolean {
  const word = reply.trim().toUpperCase();
  if (word === 'ON' || word === '1') return true;
  if (word === 'OFF' || word === '0') return false;
  throw new DriverError(`${command} answered "${reply}", not ON or OFF`, 'protocol');
}

export function parseYesNoReply(command: string, reply: string): boolean {
  const word = reply.trim().toUpperCase();
  if (word === 'YES') return true;
  if (word === 'NO') return false;
  throw new DriverError(`${command} answered "${reply}", not YES or NO`, 'protocol');
}

/** `:MEAS:ALL? CHn` → voltage, current, power. */
export function parseMeasureAll(
  command: string,
  reply: string,
): { voltageV: number; currentA: number; powerW: number } {
  const parts = reply.split(',');
  if (parts.length !== 3)
    throw new DriverError(`${command} answered "${reply}", not voltage,current,power`, 'protocol');
  return {
    voltageV: parseNumberReply(command, parts[0]!),
    currentA: parseNumberReply(command, parts[1]!),
    powerW: parseNumberReply(command, parts[2]!),
  };
}

/** `:APPL? CHn` → "CH1:30V/3A,5.000,1.000": the setpoints. */
export function parseApplyReply(
  command: string,
  reply: string,
): { voltageSetV: number; currentSetA: number } {
  const parts = reply.split(',');
  if (parts.length !== 3)
    throw new DriverError(`${command} answered "${reply}", not CHn:rating,V,A`, 'protocol');
  return {
    voltageSetV: parseNumberReply(command, parts[1]!),
    currentSetA: parseNumberReply(command, parts[2]!),
  };
}

/** `SYST:ERR?` → [code, message]; `0,"No error"` is [0, 'No error']. */
export function parseSystemError(reply: string): [number, string] {
  const m = /^\s*([+-]?\d+)\s*,\s*"?(.*?)"?\s*$/.exec(reply);
  if (!m) throw new DriverError(`SYST:ERR? answered "${reply}", not code,"message"`, 'protocol');
  return [Number(m[1]), m[2]!];
}

/** The `*IDN?` fields: maker, model, serial, firmware. */
export function parseIdn(reply: string): { vendor: string; model: string; serial: string; firmware: string } {
  const identity = splitIdentity(reply);
  if (!identity)
    throw new DriverError(`*IDN? answered "${reply}", not maker,model,serial,firmware`, 'protocol');
  return identity;
}
