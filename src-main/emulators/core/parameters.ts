/**
 * Parameter parsing for emulated command handlers: numbers (with MIN/MAX/DEF where a guide allows them, and
 * an optional unit), booleans (ON/OFF/1/0), choices and channel names. Bad input throws the ScpiError a
 * real instrument would queue.
 */
import { SCPI_ERRORS } from './ScpiError.js';

export interface NumericRange {
  min: number;
  max: number;
  /** The value DEF selects; MIN/MAX/DEF are refused when absent and `keywords` is false. */
  def?: number;
  /** Accept MINimum/MAXimum/DEFault (default true). */
  keywords?: boolean;
  /** Unit suffixes accepted after the number, upper case (e.g. ['V', 'MV']), with their scale. */
  units?: Record<string, number>;
}

const NUMBER = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:E[+-]?\d+)?)\s*([A-Z]*)$/i;

/** A required numeric parameter within `range`: -109 when missing, -104 when not a number, -222 outside. */
export function numberParam(params: readonly string[], index: number, range: NumericRange): number {
  const raw = params[index];
  if (raw === undefined || raw === '') throw SCPI_ERRORS.missingParameter();
  const word = raw.toUpperCase();
  if (range.keywords !== false) {
    if (word === 'MIN' || word === 'MINIMUM') return range.min;
    if (word === 'MAX' || word === 'MAXIMUM') return range.max;
    if ((word === 'DEF' || word === 'DEFAULT') && range.def !== undefined) return range.def;
  }
  const m = NUMBER.exec(raw);
  if (!m) throw SCPI_ERRORS.dataType();
  const unit = m[2]!.toUpperCase();
  let scale = 1;
  if (unit !== '') {
    const known = range.units?.[unit];
    if (known === undefined) throw SCPI_ERRORS.illegalParameter();
    scale = known;
  }
  const value = Number(m[1]) * scale;
  if (!Number.isFinite(value)) throw SCPI_ERRORS.dataType();
  // Round-off in the decimal text must not push a limit value out of range.
  const tolerance = 1e-9 * Math.max(1, Math.abs(range.max));
  if (value < range.min - tolerance || value > range.max + tolerance) throw SCPI_ERRORS.outOfRange();
  return Math.min(range.max, Math.max(range.min, value));
}

/** ON/OFF/1/0 → boolean; -109 when missing, -224 otherwise. */
export function booleanParam(params: readonly string[], index: number): boolean {
  const raw = params[index];
  if (raw === undefined || raw === '') throw SCPI_ERRORS.missingParameter();
  const word = raw.toUpperCase();
  if (word === 'ON' || word === '1') return true;
  if (word === 'OFF' || word === '0') return false;
  throw SCPI_ERRORS.illegalParameter();
}

/**
 * One of `choices` (long forms, matched by long or short form like headers: `INDependent` matches IND and
 * INDEPENDENT); resolves with the long form in upper case. -224 when not one of them.
 */
export function choiceParam(params: readonly string[], index: number, choices: readonly string[]): string {
  const raw = params[index];
  if (raw === undefined || raw === '') throw SCPI_ERRORS.missingParameter();
  const word = raw.toUpperCase();
  for (const choice of choices) {
    const short = choice.replace(/[a-z]+$/, '').replace(/[a-z]/g, '');
    if (word === choice.toUpperCase() || word === short) return choice.toUpperCase();
  }
  throw SCPI_ERRORS.illegalParameter();
}

/** Refuses extra parameters (-108), as instruments do. */
export function noMoreParams(params: readonly string[], count: number): void {
  if (params.length > count) throw SCPI_ERRORS.parameterNotAllowed();
}

/** Formats a reply number the way SCPI instruments commonly do (fixed decimals). */
export function formatFixed(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return fixed === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : fixed;
}
