/**
 * One FFT view update in one call: the spectrum of a record reduced to the chart's width, and its peak.
 * The full spectrum (2^19 levels for a 1M-point record) is only a step on the way here, so it goes into
 * an array kept per size and never handed out: a new 4 MB array per update costs more in page faults than
 * PFFFT's transform (docs/BENCHMARKS.md, FFT). Synchronous and self-contained, so a worker can run it.
 */
import { type DisplaySpectrum, displaySpectrum } from './displaySpectrum.js';
import { findPeak, type SpectrumPeak } from './peak.js';
import { nextPowerOfTwo } from './realFft.js';
import { computeSpectrum, type Spectrum } from './spectrum.js';
import type { FftWindow } from './windows.js';

export interface SpectrumForDisplay {
  /** The spectrum's size and spacing (its levels are in `shown`, reduced). */
  spectrum: Omit<Spectrum, 'rmsV'>;
  /** The levels reduced to the width asked for (displaySpectrum); new arrays the caller owns. */
  shown: DisplaySpectrum;
  /** The highest peak above the DC lobe (findPeak), interpolated. */
  peak: SpectrumPeak | undefined;
}

/** Per bin count; two sizes at most (a view's record length seldom changes). */
const levels = new Map<number, Float64Array>();

function levelsFor(bins: number): Float64Array {
  let array = levels.get(bins);
  if (!array) {
    if (levels.size >= 2) levels.delete(levels.keys().next().value!);
    array = new Float64Array(bins);
    levels.set(bins, array);
  }
  return array;
}

/**
 * computeSpectrum + displaySpectrum + findPeak on `samples` (same results, same errors), without a new
 * full-length array per call.
 */
export function spectrumForDisplay(
  samples: Float32Array | Float64Array,
  sampleRateHz: number,
  window: FftWindow,
  widthPx: number,
  logFrequency: boolean,
): SpectrumForDisplay {
  const into = samples.length >= 4 ? levelsFor(nextPowerOfTwo(samples.length) / 2 + 1) : undefined;
  const { rmsV, ...spectrum } = computeSpectrum(samples, sampleRateHz, window, { into });
  const full = { ...spectrum, rmsV };
  return { spectrum, shown: displaySpectrum(full, widthPx, logFrequency), peak: findPeak(full) };
}
