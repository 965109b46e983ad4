/**
 * The timing pass of measureWaveform: confirmed edges and transition times, found by a two-state machine
 * over the samples, reading only the blocks of samples that come near one of its thresholds.
 */
import { BLOCK_SAMPLES, BLOCK_SHIFT, type BlockRanges } from './waveformLevels.js';

/** Hysteresis either side of the mid level, as a fraction of Vpp. */
const HYSTERESIS_FRACTION = 0.1;
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

/**
 * One pass over the record as a two-state machine (low / high, switched by the hysteresis thresholds).
 * While low it notes the last sample at or below 10 % (where the next rise starts), the first one after a
 * fall (where that fall ended) and the last upward crossing of mid (kept as the edge once the signal
 * leaves the band on the high side: noise wandering inside the band crosses mid several times); high is
 * the mirror image. A transition counts only when both of its levels were reached on either side.
 *
 * `blocks` holds each block's min and max (levelsOf). A block met at its first sample whose range lies on
 * one side of every threshold the current state tests is passed over in O(1), with the effect its
 * samples would have had: all at or below 10 % (above 90 % when high) moves last10 to its last sample and
 * sets first10 if unset; all between them and short of mid changes nothing; all between mid and the far
 * hysteresis threshold can cross mid only at its first sample, against the sample before it, which is
 * checked. Any other block is read sample by sample, so the figures are those of reading every sample.
 * A scope's signals leave most blocks on one side (a 1 kHz square at 1M points: all but the edges'),
 * which halves the measurement's cost; noise around a threshold reads every block, as before.
 */
export function scanEdges(s: Float32Array, min: number, vpp: number, blocks: BlockRanges): EdgeScan {
  const n = s.length;
  const blockMin = blocks.min;
  const blockMax = blocks.max;
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
      lowScan: while (i < n) {
        const b = i >>> BLOCK_SHIFT;
        const end = Math.min(n, (b + 1) * BLOCK_SAMPLES);
        if (i === b * BLOCK_SAMPLES) {
          const lo = blockMin[b]!;
          const hi = blockMax[b]!;
          if (hi <= level10) {
            last10 = end - 1;
            if (first10 < 0) first10 = i;
            i = end;
            continue;
          }
          if (lo > level10 && hi < mid) {
            i = end;
            continue;
          }
          if (lo > level10 && lo >= mid && hi <= upper) {
            if (i > 0 && s[i - 1]! < mid) up = i;
            i = end;
            continue;
          }
        }
        for (; i < end; i++) {
          const v = s[i]!;
          if (v <= level10) {
            last10 = i;
            if (first10 < 0) first10 = i;
          } else if (v >= mid) {
            if (i > 0 && s[i - 1]! < mid) up = i;
            if (v > upper) break lowScan;
          }
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
      highScan: while (i < n) {
        const b = i >>> BLOCK_SHIFT;
        const end = Math.min(n, (b + 1) * BLOCK_SAMPLES);
        if (i === b * BLOCK_SAMPLES) {
          const lo = blockMin[b]!;
          const hi = blockMax[b]!;
          if (lo >= level90) {
            last90 = end - 1;
            if (first90 < 0) first90 = i;
            i = end;
            continue;
          }
          if (hi < level90 && lo > mid) {
            i = end;
            continue;
          }
          if (hi < level90 && hi <= mid && lo >= lower) {
            if (i > 0 && s[i - 1]! > mid) down = i;
            i = end;
            continue;
          }
        }
        for (; i < end; i++) {
          const v = s[i]!;
          if (v >= level90) {
            last90 = i;
            if (first90 < 0) first90 = i;
          } else if (v <= mid) {
            if (i > 0 && s[i - 1]! > mid) down = i;
            if (v < lower) break highScan;
          }
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
