/**
 * Automatic measurements of one channel of one record, computed from its samples only (never from the
 * configured signal), so they are what a real scope would report — including when they disagree with
 * the settings (clipping, noise, too few periods on screen).
 *
 * Amplitude figures come from one pass over the record. Timing figures come from edges: crossings of the
 * mid level (halfway between min and max) confirmed by hysteresis — an edge counts only once the signal
 * has gone from below mid − 10 % of Vpp to above mid + 10 % (or back) — so noise around the mid level
 * cannot produce false edges. Edges that come at irregular intervals (noise, not a periodic signal) give
 * no timing figures at all rather than wrong ones.
 *
 * Two passes over the samples: the levels (waveformLevels.ts), then the edge scan (edgeScan.ts), which
 * reads only the blocks of samples near its thresholds.
 */
import { scanEdges } from './edgeScan.js';
import { levelsOf } from './waveformLevels.js';

/** Measurements of one channel; a timing field is absent when the record cannot support it. */
export interface WaveformMeasurements {
  vppV: number;
  vmaxV: number;
  vminV: number;
  /** Mean over the whole record, V. */
  vavgV: number;
  /** True RMS over the whole record (DC included), V. */
  vrmsV: number;
  /** Needs one full period: two rising or two falling edges, as on a bench scope. */
  frequencyHz?: number;
  periodS?: number;
  /** High time over period, %, averaged over every complete cycle (needs one, from either edge). */
  dutyPercent?: number;
  /** 10 % → 90 % of (max − min), averaged over every rising edge with both levels in the record. */
  riseTimeS?: number;
  /** 90 % → 10 %, averaged over every such falling edge. */
  fallTimeS?: number;
}

/**
 * One channel's measurements with the wire's field names (ScopeChannelMeasurements in
 * shared/protocol/scope.ts: vpp, vmax, vmin, vavg, vrms, frequency, period, duty, rise_time, fall_time);
 * figures the record cannot support are left out. Undefined for a record with no (non-NaN) sample.
 */
export function measureChannel(
  samples: Float32Array,
  sampleRateHz: number,
): Record<string, number> | undefined {
  const m = measureWaveform(samples, sampleRateHz);
  if (m === undefined) return undefined;
  const wire: Record<string, number> = {
    vpp: m.vppV,
    vmax: m.vmaxV,
    vmin: m.vminV,
    vavg: m.vavgV,
    vrms: m.vrmsV,
  };
  const timing: [string, number | undefined][] = [
    ['frequency', m.frequencyHz],
    ['period', m.periodS],
    ['duty', m.dutyPercent],
    ['rise_time', m.riseTimeS],
    ['fall_time', m.fallTimeS],
  ];
  for (const [key, value] of timing) if (value !== undefined) wire[key] = value;
  return wire;
}

/** Largest deviation of one period from the mean period for the edges to count as periodic. */
const PERIOD_TOLERANCE = 0.2;

/** Measures `samples` taken at `sampleRateHz`. Returns undefined for a record with no (non-NaN) sample. */
export function measureWaveform(
  samples: Float32Array,
  sampleRateHz: number,
): WaveformMeasurements | undefined {
  const n = samples.length;
  const { min, max, sum, sumSq, valid, blocks } = levelsOf(samples);
  if (valid === 0) return undefined;
  const result: WaveformMeasurements = {
    vppV: max - min,
    vmaxV: max,
    vminV: min,
    vavgV: sum / valid,
    vrmsV: Math.sqrt(sumSq / valid),
  };
  const vpp = max - min;
  if (!(vpp > 0) || !Number.isFinite(vpp) || !(sampleRateHz > 0) || valid < n) return result;
  // Present whenever valid === n (a record without NaN); the check is for the compiler.
  if (blocks === undefined) return result;

  const edges = scanEdges(samples, min, vpp, blocks);
  if (edges.overflow || !isRegular(edges.rising) || !isRegular(edges.falling)) return result;
  const dtS = 1 / sampleRateHz;
  const periodSamples = meanPeriodSamples(edges.rising, edges.falling);
  if (periodSamples !== undefined) {
    result.periodS = periodSamples * dtS;
    result.frequencyHz = 1 / result.periodS;
  }
  const duty = dutyFraction(edges.rising, edges.falling);
  if (duty !== undefined) result.dutyPercent = 100 * duty;
  if (edges.rises > 0) result.riseTimeS = (edges.riseSamples / edges.rises) * dtS;
  if (edges.falls > 0) result.fallTimeS = (edges.fallSamples / edges.falls) * dtS;
  return result;
}

/**
 * The mean period, samples, over every full period between like edges, rising and falling alike: one
 * full period (two like edges) is enough, as on a bench scope. Two periods on screen can hold only two
 * rising and two falling edges (a third needs the record to start exactly on one), so asking for three
 * like edges left the frequency blank exactly where a user expects it. Undefined below one full period.
 */
function meanPeriodSamples(rising: readonly number[], falling: readonly number[]): number | undefined {
  let spanSamples = 0;
  let periods = 0;
  for (const edges of [rising, falling]) {
    if (edges.length < 2) continue;
    spanSamples += edges[edges.length - 1]! - edges[0]!;
    periods += edges.length - 1;
  }
  return periods > 0 ? spanSamples / periods : undefined;
}

/** True when every interval between successive edges is within PERIOD_TOLERANCE of their mean. */
function isRegular(edges: readonly number[]): boolean {
  if (edges.length < 3) return true;
  const mean = (edges[edges.length - 1]! - edges[0]!) / (edges.length - 1);
  for (let k = 1; k < edges.length; k++) {
    if (Math.abs(edges[k]! - edges[k - 1]! - mean) > PERIOD_TOLERANCE * mean) return false;
  }
  return true;
}

/**
 * High time over total time across complete cycles rising → falling → rising; where the record holds
 * none (two periods on screen can start just after a rising edge), falling → rising → falling cycles
 * instead. Undefined without one complete cycle either way.
 */
function dutyFraction(rising: readonly number[], falling: readonly number[]): number | undefined {
  const high = cycleFraction(rising, falling);
  if (high !== undefined) return high;
  const low = cycleFraction(falling, rising);
  return low === undefined ? undefined : 1 - low;
}

/** The share of each cycle from an `opening` edge to the next `closing` edge, over complete cycles. */
function cycleFraction(opening: readonly number[], closing: readonly number[]): number | undefined {
  let partSamples = 0;
  let totalSamples = 0;
  let f = 0;
  for (let k = 0; k + 1 < opening.length; k++) {
    const start = opening[k]!;
    const end = opening[k + 1]!;
    while (f < closing.length && closing[f]! <= start) f++;
    if (f >= closing.length || closing[f]! >= end) continue;
    partSamples += closing[f]! - start;
    totalSamples += end - start;
  }
  return totalSamples > 0 ? partSamples / totalSamples : undefined;
}
