/**
 * One channel of the simulated scope's synthesis as a bare Float32Array, for the measurement's tests and
 * benchmarks: a 2 Vpp 1 kHz sine with no noise unless `overrides` say otherwise.
 */
import { synthesize, type SignalSpec } from '../../src-main/instruments/scope/synthesize.js';
import type { NoiseTable } from '../../src-main/instruments/sim/noise.js';

export interface SignalShape {
  length: number;
  sampleRateHz: number;
  /** The noise generator's seed. */
  seed?: number;
  /** Where the first sample falls in the waveform's cycle. */
  phase0Cycles?: number;
}

export function synthesizedSignal(
  noise: NoiseTable,
  overrides: Partial<SignalSpec>,
  { length, sampleRateHz, seed = 1, phase0Cycles = 0.123 }: SignalShape,
): Float32Array {
  const spec: SignalSpec = {
    shape: 'sine',
    frequencyHz: 1_000,
    amplitudeVpp: 2,
    offsetV: 0,
    dutyPercent: 50,
    noiseVrms: 0,
    coupling: 'dc',
    fullScaleV: 100,
    ...overrides,
  };
  const out = new Float32Array(length);
  synthesize(spec, out, 0, length, { phase0Cycles, sampleRateHz }, noise, seed);
  return out;
}
