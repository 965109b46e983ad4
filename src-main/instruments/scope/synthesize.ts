/**
 * Signal synthesis for the simulated oscilloscope: fills a Float32Array with what a front end would
 * digitise, as a function of a continuous phase axis, so successive records of the same periodic signal
 * line up exactly when they are cut at the same phase. Pure: the noise follows from a seed the caller
 * passes in; no timers, no I/O.
 *
 * Speed matters (4 × 1M points per record): the sine uses rotation recurrences re-anchored on the exact
 * phase every block instead of Math.sin per sample, squares and pulses fill whole runs between edges, and
 * ramps need one floor per sample.
 */
import { addGaussianNoise, fillUniformNoise, type NoiseTable } from '../sim/noise.js';

export const SIGNAL_SHAPES = ['sine', 'square', 'triangle', 'sawtooth', 'pulse', 'noise', 'dc'] as const;
export type SignalShape = (typeof SIGNAL_SHAPES)[number];

export const COUPLINGS = ['dc', 'ac'] as const;
export type Coupling = (typeof COUPLINGS)[number];

/** One channel's input signal and front-end settings. */
export interface SignalSpec {
  shape: SignalShape;
  frequencyHz: number;
  /** Peak-to-peak amplitude, V (ignored by `dc`, whose level is the offset). */
  amplitudeVpp: number;
  offsetV: number;
  /** Fraction of the period spent high, % (pulse only; a square is always 50 %). */
  dutyPercent: number;
  /** Gaussian noise added by the source and front end, V rms. */
  noiseVrms: number;
  /** `ac` removes the signal's DC component, as an input capacitor does for signals well above its corner. */
  coupling: Coupling;
  /** ADC full scale: samples are clipped to ±fullScaleV about `adcCentreV`, V. */
  fullScaleV: number;
  /**
   * The input voltage at the middle of the ADC's range, V (default 0): minus the channel's vertical offset,
   * which is added to the signal before the ADC and so moves the window the ADC sees.
   */
  adcCentreV?: number;
}

/** Where index 0 of a buffer sits on the signal's continuous phase axis. */
export interface PhaseAxis {
  /** Signal phase at index 0, cycles (only the fraction matters). */
  phase0Cycles: number;
  sampleRateHz: number;
}

/** Samples between re-anchoring the sine recurrence on the exact phase (bounds rounding drift). */
const SINE_BLOCK = 1024;
/** Above this phase step (fewer than 32 samples a period) pulses are computed sample by sample. */
const MAX_RUN_DPH = 1 / 32;

/** The waveform's DC component before coupling, V. */
export function signalMeanV(spec: SignalSpec): number {
  if (spec.shape === 'pulse') return spec.offsetV + (spec.amplitudeVpp / 2) * (2 * dutyFraction(spec) - 1);
  return spec.offsetV;
}

function dutyFraction(spec: SignalSpec): number {
  return spec.shape === 'pulse' ? Math.min(1, Math.max(0, spec.dutyPercent / 100)) : 0.5;
}

/**
 * Fraction of the window [p − h, p + h] (phase, cycles) during which a pulse of duty `d` is high. Used only
 * for samples that straddle an edge: averaging over the sample interval places the edge between samples
 * exactly, instead of snapping it to the sample grid (which would jitter crossings by a whole sample).
 */
function highFraction(p: number, h: number, d: number): number {
  if (h >= 0.5) return d;
  const lo = p - h;
  const hi = p + h;
  let overlap = 0;
  for (let k = -1; k <= 1; k++) overlap += Math.max(0, Math.min(hi, k + d) - Math.max(lo, k));
  return overlap / (2 * h);
}

/**
 * Fills `out[from, to)`: sample i is the signal at phase `axis.phase0Cycles + i · f / fs`, plus noise,
 * AC-coupled if asked, clipped to full scale. Filling a buffer in several calls gives the same samples as
 * one call (noise depends only on `noiseSeed` and the sample index).
 */
