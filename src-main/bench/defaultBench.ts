/** The bench when none is given: the simulated supply and oscilloscope, as `npm start` has always shown. */
import type { BenchFile } from '../../shared/protocol/index.js';
import { demoPsuOptions, demoScopeOptions } from '../instruments/index.js';

export function defaultBench(seed: number): BenchFile {
  return {
    version: 1,
    instruments: [
      { id: 'psu_1', driver: 'sim-psu', label: 'Power supply', options: demoPsuOptions(seed) },
      // A different seed per instrument, so the two simulators' noise is not the same sequence.
      { id: 'scope_1', driver: 'sim-scope', label: 'Oscilloscope', options: demoScopeOptions(seed + 1) },
    ],
  };
}
