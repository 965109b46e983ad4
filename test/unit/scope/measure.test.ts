import { describe, expect, it } from 'vitest';
import { measureWaveform } from '../../../shared/analysis/measureWaveform.js';
import type { SignalSpec } from '../../../src-main/instruments/scope/synthesize.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';
import { synthesizedSignal } from '../../helpers/synthesizedSignal.js';

const noise = createNoiseTable(createRandom(7));

function signal(
  overrides: Partial<SignalSpec>,
  length: number,
  sampleRateHz: number,
  seed = 1,
  phase0Cycles = 0.123,
): Float32Array {
  return synthesizedSignal(noise, overrides, { length, sampleRateHz, seed, phase0Cycles });
}

describe('measureWaveform', () => {
  it('measures amplitude figures of a sine from its samples', () => {
    const m = measureWaveform(signal({ offsetV: 0.5 }, 20_000, 2e6), 2e6)!;
    expect(m.vppV).toBeCloseTo(2, 4);
    expect(m.vmaxV).toBeCloseTo(1.5, 4);
    expect(m.vminV).toBeCloseTo(-0.5, 4);
    expect(m.vavgV).toBeCloseTo(0.5, 4);
    // RMS with DC: sqrt(0.5² + (1/√2)²).
    expect(m.vrmsV).toBeCloseTo(Math.sqrt(0.25 + 0.5), 4);
    expect(m.frequencyHz! / 1_000).toBeCloseTo(1, 6);
    expect(m.periodS! * 1_000).toBeCloseTo(1, 6);
    expect(m.dutyPercent).toBeCloseTo(50, 2);
  });

  it('measures the duty cycle of a pulse train', () => {
    for (const duty of [10, 20, 75]) {
      const m = measureWaveform(
        signal({ shape: 'pulse', dutyPercent: duty, noiseVrms: 0.005 }, 50_000, 1e7),
        1e7,
      )!;
      expect(m.dutyPercent).toBeCloseTo(duty, 1);
      expect(Math.abs(m.frequencyHz! - 1_000)).toBeLessThan(0.5);
    }
  });

  it('gives a square a rise time of about a sample, and a triangle 40 % of its period', () => {
    const fs = 1e6;
    const square = measureWaveform(signal({ shape: 'square', noiseVrms: 0.001 }, 10_000, fs), fs)!;
    const triangle = measureWaveform(signal({ shape: 'triangle', noiseVrms: 0.001 }, 10_000, fs), fs)!;
    expect(square.riseTimeS!).toBeLessThan(2 / fs);
    expect(square.fallTimeS!).toBeLessThan(2 / fs);
    // 10 % → 90 % of a linear ramp lasting half a period: 0.8 · 0.5 ms.
    expect(triangle.riseTimeS! / 4e-4).toBeCloseTo(1, 2);
    expect(triangle.fallTimeS! / 4e-4).toBeCloseTo(1, 2);
    expect(square.riseTimeS!).toBeLessThan(triangle.riseTimeS! / 100);
  });

  it('measures frequency from one full period on screen, whatever the phase', () => {
    // Two periods on screen hold two rising and two falling edges unless the record starts on an edge:
    // a scope reads the frequency from them (it used to want three like edges and showed "—").
    for (const shape of ['square', 'sine'] as const) {
      for (let phase = 0.01; phase < 1; phase += 0.07) {
        const m = measureWaveform(signal({ shape, frequencyHz: 200 }, 10_000, 1e6, 1, phase), 1e6)!;
        expect(Math.abs(m.frequencyHz! - 200) / 200, `${shape} at phase ${phase}`).toBeLessThan(1e-3);
        expect(m.periodS! * 200).toBeCloseTo(1, 3);
        // Duty too, from whichever complete cycle (rising- or falling-anchored) the record holds.
        expect(m.dutyPercent, `${shape} duty at phase ${phase}`).toBeCloseTo(50, 0);
      }
    }
    // 1.5 periods: one full period between two like edges is enough.
    const m = measureWaveform(signal({ shape: 'square', frequencyHz: 150 }, 10_000, 1e6), 1e6)!;
    expect(Math.abs(m.frequencyHz! - 150) / 150).toBeLessThan(1e-3);
  });

  it('leaves frequency out with less than one full period, but keeps an edge measurement', () => {
    // 0.9 periods of a square: one rising and one falling edge, no full period between like edges.
    const m = measureWaveform(signal({ shape: 'square', frequencyHz: 90 }, 10_000, 1e6, 1, 0.3), 1e6)!;
    expect(m.vppV).toBeCloseTo(2, 4);
    expect(m.frequencyHz).toBeUndefined();
    expect(m.periodS).toBeUndefined();
    expect(m.riseTimeS ?? m.fallTimeS).toBeLessThan(2e-6);
  });

  it('reports no timing figures for DC, noise or a flat line', () => {
    const dc = measureWaveform(signal({ shape: 'dc', offsetV: 1.2, noiseVrms: 0.01 }, 100_000, 1e6), 1e6)!;
    expect(dc.vavgV).toBeCloseTo(1.2, 2);
    expect(dc.vrmsV).toBeCloseTo(Math.sqrt(1.2 ** 2 + 0.01 ** 2), 3);
    const noisy = measureWaveform(signal({ shape: 'noise', amplitudeVpp: 1 }, 100_000, 1e6), 1e6)!;
    expect(noisy.vppV).toBeGreaterThan(0.99);
    const flat = measureWaveform(new Float32Array(1_000).fill(0.25), 1e6)!;
    expect(flat).toEqual({ vppV: 0, vmaxV: 0.25, vminV: 0.25, vavgV: 0.25, vrmsV: 0.25 });
    for (const m of [dc, noisy]) {
      for (const key of ['frequencyHz', 'periodS', 'dutyPercent', 'riseTimeS', 'fallTimeS'] as const) {
        expect(m[key], key).toBeUndefined();
      }
    }
    expect(measureWaveform(new Float32Array(0), 1e6)).toBeUndefined();
  });

  it('is not fooled by noise on slow edges (hysteresis)', () => {
    // A slow sine with noise crossing the mid level many times per edge: still one edge per period.
    const m = measureWaveform(signal({ frequencyHz: 100, noiseVrms: 0.05 }, 100_000, 1e6), 1e6)!;
    expect(Math.abs(m.frequencyHz! - 100) / 100).toBeLessThan(2e-3);
  });
});
