/**
 * measureWaveform as it was before its edge scan skipped whole blocks of samples (2026-12-07, issue 20),
 * kept verbatim: two full passes over the record (levels, then the edge scan sample by sample). The
 * measurementStats benchmark times it against the current code (ns a point, each in processes of its own:
 * lib/measureSpeedChild.ts), and test/unit/analysis/measureWaveformExact.test.ts checks the two give the
 * same figures, bit for bit. Its two passes are exported for the benchmark's per-pass timing.
 */
import type { WaveformMeasurements } from '../../shared/analysis/measureWaveform.js';

/** Hysteresis either side of the mid level, as a fraction of Vpp. */
const HYSTERESIS_FRACTION = 0.1;
/** Largest deviation of one period from the mean period for the edges to count as periodic. */
const PERIOD_TOLERANCE = 0.2;
/** Beyond this many edges the record is noise, not a waveform worth timing. */
const MAX_EDGES = 65_536;

/** Confirmed edges (fractional sample indices of their mid-level crossings) and transition times. */
export interface EdgeScan {
  rising: number[];
  falling: number[];
  /** Sum and count of 10–90 % rise times, samples. */
  riseSamples: number;
  rises: number;
  fallSamples: number;
  falls: number;
  overflow: boolean;
}

/** Measures `samples` taken at `sampleRateHz`. Returns undefined for a record with no (non-NaN) sample. */
export function measureWaveformTwoPass(
  samples: Float32Array,
  sampleRateHz: number,
): WaveformMeasurements | undefined {
  const n = samples.length;
  const { min, max, sum, sumSq, valid } = levelsOfTwoPass(samples);
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
  return withTiming(result, samples, sampleRateHz);
}

/**
 * `result` (the levels of a record with no gap and Vpp > 0) with the timing figures its edges give: the
 * second pass, the same in this version and in measureWaveformBefore's.
 */
export function withTiming(
  result: WaveformMeasurements,
  samples: Float32Array,
  sampleRateHz: number,
): WaveformMeasurements {
  const min = result.vminV;
  const vpp = result.vppV;
  const edges = scanEdgesTwoPass(samples, min, vpp);
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

/** One pass's amplitude figures; `valid` counts the samples that are not NaN. */
export interface Levels {
  min: number;
  max: number;
  sum: number;
  sumSq: number;
  valid: number;
}

/**
 * Min, max, sum and sum of squares in one pass, summed in sample order. NaN samples are gaps (a math
 * channel's A/B where B is near 0): left out of the levels, and they end any timing measurement, since an
 * edge may hide in a gap. The loop takes every sample, with no branch or count for gaps: a NaN shows as a
 * NaN sum (min and max never take one, every comparison with NaN is false), and only then is the record
 * summed again, skipping them; the figures are the same either way. With this loop, in a function of its
 * own, a 1M-point channel's whole measurement went from 2.5–2.9 to 2.1–2.3 ms (docs/BENCHMARKS.md,
 * measurementStats, "Tails").
 */
export function levelsOfTwoPass(samples: Float32Array): Levels {
  const n = samples.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  if (sum === sum) return { min, max, sum, sumSq, valid: n };
  return levelsSkippingGaps(samples);
}

/** levelsOf for a record whose sum is NaN: a NaN sample, or +Infinity and -Infinity together. */
function levelsSkippingGaps(samples: Float32Array): Levels {
  const n = samples.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSq = 0;
  let valid = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i]!;
    if (v !== v) continue;
    valid++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  return { min, max, sum, sumSq, valid };
}

/**
 * One pass over the record as a two-state machine (low / high, switched by the hysteresis thresholds).
 * While low it notes the last sample at or below 10 % (where the next rise starts), the first one after a
 * fall (where that fall ended) and the last upward crossing of mid (kept as the edge once the signal
 * leaves the band on the high side: noise wandering inside the band crosses mid several times); high is
 * the mirror image. A transition counts only when both of its levels were reached on either side.
 */
export function scanEdgesTwoPass(s: Float32Array, min: number, vpp: number): EdgeScan {
  const n = s.length;
  const mid = min + vpp / 2;
  const upper = mid + HYSTERESIS_FRACTION * vpp;
  const lower = mid - HYSTERESIS_FRACTION * vpp;
  const level10 = min + 0.1 * vpp;
  const level90 = min + 0.9 * vpp;
  const scan: EdgeScan = {
    rising: [],
    falling: [],
    riseSamples: 0,
    rises: 0,
    fallSamples: 0,
    falls: 0,
    overflow: false,
  };
  let i = 0;
  while (i < n && s[i]! >= lower && s[i]! <= upper) i++;
  if (i >= n) return scan;
  let high = s[i]! > upper;
  // Where the transition into the current state started (fractional index), NaN when unknown.
  let transitionStart = Number.NaN;
  while (i < n) {
    if (!high) {
      let last10 = -1;
      let first10 = -1;
      let up = -1;
      for (; i < n; i++) {
        const v = s[i]!;
        if (v <= level10) {
          last10 = i;
          if (first10 < 0) first10 = i;
        } else if (v >= mid) {
          if (i > 0 && s[i - 1]! < mid) up = i;
          if (v > upper) break;
        }
      }
      if (first10 > 0 && !Number.isNaN(transitionStart)) {
        scan.fallSamples +=
          first10 - 1 + (s[first10 - 1]! - level10) / (s[first10 - 1]! - s[first10]!) - transitionStart;
        scan.falls++;
      }
      if (i >= n) break;
      scan.rising.push(up - 1 + (mid - s[up - 1]!) / (s[up]! - s[up - 1]!));
      transitionStart =
        last10 >= 0 ? last10 + (level10 - s[last10]!) / (s[last10 + 1]! - s[last10]!) : Number.NaN;
      high = true;
    } else {
      let last90 = -1;
      let first90 = -1;
      let down = -1;
      for (; i < n; i++) {
        const v = s[i]!;
        if (v >= level90) {
          last90 = i;
          if (first90 < 0) first90 = i;
        } else if (v <= mid) {
          if (i > 0 && s[i - 1]! > mid) down = i;
          if (v < lower) break;
        }
      }
      if (first90 > 0 && !Number.isNaN(transitionStart)) {
        scan.riseSamples +=
          first90 - 1 + (level90 - s[first90 - 1]!) / (s[first90]! - s[first90 - 1]!) - transitionStart;
        scan.rises++;
      }
      if (i >= n) break;
      scan.falling.push(down - 1 + (s[down - 1]! - mid) / (s[down - 1]! - s[down]!));
      transitionStart =
        last90 >= 0 ? last90 + (s[last90]! - level90) / (s[last90]! - s[last90 + 1]!) : Number.NaN;
      high = false;
    }
    if (scan.rising.length + scan.falling.length > MAX_EDGES) {
      scan.overflow = true;
      break;
    }
  }
  return scan;
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
