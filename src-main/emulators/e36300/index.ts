/** `npm run emulate -- e36313a`: an emulated Keysight E36313A on the raw-socket SCPI port, 5025. */
import { type E36300Model, findE36300Model } from '../../instruments/index.js';
import type { EmulatorDefinition } from '../core/types.js';
import { parseLoads } from '../dp832/index.js';
import { E36300Emulation } from './E36300Emulation.js';

function e36300Definition(name: string, model: E36300Model['model']): EmulatorDefinition<E36300Emulation> {
  const found = findE36300Model(model)!;
  return {
    name,
    description: `Keysight ${model} triple-output supply (${found.description})`,
    defaultPort: 5025,
    // A 100 Mbit LAN interface; replies here are tens of bytes, so the rate hardly matters.
    rateBytesPerS: 1_000_000,
    replyLatencyMs: 2,
    create: (context) => new E36300Emulation(found, context),
    flags: {
      load: {
        value: 'CH=OHMS[,CH=OHMS]',
        apply: (instrument, value) => {
          for (const [channel, ohms] of parseLoads(value, instrument.channelCount)) {
            instrument.setLoadOhm(channel, ohms);
          }
        },
      },
    },
  };
}

export const e36313aEmulator = e36300Definition('e36313a', 'E36313A');
