import { describe, expect, it } from 'vitest';
import { acquireRecord } from '../../../src-main/instruments/scope/acquire.js';
import {
  defaultScopeSettings,
  toAcquisitionSetup,
} from '../../../src-main/instruments/scope/scopeSettings.js';
import {
  lastTrigger,
  placeTrigger,
  resumeAfterTrigger,
  scanEdgeTrigger,
  type EdgeTrigger,
} from '../../../src-main/instruments/scope/trigger.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';

const rising: EdgeTrigger = { levelV: 0, slope: 'rising', hysteresisV: 0.1 };

describe('scanEdgeTrigger', () => {
  it('interpolates the crossing between the two samples around it', () => {
    const samples = Float32Array.from([-1, -0.5, 0.5, 1]);
    expect(scanEdgeTrigger(samples, 0, 4, rising, 0, false).index).toBeCloseTo(1.5, 12);
    const falling = scanEdgeTrigger(
      Float32Array.from([1, 0.25, -0.75]),
      0,
      3,
      { ...rising, slope: 'falling' },
      0,
      false,
    );
    expect(falling.index).toBeCloseTo(1.25, 12);
  });

  it('needs the signal below level − hysteresis before it fires (noise on the level does not retrigger)', () => {
    // Wiggles around 0 within ±0.05 never arm a trigger with 0.1 V hysteresis; the dip to −0.2 does.
    const samples = Float32Array.from([0.05, -0.05, 0.05, -0.05, 0.05, -0.2, 0.2]);
    expect(scanEdgeTrigger(samples, 0, samples.length, rising, 0, false).index).toBeCloseTo(5.5, 12);
    expect(scanEdgeTrigger(samples, 0, 5, rising, 0, false)).toEqual({ index: -1, armed: false });
  });

  it('passes over crossings before minIndex and resumes across blocks', () => {
    const samples = Float32Array.from([-1, 1, -1, 1, -1, 1]);
    expect(scanEdgeTrigger(samples, 0, 6, rising, 2, false).index).toBeCloseTo(2.5, 12);
    const first = scanEdgeTrigger(samples, 0, 3, rising, 2, false);
    expect(first).toEqual({ index: -1, armed: true });
    expect(scanEdgeTrigger(samples, 3, 6, rising, 2, first.armed).index).toBeCloseTo(2.5, 12);
  });

  it('places the record so the crossing is within half a sample of the trigger position', () => {
    expect(placeTrigger(1234.3, 1000, 0.5)).toEqual({
      startIndex: 734,
      offsetSamples: expect.closeTo(500.3, 9),
    });
    expect(placeTrigger(10.7, 100, 0).startIndex).toBe(11);
  });
});

describe('acquireRecord', () => {
  const noise = createNoiseTable(createRandom(3));

  it('shows the newest trigger, like a scope acquiring continuously: the record ends within one period of now', () => {
    const settings = defaultScopeSettings();
    const setup = toAcquisitionSetup(settings);
    const frequencyHz = settings.channels[0]!.frequencyHz;
    for (const endTimeS of [1, 1.000123, 2.5, 7.77]) {
      const acquisition = acquireRecord(setup, endTimeS, noise, createRandom(2))!;
      const durationS = setup.recordLength / acquisition.record.sampleRateHz;
      const recordEndS = acquisition.startTimeS + durationS;
      expect(recordEndS).toBeLessThanOrEqual(endTimeS + 1e-9);
      // Before this change the first crossing of a two-record window was used: up to a record older.
      expect(endTimeS - recordEndS).toBeLessThan(1 / frequencyHz + 2 / acquisition.record.sampleRateHz);
      expect(acquisition.record.triggered).toBe(true);
    }
  });

  it('holds a periodic signal still: every record has its crossing at the trigger position', () => {
    const settings = defaultScopeSettings();
    settings.channels[0]!.noiseVrms = 0.01;
    const setup = toAcquisitionSetup(settings);
    const random = createRandom(5);
    const n = settings.recordLength;
    const centre = n / 2;
    let endTimeS = 1;
    for (let k = 0; k < 20; k++) {
      // Arbitrary, incommensurate steps of simulated time between records.
      endTimeS += 0.0371 + k * 0.00123;
      const { record } = acquireRecord(setup, endTimeS, noise, random)!;
      expect(record.triggered).toBe(true);
      const ch1 = record.channels[0]!.samples;
      const crossing = scanEdgeTrigger(ch1, 0, n, setup.trigger, centre - 2, false).index;
      expect(Math.abs(crossing - centre)).toBeLessThanOrEqual(1);
      // x0 carries the sub-sample remainder: the crossing sits at t = 0 on the record's time axis.
      expect(Math.abs(crossing + record.x0S * record.sampleRateHz)).toBeLessThan(0.2);
    }
  });

  it('places the trigger at other positions and on the falling slope', () => {
    const settings = defaultScopeSettings();
    settings.triggerPosition = 0.1;
    settings.triggerSlope = 'falling';
    settings.triggerLevelV = 0.3;
    const setup = toAcquisitionSetup(settings);
    const { record } = acquireRecord(setup, 2.5, noise, createRandom(1))!;
    const at = Math.round(0.1 * settings.recordLength);
    const ch1 = record.channels[0]!.samples;
    expect(ch1[at - 3]!).toBeGreaterThan(0.3);
    expect(ch1[at + 3]!).toBeLessThan(0.3);
    expect(record.x0S * record.sampleRateHz).toBeCloseTo(-at, 0);
  });

  it('finds no trigger above the signal: nothing in normal mode, a free-running record in auto', () => {
    const settings = defaultScopeSettings();
    settings.triggerLevelV = 2;
    settings.triggerMode = 'normal';
    expect(acquireRecord(toAcquisitionSetup(settings), 1, noise, createRandom(1))).toBeUndefined();
    settings.triggerMode = 'auto';
    const auto = acquireRecord(toAcquisitionSetup(settings), 1, noise, createRandom(1))!;
    expect(auto.record.triggered).toBe(false);
    expect(auto.record.channels.map((c) => c.samples.length)).toEqual([10_000, 10_000]);
  });

  it('is deterministic for a seed and a time', () => {
    const setup = toAcquisitionSetup(defaultScopeSettings());
    const a = acquireRecord(setup, 3.21, noise, createRandom(9))!;
    const b = acquireRecord(setup, 3.21, noise, createRandom(9))!;
    expect(a.record.x0S).toBe(b.record.x0S);
    expect(a.record.channels[1]!.samples).toEqual(b.record.channels[1]!.samples);
  });
});

