/**
 * Edge trigger, as pure functions. The search is a two-state machine with hysteresis: for a rising edge
 * the trigger arms once the signal is below (level − hysteresis) and fires on the first sample at or above
 * the level, so noise riding on the level cannot fire it again and again. The crossing is interpolated
 * between the two samples around it, which is what lets successive records be placed to a fraction of a
 * sample (a still display) although the sample clock is free-running.
 */

export const TRIGGER_SLOPES = ['rising', 'falling'] as const;
export type TriggerSlope = (typeof TRIGGER_SLOPES)[number];

export interface EdgeTrigger {
  levelV: number;
  slope: TriggerSlope;
  /** Distance the signal must go back past the level before the trigger re-arms, V (≥ 0). */
  hysteresisV: number;
}

export interface TriggerScan {
  /** Fractional sample index of the crossing, or −1 when none was found. */
  index: number;
  /** Arming state at the end of the scan, to resume a scan of the following samples. */
  armed: boolean;
}

/**
 * Scans `samples[from, to)` for the first crossing of `trigger` at a fractional index ≥ `minIndex`.
 * Crossings before `minIndex` are passed over (the trigger then re-arms as usual). Resumable: pass the
 * returned `armed` to a scan starting where this one ended.
 */
export function scanEdgeTrigger(
  samples: Float32Array,
  from: number,
  to: number,
  trigger: EdgeTrigger,
  minIndex: number,
  armed: boolean,
): TriggerScan {
  const level = trigger.levelV;
  let isArmed = armed;
  const start = Math.max(from, 0);
  if (trigger.slope === 'rising') {
    const armBelow = level - Math.max(0, trigger.hysteresisV);
    for (let i = start; i < to; i++) {
      const v = samples[i]!;
      if (!isArmed) {
        if (v < armBelow) isArmed = true;
      } else if (v >= level && i > 0) {
        // Armed means every sample since arming was below the level, so samples[i - 1] < level ≤ v.
        const u = samples[i - 1]!;
        isArmed = false;
        const index = i - 1 + (level - u) / (v - u);
        if (index >= minIndex) return { index, armed: false };
      }
    }
  } else {
    const armAbove = level + Math.max(0, trigger.hysteresisV);
    for (let i = start; i < to; i++) {
      const v = samples[i]!;
      if (!isArmed) {
        if (v > armAbove) isArmed = true;
      } else if (v <= level && i > 0) {
        const u = samples[i - 1]!;
        isArmed = false;
        const index = i - 1 + (u - level) / (u - v);
        if (index >= minIndex) return { index, armed: false };
      }
    }
  }
  return { index: -1, armed: isArmed };
}

/**
 * Where the trigger search resumes after a crossing at fractional index `crossingIndex`: after the sample
 * that fired it, or once `holdoffSamples` have passed, whichever is later. The trigger is not armed again
 * until then, and must then see the signal go back past the hysteresis band before it can fire.
 */
export function resumeAfterTrigger(crossingIndex: number, holdoffSamples: number): number {
  return Math.max(Math.floor(crossingIndex) + 2, Math.ceil(crossingIndex + holdoffSamples));
}

export interface TriggerChainOptions {
  /** The crossing returned must lie at or after this fractional index (earlier ones still start a holdoff). */
  minIndex: number;
  /** Holdoff in samples: after each trigger, crossings within it are ignored (0: none). */
  holdoffSamples: number;
  /** Samples scanned per step (default: all at once). */
  blockSamples?: number;
  /** Called before samples[from, end) are scanned, so a caller can synthesize them lazily. */
  prepare?(end: number): void;
}

/**
 * Runs the trigger over samples[from, to) as a scope does continuously: every crossing fires it and starts
 * a holdoff, and the last trigger at or after `minIndex` is returned (−1 if none). With a holdoff, which
 * edges trigger depends on the one before: of edges every 20 samples, a 25-sample holdoff fires on every
 * second one.
 */
export function lastTrigger(
  samples: Float32Array,
  from: number,
  to: number,
  trigger: EdgeTrigger,
  options: TriggerChainOptions,
): number {
  const block = options.blockSamples ?? Math.max(1, to - from);
  let last = -1;
  let armed = false;
  for (let start = from; start < to;) {
    const end = Math.min(to, start + block);
    options.prepare?.(end);
    const scan = scanEdgeTrigger(samples, start, end, trigger, Number.NEGATIVE_INFINITY, armed);
    if (scan.index < 0) {
      armed = scan.armed;
      start = end;
      continue;
    }
    // The index is fractional (between samples i − 1 and i); the trigger re-arms only after the holdoff.
    if (scan.index >= options.minIndex) last = scan.index;
    armed = false;
    start = resumeAfterTrigger(scan.index, options.holdoffSamples);
  }
  return last;
}

/**
 * Where a record of `recordLength` samples starts so that a crossing at fractional index `crossingIndex`
 * lands at `position` (0 = first sample, 0.5 = centre, 1 = end): the nearest whole sample, so the crossing
 * is within half a sample of the trigger point. `offsetSamples` is the crossing's exact place relative to
 * the record's first sample (x0 = −offsetSamples / sampleRate).
 */
export function placeTrigger(
  crossingIndex: number,
  recordLength: number,
  position: number,
): { startIndex: number; offsetSamples: number } {
  const startIndex = Math.round(crossingIndex - position * recordLength);
  return { startIndex, offsetSamples: crossingIndex - startIndex };
}
