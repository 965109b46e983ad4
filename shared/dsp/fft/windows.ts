/**
 * FFT windows as sums of cosines, w[i] = Σ_k (−1)^k a_k cos(2πki/N), in their periodic (DFT-even) form:
 * the form whose coherent gain is exactly a_0 and whose spectrum of an on-bin sine has the window's
 * nominal shape. Coefficients: Hann (a0 = a1 = 0.5); Blackman-Harris 4-term, 92 dB (Harris 1978, table 1);
 * flat-top as MATLAB's `flattopwin` / SR785 (5 terms, scalloping loss below 0.01 dB), so a sine between
 * two bins still reads its amplitude.
 */
export const FFT_WINDOWS = ['rectangular', 'hann', 'blackman_harris', 'flat_top'] as const;
export type FftWindow = (typeof FFT_WINDOWS)[number];

const COEFFICIENTS: Record<FftWindow, readonly number[]> = {
  rectangular: [1],
  hann: [0.5, 0.5],
  blackman_harris: [0.35875, 0.48829, 0.14128, 0.01168],
  flat_top: [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368],
};

/** People's names for the windows, for menus and captions. */
export const FFT_WINDOW_LABELS: Record<FftWindow, string> = {
  rectangular: 'Rectangular',
  hann: 'Hann',
  blackman_harris: 'Blackman-Harris',
  flat_top: 'Flat-top',
};

const cache = new Map<string, Float64Array>();

/**
 * The window's N coefficients, cached per (kind, N) (a 1M-point window costs more than the transform's
 * twiddles to build; a display asks for the same one many times a second).
 */
export function windowCoefficients(kind: FftWindow, n: number): Float64Array {
  const key = `${kind}/${n}`;
  let w = cache.get(key);
  if (w) return w;
  const a = COEFFICIENTS[kind];
  w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = a[0]!;
    const phase = (2 * Math.PI * i) / n;
    for (let k = 1; k < a.length; k++) v += (k % 2 === 1 ? -1 : 1) * a[k]! * Math.cos(k * phase);
    w[i] = v;
  }
  // A handful of sizes in use at once (record lengths × windows); drop the oldest beyond that.
  if (cache.size >= 8) cache.delete(cache.keys().next().value!);
  cache.set(key, w);
  return w;
}

const sums = new WeakMap<Float64Array, number>();

/**
 * Σ w[i]: the window's coherent gain times N, by which a sine's bin is divided to read its amplitude.
 * Remembered per array (a 1M-point sum costs a millisecond; cached windows come back every frame).
 */
export function windowSum(w: Float64Array): number {
  let sum = sums.get(w);
  if (sum !== undefined) return sum;
  sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]!;
  sums.set(w, sum);
  return sum;
}
