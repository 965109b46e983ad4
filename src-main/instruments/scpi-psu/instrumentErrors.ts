/**
 * `SYST:ERR?` after settings: an instrument that refuses a command says so only in its error queue, so a
 * driver that did not ask would report success while nothing changed. `checkErrors` empties the queue and
 * turns what was in it into one DriverError a person can act on.
 */
import { DriverError, type DriverErrorCode } from '../InstrumentDriver.js';
import type { ScpiCallOptions, ScpiPort } from '../scpi/ScpiPort.js';
import { garbledReply } from './replies.js';

export interface InstrumentErrorEntry {
  code: number;
  message: string;
}

/** Longest queue read after one command: a queue that never empties is a broken instrument, not a loop. */
const MAX_ERRORS = 20;

/**
 * Parses one `SYST:ERR?` reply: `-222,"Data out of range"` (SCPI), `+0,"No error"`, or Siglent's
 * unquoted `0  No Error`.
 */
export function parseErrorReply(reply: string): InstrumentErrorEntry {
  const match = /^\s*([+-]?\d+)\s*(?:,\s*)?"?(.*?)"?\s*$/.exec(reply);
  if (!match) throw garbledReply('SYST:ERR?', reply, 'an error code and message');
  return { code: Number(match[1]), message: match[2]!.trim() };
}

/** What a refusal means for the caller: SCPI -222 is a value out of range, the rest a refused setting. */
function codeFor(entries: readonly InstrumentErrorEntry[]): DriverErrorCode {
  return entries.some((e) => e.code === -222 || e.code === -224) ? 'out_of_range' : 'invalid_value';
}

/** Reads the error queue until it is empty; resolves with what was in it (oldest first). */
export async function drainErrors(port: ScpiPort, options: ScpiCallOptions): Promise<InstrumentErrorEntry[]> {
  const entries: InstrumentErrorEntry[] = [];
  for (let i = 0; i < MAX_ERRORS; i++) {
    const entry = parseErrorReply(await port.query('SYST:ERR?', options));
    if (entry.code === 0) return entries;
    entries.push(entry);
  }
  throw new DriverError(`the instrument's error queue did not empty after ${MAX_ERRORS} reads`, 'fault', {
    errors: entries,
  });
}

/**
 * Sends `command`, then reads the error queue; rejects with the instrument's own words when it refused
 * the command (e.g. `instrument refused "VOLT 7,(@1)": -222 Data out of range`).
 */
export async function writeChecked(port: ScpiPort, command: string, options: ScpiCallOptions): Promise<void> {
  await port.write(command, options);
  const entries = await drainErrors(port, options);
  if (entries.length === 0) return;
  const words = entries.map((e) => `${e.code} ${e.message}`).join('; ');
  throw new DriverError(`instrument refused "${command}": ${words}`, codeFor(entries), {
    command,
    errors: entries,
  });
}
