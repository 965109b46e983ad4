import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cachedFftSizes,
  computeSpectrum,
  dbvOf,
  displaySpectrum,
  FFT_ENGINES,
  FFT_WINDOWS,
  fftEngineFor,
  findPeak,
  PffftRealPlan,
  pffftAvailable,
  realFft,
  spectrumForDisplay,
  windowCoefficients,
} from '../../../shared/dsp/fft/index.js';
import { PFFFT_SIMD_WASM_BASE64, PFFFT_WASM_VERSION } from '../../../shared/dsp/fft/pffftWasmBytes.js';

/** Deterministic uniform noise in −1 … 1 (a 32-bit LCG: the test must not depend on luck). */
function noise(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

function sine(n: number, sampleRateHz: number, frequencyHz: number, peakV: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = peakV * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz);
  return x;
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('the embedded PFFFT module', () => {
  it('is byte for byte the installed @echogarden/pffft-wasm SIMD build (rerun scripts/embedPffftWasm.mjs)', () => {
    const installed = readFileSync('node_modules/@echogarden/pffft-wasm/dist/simd/pffft.wasm');
    const { version } = JSON.parse(
      readFileSync('node_modules/@echogarden/pffft-wasm/package.json', 'utf8'),
    ) as { version: string };
    expect(PFFFT_WASM_VERSION).toBe(version);
    expect(PFFFT_SIMD_WASM_BASE64).toBe(installed.toString('base64'));
  });

  it('compiles synchronously in Node and is the engine for 32 points and more', () => {
    expect(pffftAvailable()).toBe(true);
    expect(fftEngineFor(16)).toBe('fft.js');
    expect(fftEngineFor(32)).toBe('pffft-wasm');
    expect(fftEngineFor(2 ** 20)).toBe('pffft-wasm');
  });

  it('transforms like fft.js to float32 precision, DC and Nyquist in the first pair', () => {
    for (const size of [32, 1024, 65_536]) {
      const x = noise(size, size);
      const plan = new PffftRealPlan(size);
      try {
        plan.inputView().set(x);
        const ours = plan.forward();
        const reference = new Float64Array(2 * size);
        realFft(Float64Array.from(x), reference);
        let peak = 0;
        let worst = 0;
        for (let k = 1; k < size / 2; k++) {
          peak = Math.max(peak, Math.hypot(reference[2 * k]!, reference[2 * k + 1]!));
          worst = Math.max(
            worst,
            Math.abs(ours[2 * k]! - reference[2 * k]!),
            Math.abs(ours[2 * k + 1]! - reference[2 * k + 1]!),
          );
        }
        expect(worst / peak).toBeLessThan(1e-6);
        expect(ours[0]).toBeCloseTo(reference[0]!, 3);
        expect(ours[1]).toBeCloseTo(reference[size]!, 3);
      } finally {
        plan.dispose();
      }
    }
  });

  it('refuses sizes PFFFT cannot transform with a RangeError that names the size', () => {
    expect(() => new PffftRealPlan(16)).toThrow(/multiple of 32 points; got 16/);
    expect(() => new PffftRealPlan(100)).toThrow(/got 100/);
  });

  it('keeps working when a later, larger plan grows wasm memory under an earlier one', () => {
    const small = new PffftRealPlan(64);
    const large = new PffftRealPlan(2 ** 21);
    try {
      const x = noise(64, 7);
      small.inputView().set(x);
      const out = small.forward();
      const reference = new Float64Array(128);
      realFft(Float64Array.from(x), reference);
      expect(out[2]).toBeCloseTo(reference[2]!, 4);
      expect(out[3]).toBeCloseTo(reference[3]!, 4);
    } finally {
      large.dispose();
      small.dispose();
    }
  });
});

describe('computeSpectrum with either engine', () => {
  it.each(FFT_WINDOWS)('agrees between pffft-wasm and fft.js within 1e-6 of the peak (%s, noise)', (w) => {
    for (const n of [1000, 4096, 100_000]) {
      const x = noise(n, n + 1);
      const wasm = computeSpectrum(x, 1e6, w, { engine: 'pffft-wasm' });
      const js = computeSpectrum(x, 1e6, w, { engine: 'fft.js' });
      expect(wasm.fftSize).toBe(js.fftSize);
      const peak = Math.max(...js.rmsV);
      expect(maxAbsDifference(wasm.rmsV, js.rmsV) / peak).toBeLessThan(1e-6);
      expect(wasm.rmsV[0]).toBeCloseTo(js.rmsV[0]!, 6);
      expect(wasm.rmsV[wasm.rmsV.length - 1]).toBeCloseTo(js.rmsV[js.rmsV.length - 1]!, 6);
    }
  });

  it.each(FFT_ENGINES)('reads a 1 V-peak sine as −3.01 dBV in every window with %s', (engine) => {
    for (const w of FFT_WINDOWS) {
      const spectrum = computeSpectrum(sine(4096, 4096, 100, 1), 4096, w, { engine });
      expect(dbvOf(spectrum.rmsV[100]!)).toBeCloseTo(-3.0103, 3);
    }
  });

  it('finds the same interpolated peak on a 1M-point record with both engines', () => {
    const x = sine(1_000_000, 1e8, 1_234_567.8, 1);
    const wasm = findPeak(computeSpectrum(x, 1e8, 'blackman_harris', { engine: 'pffft-wasm' }))!;
    const js = findPeak(computeSpectrum(x, 1e8, 'blackman_harris', { engine: 'fft.js' }))!;
    expect(wasm.bin).toBe(js.bin);
    expect(Math.abs(wasm.frequencyHz - js.frequencyHz)).toBeLessThan(1e-3 * (1e8 / 2 ** 20));
    expect(wasm.dbv).toBeCloseTo(js.dbv, 4);
  });

  it('hands each caller an array of its own: a later spectrum does not change an earlier one', () => {
    for (const engine of FFT_ENGINES) {
      const first = computeSpectrum(sine(4096, 4096, 100, 1), 4096, 'hann', { engine });
      const kept = first.rmsV.slice();
      const second = computeSpectrum(sine(4096, 4096, 300, 2), 4096, 'hann', { engine });
      expect(second.rmsV).not.toBe(first.rmsV);
      expect(first.rmsV).toEqual(kept);
    }
  });

  it('fills an array the caller passes (into) with the same levels, and returns it as rmsV', () => {
    for (const engine of FFT_ENGINES) {
      const x = noise(3000, 3);
      const fresh = computeSpectrum(x, 1e3, 'flat_top', { engine });
      const mine = new Float64Array(2049).fill(Number.NaN);
      const reused = computeSpectrum(x, 1e3, 'flat_top', { engine, into: mine });
      expect(reused.rmsV).toBe(mine);
      expect(mine).toEqual(fresh.rmsV);
      expect(reused.fftSize).toBe(fresh.fftSize);
    }
  });

  it('refuses an into array of the wrong length, naming both lengths, and writes nothing to it', () => {
    const wrong = new Float64Array(2048).fill(7);
    expect(() => computeSpectrum(noise(3000, 3), 1e3, 'hann', { into: wrong })).toThrow(
      /3000-point record has 2049 bins \(FFT size 4096\); the array given for them has 2048/,
    );
    expect(wrong.every((v) => v === 7)).toBe(true);
  });

  it('holds transform buffers for two sizes at most, per engine', () => {
    for (const engine of FFT_ENGINES) {
      for (const n of [64, 128, 256, 512, 64]) computeSpectrum(noise(n, n), 1, 'hann', { engine });
    }
    const sizes = cachedFftSizes();
    expect(sizes['pffft-wasm']).toEqual([512, 64]);
    expect(sizes['fft.js']).toEqual([512, 64]);
  });

  it('keeps the window per (kind, N) and forgets the oldest beyond eight', () => {
    const hann = windowCoefficients('hann', 1000);
    expect(windowCoefficients('hann', 1000)).toBe(hann);
    for (let n = 1001; n <= 1008; n++) windowCoefficients('hann', n);
    const again = windowCoefficients('hann', 1000);
    expect(again).not.toBe(hann);
    expect(again).toEqual(hann);
  });
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to fft.js and says why', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fft = await import('../../../shared/dsp/fft/index.js');
    expect(fft.pffftAvailable()).toBe(false);
    expect(fft.pffftFailure()?.message).toMatch(/no WebAssembly/);
    expect(fft.fftEngineFor(2 ** 20)).toBe('fft.js');
    const spectrum = fft.computeSpectrum(sine(4096, 4096, 100, 1), 4096, 'hann');
    expect(spectrum.rmsV[100]).toBeCloseTo(Math.SQRT1_2, 5);
  });
});

