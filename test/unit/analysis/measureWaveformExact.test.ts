/**
 * The amplitude pass of measureWaveform was rewritten for speed (NaN gaps found from the sum, not skipped
 * sample by sample): its figures must be the old code's exactly, bit for bit, on every kind of record.
 * The old code is kept verbatim in test/bench/measureWaveformBefore.ts.
 */
import { describe, expect, it } from 'vitest';
import { measureChannel, measureWaveform } from '../../../shared/analysis/measureWaveform.js';
import { synthesize, type SignalSpec } from '../../../src-main/instruments/scope/synthesize.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';
import { measureWaveformBefore } from '../../bench/measureWaveformBefore.js';

const noise = createNoiseTable(createRandom(11));
const SAMPLE_RATE_HZ = 2e6;

function signal(overrides: Partial<SignalSpec>, length: number, seed = 1): Float32Array {
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
  synthesize(spec, out, 0, length, { phase0Cycles: 0.123, sampleRateHz: SAMPLE_RATE_HZ }, noise, seed);
  return out;
}

function withGaps(samples: Float32Array, every: number): Float32Array {
  const out = samples.slice();
  for (let i = 3; i < out.length; i += every) out[i] = Number.NaN;
  return out;
}

const random = createRandom(5);
const records: [string, Float32Array][] = [
  ['sine', signal({}, 20_000)],
  ['sine with offset and noise', signal({ offsetV: 0.5, noiseVrms: 0.02 }, 50_000)],
  ['square', signal({ shape: 'square', amplitudeVpp: 1 }, 20_000)],
  ['pulse, 10 % duty', signal({ shape: 'pulse', dutyPercent: 10 }, 40_000)],
  ['triangle', signal({ shape: 'triangle', frequencyHz: 500 }, 30_000)],
  ['noise only', signal({ amplitudeVpp: 0, noiseVrms: 0.1 }, 100_000)],
  ['uniform noise', Float32Array.from({ length: 10_000 }, () => random.uniform() - 0.5)],
  ['DC', new Float32Array(5_000).fill(0.75)],
  ['zeros and negative zeros', Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? -0 : 0))],
  ['clipped sine', signal({ amplitudeVpp: 20, fullScaleV: 4 }, 20_000)],
  ['a ramp: no crossing back', Float32Array.from({ length: 1_000 }, (_, i) => i / 1000)],
  ['one sample', Float32Array.of(0.3)],
  ['two samples', Float32Array.of(-1, 1)],
  ['three samples', Float32Array.of(1, -1, 1)],
  ['empty', new Float32Array(0)],
  ['sine with NaN gaps', withGaps(signal({}, 20_000), 997)],
  ['only NaN', new Float32Array(64).fill(Number.NaN)],
  ['NaN first', Float32Array.of(Number.NaN, 1, 2, 3)],
  ['+Infinity', Float32Array.of(0, 1, Number.POSITIVE_INFINITY, 1, 0)],
  ['+Infinity and -Infinity', Float32Array.of(0, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY)],
  ['1M points: sine with noise', signal({ noiseVrms: 0.01 }, 1_000_000)],
  ['huge values', Float32Array.of(3e38, -3e38, 3e38, -3e38)],
];

/** Same keys, and every value the same number (Object.is: -0 and NaN too). */
function expectIdentical(actual: object | undefined, expected: object | undefined): void {
  if (expected === undefined || actual === undefined) {
    expect(actual).toBe(expected);
    return;
  }
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    expect(Object.is((actual as Record<string, unknown>)[key], value), key).toBe(true);
  }
}

describe('measureWaveform against its previous version', () => {
  it.each(records)('gives the same figures, bit for bit: %s', (_name, samples) => {
    expectIdentical(measureWaveform(samples, SAMPLE_RATE_HZ), measureWaveformBefore(samples, SAMPLE_RATE_HZ));
  });

  it('leaves NaN gaps out of the levels and gives no timing across them', () => {
    const m = measureWaveform(withGaps(signal({}, 20_000), 997), SAMPLE_RATE_HZ)!;
    expect(m.vppV).toBeGreaterThan(1.9);
    expect(Number.isNaN(m.vavgV)).toBe(false);
    expect(m.frequencyHz).toBeUndefined();
  });

  it('keeps the wire figures (measureChannel) of a gapless record with timing', () => {
    const wire = measureChannel(signal({ shape: 'square', amplitudeVpp: 1 }, 20_000), SAMPLE_RATE_HZ)!;
    expect(wire.frequency).toBeCloseTo(1_000, 3);
    expect(wire.duty).toBeCloseTo(50, 1);
  });
});
