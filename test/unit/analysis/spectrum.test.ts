import { describe, expect, it } from 'vitest';
import {
  computeSpectrum,
  dbvOf,
  displaySpectrum,
  FFT_WINDOWS,
  findPeak,
  parabolicOffsetBins,
} from '../../../shared/dsp/fft/index.js';

function sine(n: number, sampleRateHz: number, frequencyHz: number, peakV: number, dcV = 0): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = dcV + peakV * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz);
  return x;
}

describe('computeSpectrum amplitude correction', () => {
  // 4096 points at 4096 Hz: 1 Hz bins, so 100 Hz sits exactly on bin 100.
  it.each(FFT_WINDOWS)('reads a 1 V-peak on-bin sine as −3.01 dBV (0.707 V rms) with the %s window', (w) => {
    const spectrum = computeSpectrum(sine(4096, 4096, 100, 1), 4096, w);
    expect(spectrum.binHz).toBe(1);
    expect(spectrum.rmsV[100]).toBeCloseTo(Math.SQRT1_2, 5);
    expect(dbvOf(spectrum.rmsV[100]!)).toBeCloseTo(-3.0103, 3);
  });

  it('reads a sine between two bins within 0.01 dB with the flat-top window', () => {
    for (const offset of [0.1, 0.25, 0.5, 0.75]) {
      const spectrum = computeSpectrum(sine(4096, 4096, 100 + offset, 1), 4096, 'flat_top');
      const peak = findPeak(spectrum)!;
      expect(Math.abs(peak.dbv - -3.0103)).toBeLessThan(0.01);
    }
  });

  it('does not double DC: a 0.5 V offset reads 0.5 V at bin 0', () => {
    const spectrum = computeSpectrum(sine(4096, 4096, 100, 1, 0.5), 4096, 'hann');
    expect(spectrum.rmsV[0]).toBeCloseTo(0.5, 5);
  });

  it('zero-pads a record that is not a power of two and keeps the amplitude', () => {
    const spectrum = computeSpectrum(sine(10_000, 10_000, 1_000, 1), 10_000, 'flat_top');
    expect(spectrum.fftSize).toBe(16_384);
    expect(spectrum.binHz).toBeCloseTo(10_000 / 16_384, 12);
    expect(Math.abs(findPeak(spectrum)!.dbv - -3.0103)).toBeLessThan(0.01);
  });

  it('treats NaN samples (a math channel gap) as zero instead of blanking the spectrum', () => {
    const x = sine(4096, 4096, 100, 1);
    x[10] = Number.NaN;
    const spectrum = computeSpectrum(x, 4096, 'hann');
    expect(spectrum.rmsV.every((v) => Number.isFinite(v))).toBe(true);
    expect(spectrum.rmsV[100]).toBeCloseTo(Math.SQRT1_2, 3);
  });

  it('refuses records too short and sample rates that are not positive', () => {
    expect(() => computeSpectrum(new Float32Array(3), 1, 'hann')).toThrow(/at least 4 samples/);
    expect(() => computeSpectrum(new Float32Array(8), 0, 'hann')).toThrow(/positive number of Hz/);
  });
});

describe('peak interpolation', () => {
  it('places the vertex of a parabola through three dB levels', () => {
    expect(parabolicOffsetBins(-10, 0, -10)).toBeCloseTo(0, 12);
    // y = −(x − 0.25)²: at −1, 0, 1 → −1.5625, −0.0625, −0.5625.
    expect(parabolicOffsetBins(-1.5625, -0.0625, -0.5625)).toBeCloseTo(0.25, 12);
    expect(parabolicOffsetBins(0, 0, 0)).toBe(0);
  });

  // Worst errors over a bin in 0.05-bin steps, in bins: rectangular 0.17, Hann 0.016, Blackman-Harris
  // 0.003, flat-top 0.14 (its top is flat on purpose: it is the window for amplitude, not frequency).
  const tolerance = { rectangular: 0.2, hann: 0.02, blackman_harris: 0.005, flat_top: 0.15 } as const;
  it.each(FFT_WINDOWS)('finds a sine between bins with the %s window', (w) => {
    for (const offset of [0, 0.2, 0.4, 0.6, 0.85]) {
      const f = 250 + offset;
      const peak = findPeak(computeSpectrum(sine(4096, 4096, f, 1, 2), 4096, w))!;
      expect(Math.abs(peak.frequencyHz - f)).toBeLessThanOrEqual(tolerance[w]);
    }
  });

  it('skips the DC lobe: a large offset with a small tone still finds the tone', () => {
    const peak = findPeak(computeSpectrum(sine(4096, 4096, 40, 0.01, 5), 4096, 'blackman_harris'))!;
    expect(peak.frequencyHz).toBeCloseTo(40, 1);
  });
});

describe('displaySpectrum', () => {
  it('keeps each bucket’s highest bin at its own frequency (a tone never falls between pixels)', () => {
    const spectrum = computeSpectrum(sine(65_536, 65_536, 12_345, 1), 65_536, 'hann');
    for (const log of [false, true]) {
      const shown = displaySpectrum(spectrum, 500, log);
      expect(shown.frequencyHz.length).toBeLessThanOrEqual(500);
      const i = shown.rmsV.indexOf(Math.max(...shown.rmsV));
      expect(shown.frequencyHz[i]).toBe(12_345);
      expect(shown.rmsV[i]).toBeCloseTo(Math.SQRT1_2, 5);
      for (let j = 1; j < shown.frequencyHz.length; j++) {
        expect(shown.frequencyHz[j]).toBeGreaterThan(shown.frequencyHz[j - 1]!);
      }
    }
  });

  it('drops DC on a log axis and returns every bin when they fit', () => {
    const spectrum = computeSpectrum(sine(64, 64, 4, 1), 64, 'hann');
    expect(displaySpectrum(spectrum, 1000, false).frequencyHz.length).toBe(33);
    const log = displaySpectrum(spectrum, 1000, true);
    expect(log.frequencyHz[0]).toBe(1);
    expect(log.frequencyHz.length).toBe(32);
  });
});
