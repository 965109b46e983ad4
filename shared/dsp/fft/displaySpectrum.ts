/**
 * A spectrum reduced to what a chart about `widthPx` wide can show: the bins split into that many
 * buckets — equal in frequency, or equal in log frequency for a log axis — each keeping its highest bin
 * (level and that bin's own frequency), so no tone disappears between pixels and every point drawn sits
 * at a real bin. Empty buckets (low frequencies on a log axis, where bins are sparser than pixels) are
 * left out. DC is dropped on a log axis (log 0).
 */
import type { Spectrum } from './spectrum.js';

export interface DisplaySpectrum {
  /** Ascending frequencies, Hz. */
  frequencyHz: Float64Array;
  /** Level at each frequency, V rms. */
  rmsV: Float64Array;
}

export function displaySpectrum(spectrum: Spectrum, widthPx: number, logFrequency: boolean): DisplaySpectrum {
  const { rmsV, binHz } = spectrum;
  const first = logFrequency ? 1 : 0;
  const last = rmsV.length - 1;
  const bins = last - first + 1;
  const buckets = Math.max(1, Math.floor(widthPx));
  if (bins <= buckets) {
    const frequencyHz = new Float64Array(bins);
    for (let i = 0; i < bins; i++) frequencyHz[i] = (first + i) * binHz;
    return { frequencyHz, rmsV: rmsV.slice(first, last + 1) };
  }
  const logSpan = Math.log(last / first);
  const bucketOf = logFrequency
    ? (k: number) => Math.min(buckets - 1, Math.floor((buckets * Math.log(k / first)) / logSpan))
    : (k: number) => Math.min(buckets - 1, Math.floor(((k - first) * buckets) / bins));
  // bucketOf never decreases with k, so each bucket is a run of bins: find where each run starts by
  // bisection (~20 evaluations a bucket) instead of evaluating it, a logarithm on a log axis, for every
  // one of the 2^19 bins of a 1M-point record; then each run is a plain scan for its highest bin.
  const bestBin = new Int32Array(buckets).fill(-1);
  let start = first;
  for (let b = 0; b < buckets; b++) {
    let end = last + 1;
    for (let lo = start; lo < end;) {
      const mid = (lo + end) >>> 1;
      if (bucketOf(mid) > b) end = mid;
      else lo = mid + 1;
    }
    if (end > start) {
      let best = start;
      for (let k = start + 1; k < end; k++) if (rmsV[k]! > rmsV[best]!) best = k;
      bestBin[b] = best;
    }
    start = end;
  }
  let count = 0;
  for (let b = 0; b < buckets; b++) if (bestBin[b]! >= 0) count++;
  const frequencyHz = new Float64Array(count);
  const levels = new Float64Array(count);
  let i = 0;
  for (let b = 0; b < buckets; b++) {
    const k = bestBin[b]!;
    if (k < 0) continue;
    frequencyHz[i] = k * binHz;
    levels[i++] = rmsV[k]!;
  }
  return { frequencyHz, rmsV: levels };
}
