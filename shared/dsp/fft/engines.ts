/**
 * The two transforms behind computeSpectrum, each fused with the passes around it: window × samples
 * (NaN → 0) straight into the transform's input, and |X[k]| × scale straight into the caller's V rms
 * array (nothing here keeps it). Only the transform's own input and output buffers are reused from call
 * to call, and those never leave this file.
 *
 * - 'pffft-wasm': PFFFT, wasm SIMD, float32 (about 10× fft.js at 2^20; see docs/BENCHMARKS.md, FFT).
 * - 'fft.js': fft.js's radix-4 real transform, float64: sizes below PFFFT's 32 points, and wherever the
 *   wasm module cannot be compiled.
 */
import { PFFFT_MIN_SIZE, PffftRealPlan, pffftAvailable } from './pffft.js';
import { realFft } from './realFft.js';

export const FFT_ENGINES = ['pffft-wasm', 'fft.js'] as const;
export type FftEngine = (typeof FFT_ENGINES)[number];

/** The engine computeSpectrum uses for a transform of `size` points (a power of two) here. */
export function fftEngineFor(size: number): FftEngine {
  return size >= PFFFT_MIN_SIZE && pffftAvailable() ? 'pffft-wasm' : 'fft.js';
}

/** Kept per size: a display asks for the same size many times a second. Two sizes at once at most. */
const MAX_SIZES = 2;
const plans = new Map<number, PffftRealPlan>();
const fftJsScratch = new Map<number, { input: Float64Array; output: Float64Array }>();

function remember<T>(cache: Map<number, T>, size: number, make: () => T, drop?: (value: T) => void): T {
  let value = cache.get(size);
  if (value === undefined) {
    if (cache.size >= MAX_SIZES) {
      const [oldest, old] = cache.entries().next().value!;
      cache.delete(oldest);
      drop?.(old);
    }
    value = make();
    cache.set(size, value);
  }
  return value;
}

/** Sizes with buffers held now, per engine (tests check the caches stay bounded). */
export function cachedFftSizes(): Record<FftEngine, number[]> {
  return { 'pffft-wasm': [...plans.keys()], 'fft.js': [...fftJsScratch.keys()] };
}

/**
 * rmsV[k] = |X[k]| · scale for k = 0 … size/2, where X is the transform of samples · w zero-padded to
 * size = 2 · (rmsV.length − 1); DC and Nyquist (one-sided bins of their own) get scale / √2.
 */
export function windowedMagnitudes(
  engine: FftEngine,
  samples: Float32Array | Float64Array,
  w: Float64Array,
  scale: number,
  rmsV: Float64Array,
): void {
  if (engine === 'pffft-wasm') pffftMagnitudes(samples, w, scale, rmsV);
  else fftJsMagnitudes(samples, w, scale, rmsV);
}

function pffftMagnitudes(
  samples: Float32Array | Float64Array,
  w: Float64Array,
  scale: number,
  rmsV: Float64Array,
): void {
  const size = 2 * (rmsV.length - 1);
  const plan = remember(
    plans,
    size,
    () => new PffftRealPlan(size),
    (p) => p.dispose(),
  );
  const n = samples.length;
  const input = plan.inputView();
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    input[i] = x === x ? x * w[i]! : 0;
  }
  input.fill(0, n);
  const out = plan.forward();
  const half = size / 2;
  for (let k = 1; k < half; k++) {
    const re = out[2 * k]!;
    const im = out[2 * k + 1]!;
    rmsV[k] = Math.sqrt(re * re + im * im) * scale;
  }
  rmsV[0] = (Math.abs(out[0]!) * scale) / Math.SQRT2;
  rmsV[half] = (Math.abs(out[1]!) * scale) / Math.SQRT2;
}

function fftJsMagnitudes(
  samples: Float32Array | Float64Array,
  w: Float64Array,
  scale: number,
  rmsV: Float64Array,
): void {
  const size = 2 * (rmsV.length - 1);
  const { input, output } = remember(fftJsScratch, size, () => ({
    input: new Float64Array(size),
    output: new Float64Array(2 * size),
  }));
  const n = samples.length;
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    input[i] = x === x ? x * w[i]! : 0;
  }
  input.fill(0, n);
  realFft(input, output);
  const half = size / 2;
  for (let k = 0; k <= half; k++) {
    const re = output[2 * k]!;
    const im = output[2 * k + 1]!;
    rmsV[k] = Math.sqrt(re * re + im * im) * scale;
  }
  rmsV[0] = rmsV[0]! / Math.SQRT2;
  rmsV[half] = rmsV[half]! / Math.SQRT2;
}
