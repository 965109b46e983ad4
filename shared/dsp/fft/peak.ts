/**
 * The spectrum's highest peak, with its frequency interpolated between bins: a parabola through the
 * log magnitudes (dB) of the highest bin and its two neighbours, whose vertex lies
 * δ = ½ (a − c) / (a − 2b + c) bins from the centre bin (a, b, c the three levels). A windowed sine's main
 * lobe is close to a Gaussian, whose logarithm is exactly a parabola: the vertex lands within 0.016 bin
 * for Hann and 0.003 bin for Blackman-Harris; within 0.17 bin for rectangular and 0.14 bin for flat-top
 * (whose top is flat on purpose: it is the window for amplitude, Hann or Blackman-Harris for frequency).
 * The DC lobe (the first half-lobe of bins) is skipped, so a DC offset is never "the peak".
 */
import { dbvOf, type Spectrum } from './spectrum.js';
import type { FftWindow } from './windows.js';

/** Half the main lobe's width, bins: where the DC lobe ends and a search for a tone begins. */
export const MAIN_LOBE_HALF_WIDTH_BINS: Record<FftWindow, number> = {
  rectangular: 1,
  hann: 2,
  blackman_harris: 4,
  flat_top: 5,
};

export interface SpectrumPeak {
  /** Interpolated frequency, Hz. */
  frequencyHz: number;
  /** Index of the highest bin. */
  bin: number;
  /** Level of the highest bin, V rms. */
  rmsV: number;
  /** The same, dBV. */
  dbv: number;
}

/** Interpolated offset of a peak from its centre bin, in bins (−0.5..0.5), from three levels in dB. */
export function parabolicOffsetBins(before: number, centre: number, after: number): number {
  const denominator = before - 2 * centre + after;
  if (denominator >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (before - after)) / denominator));
}

/** The highest peak above the DC lobe; undefined when the spectrum has too few bins to hold one. */
export function findPeak(spectrum: Spectrum): SpectrumPeak | undefined {
  const { rmsV, binHz, window } = spectrum;
  const first = MAIN_LOBE_HALF_WIDTH_BINS[window];
  const last = rmsV.length - 1;
  if (first >= last) return undefined;
  let bin = first;
  for (let k = first + 1; k <= last; k++) if (rmsV[k]! > rmsV[bin]!) bin = k;
  const level = rmsV[bin]!;
  const offset =
    bin > 0 && bin < last
      ? parabolicOffsetBins(dbvOf(rmsV[bin - 1]!), dbvOf(level), dbvOf(rmsV[bin + 1]!))
      : 0;
  return { frequencyHz: (bin + offset) * binHz, bin, rmsV: level, dbv: dbvOf(level) };
}
