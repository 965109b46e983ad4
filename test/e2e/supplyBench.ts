/**
 * The default bench without its oscilloscope, for specs that drive only the supply. The simulated scope
 * streams four channels at the display rate into every open dashboard; in a spec that never looks at it,
 * that is only load: measured on the 2-core machine, one open dashboard's Chromium took 0.59 of a core with
 * the pair and 0.30 with the waveform stopped, and every click waits for that page's main thread.
 */
import type { BenchFile } from '../../shared/protocol/bench';
import { demoPsuOptions } from '../../src-main/instruments/index';

/** The default bench's `psu_1`, as the data folder's bench file would hold it. */
export function supplyOnlyBench(seed = Date.now()): BenchFile {
  return {
    version: 1,
    instruments: [{ id: 'psu_1', driver: 'sim-psu', label: 'Power supply', options: demoPsuOptions(seed) }],
  };
}
