/**
 * Bulk noise for the simulators. A million Box–Muller draws per channel per record would dominate the
 * synthesis budget, so Gaussian values come from a seeded table of unit-variance normals, picked by a
 * function of (seed, sample index) — counter-based: no serial dependency from one sample to the next (so
 * the loop pipelines), and a buffer filled in several pieces gets exactly the same noise as one filled at
 * once. Deterministic for a given seed; statistically plenty for display and measurement noise.
 */
import type { Random } from './random.js';

/** Table length, a power of two so a hash is masked rather than divided. */
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const GOLDEN = 0x9e3779b1;

export interface NoiseTable {
  /** Unit-variance, zero-mean normal values (normalised exactly over the table). */
  readonly gaussian: Float32Array;
  /** Largest |value| in the table: added noise never exceeds maxAbs · rms (lets callers skip clipping). */
  readonly maxAbs: number;
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
  let maxAbs = 0;
  for (let i = 0; i < gaussian.length; i++) {
    gaussian[i] = (gaussian[i]! - mean) * scale;
    maxAbs = Math.max(maxAbs, Math.abs(gaussian[i]!));
  }
  return { gaussian, maxAbs };
}

/** A fresh 32-bit noise seed drawn from a Random (one per channel per record). */
export function noiseSeed(random: Random): number {
  return Math.floor(random.uniform() * 0x100000000) | 0;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Adds Gaussian noise of `rmsV` to `out[from, to)`; sample i's noise depends only on (seed, i). Within each
 * block of 2^16 samples the table index is (i · odd step) xor key, a permutation of the whole table, so no
 * value repeats inside a block; each block gets its own key from a hash, so blocks do not repeat either.
 * One multiply per sample, and nothing carried from sample to sample.
 */
export function addGaussianNoise(
  table: NoiseTable,
  out: Float32Array,
  from: number,
  to: number,
  rmsV: number,
  seed: number,
): void {
  const g = table.gaussian;
  // Module constants copied to locals: V8 re-checks module-scope bindings on every use in a hot loop.
  const mask = TABLE_MASK;
  const step = GOLDEN;
  for (let start = from; start < to;) {
    const block = start >>> TABLE_BITS;
    const end = Math.min(to, (block + 1) << TABLE_BITS);
    const key = mix32(seed ^ mix32(block + 1));
    // Four samples a step, their indices from one multiply: (i + k) · step = i · step + k · step, exact in a
    // double before `^` takes it modulo 2^32. A third less time than a sample a step (same values): a
    // simulated bench adds noise to four 10,000-point channels ten times a second.
    let i = start;
    for (; i + 3 < end; i += 4) {
      const h = Math.imul(i, step);
      const n0 = g[(h ^ key) & mask]!;
      const n1 = g[((h + step) ^ key) & mask]!;
      const n2 = g[((h + 2 * step) ^ key) & mask]!;
      const n3 = g[((h + 3 * step) ^ key) & mask]!;
      out[i] = out[i]! + n0 * rmsV;
      out[i + 1] = out[i + 1]! + n1 * rmsV;
      out[i + 2] = out[i + 2]! + n2 * rmsV;
      out[i + 3] = out[i + 3]! + n3 * rmsV;
    }
    for (; i < end; i++) out[i] = out[i]! + g[(Math.imul(i, step) ^ key) & mask]! * rmsV;
    start = end;
  }
}

/**
 * Fills `out[from, to)` with uniform white noise spanning `offsetV ± amplitudeVpp / 2` (a bounded
 * peak-to-peak, unlike Gaussian noise); sample i depends only on (seed, i).
 */
export function fillUniformNoise(
  out: Float32Array,
  from: number,
  to: number,
  amplitudeVpp: number,
  offsetV: number,
  seed: number,
): void {
  const scale = amplitudeVpp / 4294967296;
  const base = offsetV - amplitudeVpp / 2;
  // A different stream from the Gaussian noise of the same seed, so the two are independent.
  const uniformSeed = mix32(seed ^ 0x5bd1e995);
  const step = GOLDEN;
  for (let i = from; i < to; i++)
    out[i] = base + (mix32((Math.imul(i, step) + uniformSeed) | 0) >>> 0) * scale;
}