export function synthesize(
  spec: SignalSpec,
  out: Float32Array,
  from: number,
  to: number,
  axis: PhaseAxis,
  noise: NoiseTable,
  noiseSeed: number,
): void {
  if (to <= from) return;
  const halfV = spec.amplitudeVpp / 2;
  const shiftV = spec.coupling === 'ac' ? spec.offsetV - signalMeanV(spec) : spec.offsetV;
  const dph = spec.frequencyHz / axis.sampleRateHz;
  const phase0 = axis.phase0Cycles - Math.floor(axis.phase0Cycles);
  switch (spec.shape) {
    case 'sine':
      fillSine(out, from, to, phase0, dph, halfV, shiftV);
      break;
    case 'square':
    case 'pulse':
      fillPulse(out, from, to, phase0, dph, halfV, shiftV, dutyFraction(spec));
      break;
    case 'triangle':
      for (let i = from; i < to; i++) {
        // Triangle in phase with the sine: 0 at phase 0, peak at 1/4, trough at 3/4.
        const x = phase0 + 0.25 + i * dph;
        const q = x - Math.floor(x);
        out[i] = shiftV + halfV * (1 - 4 * Math.abs(q - 0.5));
      }
      break;
    case 'sawtooth':
      for (let i = from; i < to; i++) {
        // Rising ramp through 0 at phase 0, falling back at phase 1/2.
        const x = phase0 + 0.5 + i * dph;
        out[i] = shiftV + halfV * (2 * (x - Math.floor(x)) - 1);
      }
      break;
    case 'noise':
      fillUniformNoise(out, from, to, spec.amplitudeVpp, shiftV, noiseSeed);
      break;
    case 'dc':
      out.fill(shiftV, from, to);
      break;
  }
  if (spec.noiseVrms > 0) addGaussianNoise(noise, out, from, to, spec.noiseVrms, noiseSeed);
  // Clip only when the signal can reach full scale: the common case skips a pass over the buffer.
  const centreV = spec.adcCentreV ?? 0;
  const reachV = Math.abs(shiftV - centreV) + halfV + spec.noiseVrms * noise.maxAbs;
  if (reachV > spec.fullScaleV) clip(out, from, to, centreV - spec.fullScaleV, centreV + spec.fullScaleV);
}

function fillSine(
  out: Float32Array,
  from: number,
  to: number,
  phase0: number,
  dph: number,
  a: number,
  c: number,
): void {
  // Two rotators, for even and odd samples, each stepping two samples: the chains are independent, so
  // the CPU overlaps them instead of waiting on one long dependency chain.
  const step2 = 4 * Math.PI * dph;
  const cosStep = Math.cos(step2);
  const sinStep = Math.sin(step2);
  for (let start = from; start < to; start += SINE_BLOCK) {
    const end = Math.min(to, start + SINE_BLOCK);
    const x0 = phase0 + start * dph;
    const x1 = x0 + dph;
    const theta0 = 2 * Math.PI * (x0 - Math.floor(x0));
    const theta1 = 2 * Math.PI * (x1 - Math.floor(x1));
    let s0 = Math.sin(theta0);
    let k0 = Math.cos(theta0);
    let s1 = Math.sin(theta1);
    let k1 = Math.cos(theta1);
    let i = start;
    for (; i + 1 < end; i += 2) {
      out[i] = c + a * s0;
      out[i + 1] = c + a * s1;
      const n0 = s0 * cosStep + k0 * sinStep;
      k0 = k0 * cosStep - s0 * sinStep;
      s0 = n0;
      const n1 = s1 * cosStep + k1 * sinStep;
      k1 = k1 * cosStep - s1 * sinStep;
      s1 = n1;
    }
    if (i < end) out[i] = c + a * s0;
  }
}

/**
 * Square or pulse of duty `d`. Whole runs between edges are filled at memory speed; only samples whose
 * interval [p − h, p + h] touches an edge are computed one by one (with the interval average).
 */
function fillPulse(
  out: Float32Array,
  from: number,
  to: number,
  phase0: number,
  dph: number,
  a: number,
  c: number,
  d: number,
): void {
  const hiV = c + a;
  const loV = c - a;
  const h = dph / 2;
  const edgeSample = (i: number): number => {
    const x = phase0 + i * dph;
    return loV + (hiV - loV) * highFraction(x - Math.floor(x), h, d);
  };
  if (!(dph > 0) || dph > MAX_RUN_DPH) {
    for (let i = from; i < to; i++) out[i] = edgeSample(i);
    return;
  }
  // First sample at or beyond phase `x` (cycles), within [from, to].
  const indexAt = (x: number): number => Math.min(to, Math.max(from, Math.ceil((x - phase0) / dph)));
  let i = from;
  for (let m = Math.floor(phase0 + from * dph); i < to; m++) {
    // Period m from its rising edge: edge samples, high run, edge samples, low run.
    for (const end = indexAt(m + h); i < end; i++) out[i] = edgeSample(i);
    const highEnd = indexAt(m + d - h);
    if (highEnd > i) {
      out.fill(hiV, i, highEnd);
      i = highEnd;
    }
    for (const end = indexAt(m + d + h); i < end; i++) out[i] = edgeSample(i);
    const lowEnd = indexAt(m + 1 - h);
    if (lowEnd > i) {
      out.fill(loV, i, lowEnd);
      i = lowEnd;
    }
  }
}

function clip(out: Float32Array, from: number, to: number, lowV: number, highV: number): void {
  for (let i = from; i < to; i++) {
    const v = out[i]!;
    if (v > highV) out[i] = highV;
    else if (v < lowV) out[i] = lowV;
  }
}