/** A square wave of `periodSamples` samples, ±1 V, rising through 0 V between samples k·period − 1 and k·period. */
function squareEdges(length: number, periodSamples: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = i % periodSamples < periodSamples / 2 ? 1 : -1;
  return out;
}

describe('trigger holdoff', () => {
  // Rising edges at 19.5, 39.5, 59.5, 79.5 (−1 → +1 between samples 19 and 20, ...).
  const samples = squareEdges(90, 20);

  it('without holdoff every edge triggers: the last one is shown', () => {
    expect(lastTrigger(samples, 0, 90, rising, { minIndex: 0, holdoffSamples: 0 })).toBeCloseTo(79.5, 9);
  });

  it('a holdoff longer than one period skips every second edge, which changes the edge shown', () => {
    // 19.5 fires; 39.5 falls within 25 samples of it and is ignored; 59.5 fires; 79.5 is ignored.
    expect(lastTrigger(samples, 0, 90, rising, { minIndex: 0, holdoffSamples: 25 })).toBeCloseTo(59.5, 9);
    // A holdoff of 45 samples: 19.5, then 79.5 (59.5 is within it).
    expect(lastTrigger(samples, 0, 90, rising, { minIndex: 0, holdoffSamples: 45 })).toBeCloseTo(79.5, 9);
  });

  it('a trigger before minIndex still starts a holdoff', () => {
    // 19.5 fires (too early to be shown) and holds off 39.5; 59.5 is the first that may be shown.
    expect(lastTrigger(samples, 0, 61, rising, { minIndex: 30, holdoffSamples: 25 })).toBeCloseTo(59.5, 9);
    expect(lastTrigger(samples, 0, 50, rising, { minIndex: 30, holdoffSamples: 25 })).toBe(-1);
  });

  it('scanning in blocks gives the same trigger as scanning at once', () => {
    const whole = lastTrigger(samples, 0, 90, rising, { minIndex: 0, holdoffSamples: 25 });
    const prepared: number[] = [];
    const blocks = lastTrigger(samples, 0, 90, rising, {
      minIndex: 0,
      holdoffSamples: 25,
      blockSamples: 7,
      prepare: (end) => prepared.push(end),
    });
    expect(blocks).toBe(whole);
    expect(prepared.every((end) => end <= 90)).toBe(true);
  });

  it('resumes after the firing sample or after the holdoff, whichever is later', () => {
    expect(resumeAfterTrigger(19.5, 0)).toBe(21);
    expect(resumeAfterTrigger(19.5, 25)).toBe(45);
  });

  it('the simulator converts the holdoff from seconds to samples of the record', () => {
    const setup = toAcquisitionSetup({ ...defaultScopeSettings(), triggerHoldoffS: 1.5e-3 });
    expect(setup.trigger.holdoffS).toBe(1.5e-3);
    const random = createRandom(3);
    const a = acquireRecord(setup, 1, createNoiseTable(random), random);
    expect(a?.record.triggered).toBe(true);
  });
});
