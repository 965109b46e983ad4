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
