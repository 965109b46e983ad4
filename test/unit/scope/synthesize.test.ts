import { describe, expect, it } from 'vitest';
import {
  SIGNAL_SHAPES,
  synthesize,
  type SignalSpec,
} from '../../../src-main/instruments/scope/synthesize.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';

const noise = createNoiseTable(createRandom(2));
const axis = { phase0Cycles: 0.37, sampleRateHz: 1e6 };

function spec(overrides: Partial<SignalSpec> = {}): SignalSpec {
  return {
    shape: 'sine',
    frequencyHz: 1_234,
    amplitudeVpp: 2,
    offsetV: 0,
    dutyPercent: 30,
    noiseVrms: 0,
    coupling: 'dc',
    fullScaleV: 100,
    ...overrides,
  };
}

function mean(values: Float32Array): number {
  return values.reduce((a, v) => a + v, 0) / values.length;
}

describe('synthesize', () => {
  it('matches the exact waveform (the sine recurrence does not drift over a million samples)', () => {
    const out = new Float32Array(1_000_000);
    synthesize(spec(), out, 0, out.length, axis, noise, 1);
    let worst = 0;
    for (let i = 0; i < out.length; i += 997) {
      const exact = Math.sin(2 * Math.PI * (0.37 + (i * 1_234) / 1e6));
      worst = Math.max(worst, Math.abs(out[i]! - exact));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it.each(SIGNAL_SHAPES)('gives the same %s filled in pieces as in one go (noise included)', (shape) => {
    const s = spec({ shape, noiseVrms: 0.01 });
    const whole = new Float32Array(50_000);
    synthesize(s, whole, 0, whole.length, axis, noise, 99);
    const pieces = new Float32Array(50_000);
    for (const [from, to] of [
      [0, 7],
      [7, 8_192],
      [8_192, 31_000],
      [31_000, 50_000],
    ] as const) {
      synthesize(s, pieces, from, to, axis, noise, 99);
    }
    expect(pieces).toEqual(whole);
  });

  it('places pulse edges between samples by averaging over the sample interval', () => {
    // 1 kHz at 1 MHz from phase 0.37: the rising edge (phase 1) falls exactly on sample 630 and the falling
    // edge (phase 1.3) on sample 930, so those samples average to halfway; every other sample is full.
    const pulse = spec({ shape: 'pulse', frequencyHz: 1_000 });
    const out = new Float32Array(2_000);
    synthesize(pulse, out, 0, out.length, axis, noise, 1);
    expect([out[629], out[631], out[929], out[931]]).toEqual([-1, 1, 1, -1]);
    expect(out[630]).toBeCloseTo(0, 6);
    expect(out[930]).toBeCloseTo(0, 6);
    expect(mean(out)).toBeCloseTo(-0.4, 3);
    // A quarter of a sample later the edge sample is three quarters high.
    synthesize(pulse, out, 0, out.length, { ...axis, phase0Cycles: 0.37025 }, noise, 1);
    expect(out[630]).toBeCloseTo(0.5, 6);
  });

  it('adds Gaussian noise of the requested rms, deterministic per seed', () => {
    const a = new Float32Array(200_000);
    synthesize(spec({ shape: 'dc', offsetV: 0.5, noiseVrms: 0.02 }), a, 0, a.length, axis, noise, 5);
    const rms = Math.sqrt(a.reduce((sum, v) => sum + (v - 0.5) ** 2, 0) / a.length);
    expect(rms / 0.02).toBeCloseTo(1, 2);
    expect(mean(a)).toBeCloseTo(0.5, 3);
    const b = new Float32Array(200_000);
    synthesize(spec({ shape: 'dc', offsetV: 0.5, noiseVrms: 0.02 }), b, 0, b.length, axis, noise, 5);
    expect(b).toEqual(a);
    synthesize(spec({ shape: 'dc', offsetV: 0.5, noiseVrms: 0.02 }), b, 0, b.length, axis, noise, 6);
    expect(b).not.toEqual(a);
  });

  it('removes the DC component with AC coupling, and clips at full scale', () => {
    const out = new Float32Array(100_000);
    synthesize(
      spec({ shape: 'pulse', offsetV: 1, coupling: 'ac', frequencyHz: 1_000 }),
      out,
      0,
      out.length,
      axis,
      noise,
      1,
    );
    expect(mean(out)).toBeCloseTo(0, 3);
    synthesize(spec({ amplitudeVpp: 10, fullScaleV: 2.5 }), out, 0, out.length, axis, noise, 1);
    expect(Math.max(...out)).toBe(2.5);
    expect(Math.min(...out)).toBe(-2.5);
  });

  it('spans the amplitude with uniform noise and sits at the offset for dc', () => {
    const out = new Float32Array(100_000);
    synthesize(spec({ shape: 'noise', amplitudeVpp: 1, offsetV: 2 }), out, 0, out.length, axis, noise, 1);
    expect(Math.max(...out)).toBeLessThanOrEqual(2.5);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(1.5);
    expect(Math.max(...out) - Math.min(...out)).toBeGreaterThan(0.99);
    synthesize(spec({ shape: 'dc', offsetV: -0.7 }), out, 0, out.length, axis, noise, 1);
    expect(new Set(out)).toEqual(new Set([Math.fround(-0.7)]));
  });
});
