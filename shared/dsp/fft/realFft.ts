/**
 * The one place fft.js (radix-4, no dependencies; its bundled types are `any`) is called, behind a typed
 * function: a real-input transform of a power-of-two length into interleaved (re, im) pairs. Instances
 * hold their twiddle table, so they are kept per size.
 */
import FFT from 'fft.js';

interface RealTransformer {
  readonly size: number;
  realTransform(out: Float64Array, data: Float64Array): void;
  completeSpectrum(spectrum: Float64Array): void;
  transform(out: Float64Array, data: Float64Array): void;
}

const transformers = new Map<number, RealTransformer>();

function transformerOf(size: number): RealTransformer {
  let t = transformers.get(size);
  if (!t) {
    t = new FFT(size) as RealTransformer;
    if (transformers.size >= 4) transformers.delete(transformers.keys().next().value!);
    transformers.set(size, t);
  }
  return t;
}

/** Smallest power of two ≥ n (n ≥ 2). */
export function nextPowerOfTwo(n: number): number {
  let size = 2;
  while (size < n) size *= 2;
  return size;
}

/**
 * Transforms `input` (length a power of two ≥ 4) into `out` (2 × length): bins 0..length/2 are filled
 * as (re, im) pairs; the upper half, the mirror image for real input, is left as it is.
 */
export function realFft(input: Float64Array, out: Float64Array): void {
  transformerOf(input.length).realTransform(out, input);
}

/** The complex transform of interleaved (re, im) `input` (benchmarks compare it with the real one). */
export function complexFft(input: Float64Array, out: Float64Array): void {
  transformerOf(input.length / 2).transform(out, input);
}
