/**
 * SCPI-99 channel lists as the E36300 takes them: `(@1)`, `(@1,3)`, `(@1:3)`, `(@1:2,3)`. The command
 * parser splits parameters at every comma, so a list arrives in pieces (`(@1`, `3)`) and is joined here.
 */
import { SCPI_ERRORS } from '../core/ScpiError.js';

export interface SplitParameters {
  /** The parameters before the channel list. */
  values: string[];
  /** Channels named by the list, ascending without repeats; undefined when there was no list. */
  channels: number[] | undefined;
}

export function splitChannelList(params: readonly string[], channelCount: number): SplitParameters {
  const start = params.findIndex((p) => p.startsWith('(@'));
  if (start < 0) return { values: [...params], channels: undefined };
  const text = params.slice(start).join(',');
  const m = /^\(@([0-9:,\s]+)\)$/.exec(text);
  if (!m) throw SCPI_ERRORS.syntax();
  const channels = new Set<number>();
  for (const item of m[1]!.split(',')) {
    const [from, to = from] = item.split(':').map((s) => Number(s.trim()));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from! > to!) throw SCPI_ERRORS.syntax();
    for (let c = from!; c <= to!; c++) {
      if (c < 1 || c > channelCount) throw SCPI_ERRORS.illegalParameter();
      channels.add(c);
    }
  }
  return { values: params.slice(0, start), channels: [...channels].sort((a, b) => a - b) };
}

/** A number as the E36300 writes it in replies: NR3 with 8 decimals (`+5.00000000E+00`). */
export function formatNr3(value: number): string {
  const [mantissa, exponent] = (value === 0 ? 0 : value).toExponential(8).split('e') as [string, string];
  const sign = mantissa.startsWith('-') ? '-' : '+';
  const digits = mantissa.replace(/^-/, '');
  const exp = Number(exponent);
  return `${sign}${digits}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
