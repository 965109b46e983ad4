/**
 * Parameter parsing and reply formatting shared by the scope emulators, in the instruments' own forms:
 * Rigol's `%e` floats, Keysight's signed NR3, blocks with a length padded to the digits the instrument
 * uses. Refusals are the core's ScpiErrors, which the command table queues.
 */
import { ScpiError, SCPI_ERRORS } from '../core/ScpiError.js';
import type { CommandContext, CommandDefinition, Reply } from '../core/types.js';

/** The one parameter of a setting, as written (`params` joined back, for `:DIG CHAN1,CHAN2` style lists). */
export function argOf(params: readonly string[]): string {
  return params.join(',').trim();
}

/** Parses a boolean argument as SCPI does: `1`/`ON` or `0`/`OFF`. */
export function parseScpiBool(args: string): boolean {
  const word = args.toUpperCase();
  if (word === '1' || word === 'ON') return true;
  if (word === '0' || word === 'OFF') return false;
  throw SCPI_ERRORS.illegalParameter();
}

/** Parses a number argument (NR1/NR2/NR3); -224 when it is not one. */
export function parseScpiNumber(args: string): number {
  const value = Number(args);
  if (args === '' || !Number.isFinite(value)) throw SCPI_ERRORS.illegalParameter();
  return value;
}

/**
 * Matches an enumerated argument against choices in guide notation (`NORMal`, `RAW`): the short or long
 * form, any case. Returns the choice's short form.
 */
export function parseScpiChoice(args: string, choices: readonly string[]): string {
  const word = args.toUpperCase();
  for (const choice of choices) {
    const short = choice.replace(/[a-z]/g, '');
    if (word === short || word === choice.toUpperCase()) return short;
  }
  throw SCPI_ERRORS.illegalParameter();
}

/** A refusal with the instrument's own wording after the standard text. */
export function scpiError(code: number, message: string): ScpiError {
  return new ScpiError(code, message);
}

/**
 * An IEEE 488.2 definite-length block, the length padded as the instrument pads it: `#9000001200<bytes>`
 * (Rigol, 9 digits) or `#800001000<bytes>` (Keysight, 8). The session adds the terminator.
 */
export function paddedBlock(payload: Uint8Array, lengthDigits: number): Uint8Array {
  const header = Buffer.from(
    `#${lengthDigits}${String(payload.length).padStart(lengthDigits, '0')}`,
    'ascii',
  );
  return Buffer.concat([header, payload]);
}

/** C's `%e`: six decimals, an exponent of at least two digits (`1.000000e-03`), as Rigol replies. */
export function formatE(value: number, decimals = 6): string {
  const [mantissa, exponent] = value.toExponential(decimals).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** NR3 with an explicit sign, as Keysight replies (`+1.00000000E-03`). */
export function formatNr3(value: number): string {
  const text = formatE(value, 8).toUpperCase();
  return text.startsWith('-') ? text : `+${text}`;
}

/** A scope emulator's command: its text argument and suffixes in, a reply (or nothing) out. */
export interface ScopeCommand {
  /** Guide notation; `#` accepts a numeric suffix (see ../core/scpiPattern.ts). */
  pattern: string;
  handle(
    args: string,
    suffixes: readonly (number | undefined)[],
    context: CommandContext,
  ): Reply | undefined | void;
  settleMs?: number;
}

/** The core's command definitions for `commands`: the parameters joined back into one argument. */
export function toDefinitions(commands: readonly ScopeCommand[]): CommandDefinition[] {
  return commands.map((command) => ({
    pattern: command.pattern,
    settleMs: command.settleMs,
    run: (context) => command.handle(argOf(context.params), context.suffixes, context) ?? undefined,
  }));
}
