/**
 * The FFT benchmark's baselines, kept verbatim so each run measures them beside the current code:
 * the spectrum path as it was before PFFFT (fft.js real transform, window sum summed per call) with the
 * display reduction that computed every bin's bucket, and a plain radix-2 complex FFT written in JS.
 */
import {
  type DisplaySpectrum,
  type FftWindow,
  nextPowerOfTwo,
  realFft,
  type Spectrum,
  windowCoefficients,
} from '../../shared/dsp/fft/index.js';

const scratch = new Map<number, { input: Float64Array; output: Float64Array }>();

/** computeSpectrum before this change (fft.js, float64). */
export function spectrumBefore(samples: Float32Array, sampleRateHz: number, window: FftWindow): Spectrum {
  const n = samples.length;
  const size = nextPowerOfTwo(n);
  const w = windowCoefficients(window, n);
  let s = scratch.get(size);
  if (!s) {
    s = { input: new Float64Array(size), output: new Float64Array(2 * size) };
    scratch.set(size, s);
  }
  const { input, output } = s;
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    input[i] = x === x ? x * w[i]! : 0;
  }
  input.fill(0, n);
  realFft(input, output);
  const half = size / 2;
  const rmsV = new Float64Array(half + 1);
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]!;
  const scale = Math.SQRT2 / sum;
  for (let k = 0; k <= half; k++) {
    const re = output[2 * k]!;
    const im = output[2 * k + 1]!;
    rmsV[k] = Math.sqrt(re * re + im * im) * scale;
  }
  rmsV[0] = rmsV[0]! / Math.SQRT2;
  rmsV[half] = rmsV[half]! / Math.SQRT2;
  return { binHz: sampleRateHz / size, fftSize: size, recordLength: n, window, rmsV };
}

/** displaySpectrum before this change: the bucket of every bin computed (a logarithm on a log axis). */
export function displayBefore(spectrum: Spectrum, widthPx: number, logFrequency: boolean): DisplaySpectrum {
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
  const bestBin = new Int32Array(buckets).fill(-1);
  const logSpan = Math.log(last / first);
  for (let k = first; k <= last; k++) {
    const b = logFrequency
      ? Math.min(buckets - 1, Math.floor((buckets * Math.log(k / first)) / logSpan))
      : Math.min(buckets - 1, Math.floor(((k - first) * buckets) / bins));
    const best = bestBin[b]!;
    if (best < 0 || rmsV[k]! > rmsV[best]!) bestBin[b] = k;
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

/** Plain iterative radix-2 decimation-in-time FFT, in place on interleaved (re, im). */
export function radix2(data: Float64Array): void {
  const n = data.length / 2;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = data[2 * i]!;
      data[2 * i] = data[2 * j]!;
      data[2 * j] = t;
      t = data[2 * i + 1]!;
      data[2 * i + 1] = data[2 * j + 1]!;
      data[2 * j + 1] = t;
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = 2 * (start + k);
        const b = 2 * (start + k + half);
        const xr = data[b]! * wr - data[b + 1]! * wi;
        const xi = data[b]! * wi + data[b + 1]! * wr;
        data[b] = data[a]! - xr;
        data[b + 1] = data[a + 1]! - xi;
        data[a] = data[a]! + xr;
        data[a + 1] = data[a + 1]! + xi;
      }
    }
  }
}
