import { describe, expect, it } from 'vitest';
import { displaySpectrum, type Spectrum } from '../../../shared/dsp/fft/index.js';

/** displaySpectrum as it was before bucket runs were found by bisection: bucketOf for every bin. */
function everyBinReference(spectrum: Spectrum, widthPx: number, logFrequency: boolean) {
  const { rmsV, binHz } = spectrum;
  const first = logFrequency ? 1 : 0;
  const last = rmsV.length - 1;
  const bins = last - first + 1;
  const buckets = Math.max(1, Math.floor(widthPx));
  if (bins <= buckets) {
    const all = Array.from({ length: bins }, (_, i) => first + i);
    return { frequencyHz: all.map((k) => k * binHz), rmsV: all.map((k) => rmsV[k]!) };
  }
  const bestBin = new Int32Array(buckets).fill(-1);
  const logSpan = Math.log(last / first);
  for (let k = first; k <= last; k++) {
    const b = logFrequency
      ? Math.min(buckets - 1, Math.floor((buckets * Math.log(k / first)) / logSpan))
      : Math.min(buckets - 1, Math.floor(((k - first) * buckets) / bins));
    const best = bestBin[b]!;
    if (best < 0 || rmsV[k]! > rmsV[best]!) bestBin[b] = k;
  }
  const kept = [...bestBin].filter((k) => k >= 0);
  return { frequencyHz: kept.map((k) => k * binHz), rmsV: kept.map((k) => rmsV[k]!) };
}

function randomSpectrum(bins: number, seed: number): Spectrum {
  const rmsV = new Float64Array(bins);
  let s = seed >>> 0;
  for (let k = 0; k < bins; k++) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    // Coarse levels, so equal neighbours test that the first highest bin of a bucket is kept.
    rmsV[k] = Math.floor((s / 2 ** 32) * 50) / 50;
  }
  return { binHz: 0.37, fftSize: 2 * (bins - 1), recordLength: 2 * (bins - 1), window: 'hann', rmsV };
}

describe('displaySpectrum finds bucket runs by bisection', () => {
  it('gives exactly what evaluating every bin gives, on linear and log axes', () => {
    for (const bins of [1_025, 4_097, 65_537, 524_289]) {
      const spectrum = randomSpectrum(bins, bins);
      for (const width of [1, 7, 500, 1000, 1333]) {
        for (const log of [false, true]) {
          const shown = displaySpectrum(spectrum, width, log);
          const expected = everyBinReference(spectrum, width, log);
          expect(Array.from(shown.frequencyHz)).toEqual(expected.frequencyHz);
          expect(Array.from(shown.rmsV)).toEqual(expected.rmsV);
        }
      }
    }
  });
});
