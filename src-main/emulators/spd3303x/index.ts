/** `npm run emulate -- spd3303x`: an emulated Siglent SPD3303X on the raw-socket SCPI port, 5025. */
import { findSpd3303xModel } from '../../instruments/index.js';
import type { EmulatorDefinition } from '../core/types.js';
import { parseLoads } from '../dp832/index.js';
import { Spd3303xEmulation } from './Spd3303xEmulation.js';

export const spd3303xEmulator: EmulatorDefinition<Spd3303xEmulation> = {
  name: 'spd3303x',
  description: 'Siglent SPD3303X dual 32 V / 3.2 A supply (loses commands sent < 10 ms apart; no *OPC?)',
  defaultPort: 5025,
  rateBytesPerS: 1_000_000,
  // It answers slowly: a few ms of its own on top of the command gap it needs.
  replyLatencyMs: 5,
  create: (context) => new Spd3303xEmulation(findSpd3303xModel('SPD3303X')!, context),
  flags: {
    load: {
      value: 'CH=OHMS[,CH=OHMS]',
      apply: (instrument, value) => {
        for (const [channel, ohms] of parseLoads(value, 2)) instrument.setLoadOhm(channel, ohms);
      },
    },
    'command-gap-ms': {
      value: 'MS',
      apply: (instrument, value) => {
        const gapMs = Number(value);
        if (!/^\d+$/.test(value.trim()) || gapMs > 1_000) {
          throw new Error(`"${value}": expected whole milliseconds from 0 to 1000 (0: no commands are lost)`);
        }
        instrument.setMinCommandGapMs(gapMs);
      },
    },
  },
};