describe('spectrumForDisplay', () => {
  it('gives what computeSpectrum + displaySpectrum + findPeak give, on both axes', () => {
    const x = noise(50_000, 11);
    for (let i = 0; i < x.length; i++) x[i]! += Math.sin((2 * Math.PI * 1234.5 * i) / 1e5);
    for (const log of [false, true]) {
      const one = spectrumForDisplay(x, 1e5, 'blackman_harris', 800, log);
      const full = computeSpectrum(x, 1e5, 'blackman_harris');
      const shown = displaySpectrum(full, 800, log);
      expect(one.shown.frequencyHz).toEqual(shown.frequencyHz);
      expect(one.shown.rmsV).toEqual(shown.rmsV);
      expect(one.peak).toEqual(findPeak(full));
      expect(one.spectrum).toEqual({
        binHz: full.binHz,
        fftSize: 65_536,
        recordLength: 50_000,
        window: 'blackman_harris',
      });
      expect('rmsV' in one.spectrum).toBe(false);
    }
  });

  it('leaves an earlier result as it was when the next update reuses its working array', () => {
    const first = spectrumForDisplay(sine(4096, 4096, 100, 1), 4096, 'hann', 100, false);
    const kept = { f: first.shown.frequencyHz.slice(), v: first.shown.rmsV.slice(), peak: first.peak };
    const second = spectrumForDisplay(sine(4096, 4096, 700, 2), 4096, 'hann', 100, false);
    expect(second.peak!.frequencyHz).toBeCloseTo(700, 1);
    expect(first.shown.frequencyHz).toEqual(kept.f);
    expect(first.shown.rmsV).toEqual(kept.v);
    expect(first.peak).toEqual(kept.peak);
  });

  it('refuses what computeSpectrum refuses, with its messages', () => {
    expect(() => spectrumForDisplay(new Float32Array(3), 1, 'hann', 100, false)).toThrow(
      /at least 4 samples/,
    );
    expect(() => spectrumForDisplay(new Float32Array(8), Number.NaN, 'hann', 100, false)).toThrow(
      /positive number of Hz/,
    );
  });
});
