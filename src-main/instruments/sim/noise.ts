/**
 * Bulk noise for the simulators. A million Box–Muller draws per channel per record would dominate the
 * synthesis budget, so Gaussian values come from a seeded table of unit-variance normals indexed by a
 * xorshift32 generator: a few nanoseconds per sample, deterministic for a given seed, and statistically
 * plenty for display and measurement noise (the table is long enough that no period shows on screen).
 */
import type { Random } from './random.js';

/** Table length, a power of two so a generator word is masked rather than divided. */
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

export interface NoiseTable {
  /** Unit-variance, zero-mean normal values (normalised exactly over the table). */
  readonly gaussian: Float32Array;
}

/** Builds the Gaussian table from a seeded Random; costs a few ms once per simulator. */
export function createNoiseTable(random: Random): NoiseTable {
  const gaussian = new Float32Array(1 << TABLE_BITS);
  let sum = 0;
  for (let i = 0; i < gaussian.length; i++) {
    const v = random.gaussian();
    gaussian[i] = v;
    sum += v;
  }
  // Remove the table's own sampling error so the added noise has exactly the requested rms.
  const mean = sum / gaussian.length;
  let sumSq = 0;
  for (let i = 0; i < gaussian.length; i++) {
    const v = gaussian[i]! - mean;
    sumSq += v * v;
  }
  const scale = 1 / Math.sqrt(sumSq / gaussian.length);
  for (let i = 0; i < gaussian.length; i++) gaussian[i] = (gaussian[i]! - mean) * scale;
  return { gaussian };
}

/** A xorshift32 seed from a Random: never 0 (a zero state would stay zero). */
export function noiseSeed(random: Random): number {
  return (Math.floor(random.uniform() * 0xffffffff) >>> 0) || 0x2545f491;
}

/**
 * Adds Gaussian noise of `rmsV` to `out[from, to)`. Returns the generator state to continue from, so a
 * buffer filled in several blocks gets one uninterrupted noise sequence.
 */
export function addGaussianNoise(
  table: NoiseTable,
  out: Float32Array,
  from: number,
  to: number,
  rmsV: number,
  state: number,
): number {
  const g = table.gaussian;
  let x = state | 0 || 0x2545f491;
  for (let i = from; i < to; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = out[i]! + g[x & TABLE_MASK]! * rmsV;
  }
  return x;
}

/**
 * Fills `out[from, to)` with uniform white noise spanning `offsetV ± amplitudeVpp / 2` (a bounded
 * peak-to-peak, unlike Gaussian noise). Returns the generator state to continue from.
 */
export function fillUniformNoise(
  out: Float32Array,
  from: number,
  to: number,
  amplitudeVpp: number,
  offsetV: number,
  state: number,
): number {
  let x = state | 0 || 0x2545f491;
  const scale = amplitudeVpp / 4294967296;
  const base = offsetV - amplitudeVpp / 2;
  for (let i = from; i < to; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = base + (x >>> 0) * scale;
  }
  return x;
}
