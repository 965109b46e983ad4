/**
 * Amplitude spectrum of one channel's record: windowed, zero-padded to the next power of two, transformed
 * with a real FFT (engines.ts: PFFFT in wasm, or fft.js), and scaled so that a sine reads its own
 * amplitude at its bin, in every window: V rms = √2 · |X[k]| / Σw (the window's coherent gain and the one-sided spectrum's factor 2 taken
 * out; DC and the Nyquist bin are not doubled, so they read V directly). dBV is 20·log10(V rms / 1 V).
 * A NaN sample (a math channel's gap, A/B near B = 0) counts as 0: one bad point must not blank the whole
 * spectrum.
 */
import { type FftEngine, fftEngineFor, windowedMagnitudes } from './engines.js';
import { nextPowerOfTwo } from './realFft.js';
import { type FftWindow, windowCoefficients, windowSum } from './windows.js';

export interface Spectrum {
  /** Frequency step between bins, Hz (sample rate / FFT size). */
  binHz: number;
  /** Transform length: the record's length rounded up to a power of two (the rest zero-padded). */
  fftSize: number;
  /** Points of the record that went in. */
  recordLength: number;
  window: FftWindow;
  /** Per bin 0..fftSize/2: the rms amplitude of a sine at that frequency, V rms. */
  rmsV: Float64Array;
}

/** Lowest level reported, dBV (an all-zero bin would otherwise be −Infinity). */
export const DBV_FLOOR = -300;

/** A level in V rms as dBV (re 1 V rms), floored at DBV_FLOOR. */
export function dbvOf(rmsV: number): number {
  return rmsV > 0 ? Math.max(DBV_FLOOR, 20 * Math.log10(rmsV)) : DBV_FLOOR;
}

export interface SpectrumOptions {
  /** Which transform; default the fastest available for the size (fftEngineFor). Tests compare both. */
  engine?: FftEngine;
  /**
   * An array of fftSize / 2 + 1 values the caller owns and has finished with, to be overwritten and
   * returned as the result's `rmsV`. Without it `rmsV` is a new array: at 1M points that is 4 MB of
   * fresh memory, whose page faults cost more than the transform (docs/BENCHMARKS.md, FFT). A caller
   * that uses each spectrum before asking for the next (one view's updates) can pass the last one's.
   */
  into?: Float64Array;
}

/**
 * The spectrum of `samples` taken at `sampleRateHz`. Its `rmsV` belongs to the caller: a new array, or
 * `options.into`; nothing here keeps a reference to it.
 * @throws RangeError for fewer than 4 samples, a sample rate that is not a positive finite number, or an
 *   `into` array of the wrong length.
 */
export function computeSpectrum(
  samples: Float32Array | Float64Array,
  sampleRateHz: number,
  window: FftWindow,
  options: SpectrumOptions = {},
): Spectrum {
  const n = samples.length;
  if (n < 4) throw new RangeError(`an FFT needs at least 4 samples; the record has ${n}`);
  if (!(sampleRateHz > 0) || !Number.isFinite(sampleRateHz)) {
    throw new RangeError(`sample rate must be a positive number of Hz; got ${sampleRateHz}`);
  }
  const size = nextPowerOfTwo(n);
  const bins = size / 2 + 1;
  const { into } = options;
  if (into !== undefined && into.length !== bins) {
    throw new RangeError(
      `a ${n}-point record has ${bins} bins (FFT size ${size}); the array given for them has ${into.length}`,
    );
  }
  const w = windowCoefficients(window, n);
  const scale = Math.SQRT2 / windowSum(w);
  const rmsV = into ?? new Float64Array(bins);
  windowedMagnitudes(options.engine ?? fftEngineFor(size), samples, w, scale, rmsV);
  return { binHz: sampleRateHz / size, fftSize: size, recordLength: n, window, rmsV };
}
