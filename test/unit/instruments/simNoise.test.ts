/**
 * The simulators' Gaussian noise: sample i gets table[(i · GOLDEN xor key(block)) & mask] · rms, where the
 * key is murmur3's finaliser of (seed xor finaliser(block + 1)) — checked here sample by sample against
 * that definition, so a faster loop cannot change a single value.
 */
import { describe, expect, it } from 'vitest';
import { addGaussianNoise, createNoiseTable, mix32 } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';

/** The definition, one sample at a time. */
function noiseByDefinition(
  table: Float32Array,
  out: Float32Array,
  from: number,
  to: number,
  rmsV: number,
  seed: number,
): void {
  for (let i = from; i < to; i++) {
    const key = mix32(seed ^ mix32((i >>> 16) + 1));
    out[i] = out[i]! + table[(Math.imul(i, 0x9e3779b1) ^ key) & 0xffff]! * rmsV;
  }
}

describe('addGaussianNoise', () => {
  const table = createNoiseTable(createRandom(7));

  it.each([
    [0, 10_000],
    [3, 10_001],
    [65_530, 65_547],
    [131_069, 131_075],
    [5, 7],
  ])('adds exactly the defined noise to samples [%i, %i), across block edges and odd ends', (from, to) => {
    const base = Float32Array.from({ length: to + 3 }, (_, i) => Math.sin(i / 97));
    for (const seed of [0, 1, -123_456_789, 0x7fffffff]) {
      const fast = base.slice();
      const defined = base.slice();
      addGaussianNoise(table, fast, from, to, 0.013, seed);
      noiseByDefinition(table.gaussian, defined, from, to, 0.013, seed);
      const differing = fast.findIndex((v, i) => !Object.is(v, defined[i]));
      expect(differing, `seed ${seed}: first sample that differs`).toBe(-1);
    }
  });
});
