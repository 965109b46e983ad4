/**
 * Coupling of outputs 2 and 3 on the E36300: `OUTP:PAIR {OFF|PAR|SER}` (E36312A, E36313A) and
 * `OUTP:TRAC {ON|OFF}` (all three). The profile's one `tracking_mode` maps onto both, so the two are never
 * on at once.
 */
import { DriverError } from '../InstrumentDriver.js';
import { parseBooleanList, parseChoice } from '../scpi-psu/replies.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';
import type { E36300Model, E36300TrackingMode } from './e36300Models.js';

const hasPairing = (model: E36300Model): boolean => model.trackingModes.includes('series');

/** The commands that put `model` into `mode`, the one being left switched off first. */
export function trackingCommands(model: E36300Model, mode: string): string[] {
  const pairing = hasPairing(model);
  switch (mode) {
    case 'independent':
      return pairing ? ['OUTP:PAIR OFF', 'OUTP:TRAC OFF'] : ['OUTP:TRAC OFF'];
    case 'track':
      return pairing ? ['OUTP:PAIR OFF', 'OUTP:TRAC ON'] : ['OUTP:TRAC ON'];
    case 'series':
      return ['OUTP:TRAC OFF', 'OUTP:PAIR SER'];
    case 'parallel':
      return ['OUTP:TRAC OFF', 'OUTP:PAIR PAR'];
    default:
      throw new DriverError(`tracking_mode must be one of ${model.trackingModes.join(', ')}`, 'out_of_range');
  }
}

export async function readTrackingMode(
  port: ScpiPort,
  model: E36300Model,
  signal: AbortSignal | undefined,
): Promise<E36300TrackingMode> {
  if (hasPairing(model)) {
    const pair = parseChoice(await port.query('OUTP:PAIR?', { signal }), ['OFF', 'PAR', 'SER'], 'OUTP:PAIR?');
    if (pair === 'SER') return 'series';
    if (pair === 'PAR') return 'parallel';
  }
  const [track] = parseBooleanList(await port.query('OUTP:TRAC?', { signal }), 1, 'OUTP:TRAC?');
  return track ? 'track' : 'independent';
}
