/** `dp832`: an emulated Rigol DP832 triple-output supply on Rigol's raw-socket port 5555. */
import type { EmulatedInstrument, EmulatorDefinition } from '../core/types.js';
import { dp800Commands } from './commands.js';
import { Dp832Model } from './Dp832Model.js';

export interface EmulatedDp832 extends EmulatedInstrument {
  readonly model: Dp832Model;
}

export const dp832Emulator: EmulatorDefinition<EmulatedDp832> = {
  name: 'dp832',
  description: 'Rigol DP832 triple-output supply (30 V/3 A, 30 V/3 A, 5 V/3 A)',
  defaultPort: 5555,
  rateBytesPerS: 1_700_000,
  replyLatencyMs: 2,
  create({ clock, seed }) {
    const model = new Dp832Model(clock);
    const serial = `DP8C${String(180_000_000 + (seed % 1_000_000)).padStart(10, '0')}`;
    return {
      model,
      identity: () => `RIGOL TECHNOLOGIES,DP832,${serial},00.01.16`,
      commands: dp800Commands(model),
      reset: () => model.reset(),
    };
  },
  flags: {
    load: {
      value: 'CH=OHMS[,CH=OHMS]',
      apply: (instrument, value) => {
        for (const [channel, ohms] of parseLoads(value, instrument.model.channels.length)) {
          instrument.model.setLoadOhm(channel, ohms);
        }
      },
    },
  },
};

/** `1=10,3=4.7` → [[1, 10], [3, 4.7]]: the resistive load across each named output, Ω. */
export function parseLoads(value: string, channels: number): [number, number][] {
  const expected = `expected CH=OHMS[,CH=OHMS] with CH from 1 to ${channels} and OHMS from 0.01 to 1000000`;
  return value.split(',').map((item) => {
    const m = /^\s*(\d+)\s*=\s*([\d.]+(?:e[+-]?\d+)?)\s*$/i.exec(item);
    const channel = Number(m?.[1]);
    const ohms = Number(m?.[2]);
    if (!m || channel < 1 || channel > channels || !(ohms >= 0.01 && ohms <= 1e6)) {
      throw new Error(`"${item}": ${expected}`);
    }
    return [channel, ohms];
  });
}
