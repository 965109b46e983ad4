/**
 * One acquisition of the simulated scope: synthesize the trigger source over a window that ends "now",
 * find the trigger, cut the record around it and synthesize the other channels on the same time axis.
 *
 * The sample clock is free-running on a continuous simulated time axis (like a real digitiser's), so a
 * crossing generally falls between samples; the record starts at the sample nearest to where the
 * trigger point should be and x0 carries the sub-sample remainder. Successive records of a periodic
 * signal therefore line up to a fraction of a sample.
 */
import type { ScopeRecord } from '../InstrumentDriver.js';
import type { Random } from '../sim/random.js';
import { noiseSeed, type NoiseTable } from '../sim/noise.js';
import { synthesize, type SignalSpec } from './synthesize.js';
import { lastTrigger, placeTrigger, type TriggerSlope } from './trigger.js';

export const TRIGGER_MODES = ['auto', 'normal', 'single'] as const;
export type TriggerMode = (typeof TRIGGER_MODES)[number];

/** Horizontal divisions on screen: a record spans 10 · timebase. */
export const HORIZONTAL_DIVISIONS = 10;

export interface AcquisitionSetup {
  /** Every channel's signal, index 0 = CH1. */
  channels: readonly (SignalSpec & { enabled: boolean })[];
  timebaseSPerDiv: number;
  recordLength: number;
  trigger: {
    /** 0-based index into `channels` (the source need not be displayed). */
    sourceIndex: number;
    levelV: number;
    slope: TriggerSlope;
    hysteresisV: number;
    mode: TriggerMode;
    /** Trigger point as a fraction of the record, 0 (first sample) to 1 (end). */
    position: number;
    /** Time after a trigger before the trigger may arm again, s (default 0). */
    holdoffS?: number;
  };
}

export interface Acquisition {
  record: ScopeRecord;
  /** Simulated time of the record's first sample, s. */
  startTimeS: number;
}

/** Samples scanned per step of the trigger search; the source is synthesized only as far as needed. */
const SEARCH_BLOCK = 8192;

/** Shapes with a period (noise and DC have none, so their trigger search covers the whole window). */
const PERIODIC_SHAPES: ReadonlySet<string> = new Set(['sine', 'square', 'triangle', 'sawtooth', 'pulse']);

/** Sample rate of a record: `recordLength` points over the 10 divisions on screen, Hz. */
export function sampleRateHzOf(recordLength: number, timebaseSPerDiv: number): number {
  return recordLength / (HORIZONTAL_DIVISIONS * timebaseSPerDiv);
}

/**
 * Acquires one record whose window ends at simulated time `endTimeS`. The search looks for the first
 * trigger in the last two record lengths, so the pre-trigger part always exists. Returns undefined when no
 * trigger was found and the mode waits for one (normal, single); auto mode then returns the most recent
 * record untriggered.
 *
 * @param scratch optional buffer of at least 2 · recordLength samples, reused for the trigger search.
 * @param take optional source of the record's sample arrays (`recordLength` long), e.g. a pool; by default
 *   each record gets new ones.
 */
export function acquireRecord(
  setup: AcquisitionSetup,
  endTimeS: number,
  noise: NoiseTable,
  random: Random,
  scratch?: Float32Array,
  take: (length: number) => Float32Array = (length) => new Float32Array(length),
): Acquisition | undefined {
  const n = setup.recordLength;
  const searchSpan = n;
  const sampleRateHz = sampleRateHzOf(n, setup.timebaseSPerDiv);
  const dtS = 1 / sampleRateHz;
  const windowStartS = endTimeS - (n + searchSpan) * dtS;
  const { trigger } = setup;
  const seeds = setup.channels.map(() => noiseSeed(random));
  const source = setup.channels[trigger.sourceIndex];
  if (!source) throw new RangeError(`trigger source ${trigger.sourceIndex + 1} does not exist`);

  const buffer = scratch && scratch.length >= n + searchSpan ? scratch : new Float32Array(n + searchSpan);
  const axis = { phase0Cycles: phaseAt(source.frequencyHz, windowStartS), sampleRateHz };

  // The crossing must leave room for the pre-trigger samples and for the record after it, which has to end
  // by now: it lies in [preSamples, latestCrossing]. Like a scope acquiring continuously, show the newest
  // trigger: for a periodic signal only the last two periods before latestCrossing need searching (and
  // synthesizing); an aperiodic one is searched over the whole window. The last crossing found wins.
  const preSamples = trigger.position * n;
  const latestCrossing = Math.floor(searchSpan + preSamples);
  const periodSamples =
    PERIODIC_SHAPES.has(source.shape) && source.frequencyHz > 0
      ? sampleRateHz / source.frequencyHz
      : Infinity;
  // Holdoff: after each trigger the comparator ignores the signal for holdoffSamples, so which edges
  // trigger depends on the one before; the search reaches back far enough for at least one holdoff.
  const holdoffSamples = (trigger.holdoffS ?? 0) * sampleRateHz;
  const searchStart = Math.max(0, Math.floor(latestCrossing - 2 * periodSamples - holdoffSamples) - 1);
  let filled = Math.max(0, Math.floor(searchStart - preSamples) - 1);
  const fillTo = (end: number): void => {
    if (end <= filled) return;
    synthesize(source, buffer, filled, end, axis, noise, seeds[trigger.sourceIndex]!);
    filled = end;
  };

  const crossing = lastTrigger(buffer, searchStart, latestCrossing + 1, trigger, {
    minIndex: preSamples - 0.5,
    holdoffSamples,
    blockSamples: SEARCH_BLOCK,
    prepare: fillTo,
  });
  let startIndex = -1;
  let offsetSamples = 0;
  if (crossing >= 0) {
    const placed = placeTrigger(crossing, n, trigger.position);
    startIndex = Math.min(placed.startIndex, searchSpan);
    offsetSamples = crossing - startIndex;
  }
  const triggered = startIndex >= 0;
  if (!triggered) {
    if (trigger.mode !== 'auto') return undefined;
    // Free run: the most recent record, with the trigger point only nominal.
    startIndex = searchSpan;
    offsetSamples = preSamples;
  }
  fillTo(startIndex + n);

  const startTimeS = windowStartS + startIndex * dtS;
  const channels: ScopeRecord['channels'] = [];
  setup.channels.forEach((spec, index) => {
    if (!spec.enabled) return;
    const samples = take(n);
    if (index === trigger.sourceIndex) {
      samples.set(buffer.subarray(startIndex, startIndex + n));
    } else {
      const channelAxis = { phase0Cycles: phaseAt(spec.frequencyHz, startTimeS), sampleRateHz };
      synthesize(spec, samples, 0, n, channelAxis, noise, seeds[index]!);
    }
    channels.push({ channel: index + 1, samples });
  });
  return {
    record: { sampleRateHz, x0S: -offsetSamples * dtS, triggered, channels },
    startTimeS,
  };
}

/** A signal's phase at time `timeS`, cycles in [0, 1) (reduced first, so large times keep precision). */
function phaseAt(frequencyHz: number, timeS: number): number {
  const cycles = frequencyHz * timeS;
  return cycles - Math.floor(cycles);
}
