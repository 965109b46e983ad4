/**
 * The SPD3303X's `SYST:STAT?` word, in hex (`0x0224`). Bits, from the programming guide: 0 CH1 CC (else
 * CV), 1 CH2 CC, 2–3 the coupling (01 independent, 10 parallel, 11 series), 4 CH1 output on, 5 CH2 output
 * on, 6–7 the timers, 8–9 the waveform displays. It is the only place the instrument reports output state,
 * regulation mode and coupling.
 */
import { garbledReply } from '../scpi-psu/replies.js';
import type { Spd3303xTrackingMode } from './spd3303xModels.js';

export interface Spd3303xStatus {
  /** Per output (index 0 = CH1): in constant current. */
  constantCurrent: [boolean, boolean];
  outputOn: [boolean, boolean];
  tracking: Spd3303xTrackingMode;
}

export function decodeSpd3303xStatus(reply: string): Spd3303xStatus {
  const text = reply.trim();
  if (!/^0x[0-9a-f]{1,8}$/i.test(text)) throw garbledReply('SYST:STAT?', reply, 'a hex status word (0x....)');
  const word = Number.parseInt(text.slice(2), 16);
  const bit = (n: number): boolean => (word & (1 << n)) !== 0;
  const coupling = (word >> 2) & 0b11;
  return {
    constantCurrent: [bit(0), bit(1)],
    outputOn: [bit(4), bit(5)],
    // 01 is independent; the guide gives no meaning to 00, which is read as independent too.
    tracking: coupling === 0b11 ? 'series' : coupling === 0b10 ? 'parallel' : 'independent',
  };
}

/** `OUTP:TRACK` argument of each coupling. */
export const TRACK_ARGUMENT: Record<Spd3303xTrackingMode, number> = {
  independent: 0,
  series: 1,
  parallel: 2,
};
