import { describe, expect, it } from 'vitest';
import { DisplayLock, FrameClock, displayIntervalMs } from '../../../src-renderer/connection/displayLock';
import { createRandom } from '../../../src-main/instruments/sim/random';

const FRAME_MS = 1000 / 60;

describe('FrameClock', () => {
  it('learns the period from frame times, unmoved by missed frames and a spurious extra one', () => {
    const clock = new FrameClock();
    let t = 100;
    for (let i = 0; i < 30; i++) {
      clock.frame(t);
      // Two missed frames (the next lands on the display's grid) and a callback 3 ms after a frame.
      if (i === 20) clock.frame(t + 3);
      t += i === 10 ? 3 * FRAME_MS : FRAME_MS;
    }
    expect(clock.periodMs).toBeCloseTo(FRAME_MS, 6);
  });

  it('gives the time left before the next frame, and nothing once frames stopped', () => {
    const clock = new FrameClock();
    for (let i = 0; i <= 12; i++) clock.frame(i * FRAME_MS);
    const last = 12 * FRAME_MS;
    expect(clock.slackMs(last + 4)).toBeCloseTo(FRAME_MS - 4, 9);
    // A frame that should have come already (its callback is late): the slack is to the one after.
    expect(clock.slackMs(last + FRAME_MS + 1)).toBeCloseTo(FRAME_MS - 1, 9);
    expect(clock.slackMs(last + 3 * FRAME_MS)).toBeUndefined();
    expect(new FrameClock().slackMs(5)).toBeUndefined();
  });

  it('picks a display-rate interval of whole frames no shorter than the stream allows', () => {
    expect(displayIntervalMs(FRAME_MS, 16)).toBeCloseTo(FRAME_MS, 9);
    expect(displayIntervalMs(1000 / 144, 16)).toBeCloseTo(3000 / 144, 9);
    expect(displayIntervalMs(1000 / 120, 16)).toBeCloseTo(2000 / 120, 9);
    expect(displayIntervalMs(FRAME_MS, 2 * FRAME_MS)).toBeCloseTo(2 * FRAME_MS, 9);
  });
});

/**
 * A stream on a server ticking every `recordMs` with a phase the lock moves, arriving after a transport
 * delay with Gaussian jitter, against a display of FRAME_MS. A shift takes effect two records later
 * (records already in flight). Returns the slack of every record after `settleS`.
 */
function simulate(options: {
  recordMs: number;
  initialPhaseMs: number;
  jitterMs: number;
  seconds: number;
  settleS: number;
  seed?: number;
}): { slacksMs: number[]; lock: DisplayLock } {
  const random = createRandom(options.seed ?? 9);
  const clock = new FrameClock();
  const lock = new DisplayLock(clock);
  let phaseMs = options.initialPhaseMs;
  const pending: { atRecord: number; shiftMs: number }[] = [];
  const slacksMs: number[] = [];
  let frame = 0;
  const records = Math.floor((options.seconds * 1000) / options.recordMs);
  for (let n = 0; n < records; n++) {
    while (pending[0] && pending[0].atRecord <= n) phaseMs += pending.shift()!.shiftMs;
    const arrivalMs = 1000 + n * options.recordMs + phaseMs + 4 + options.jitterMs * random.gaussian();
    while (frame * FRAME_MS <= arrivalMs) clock.frame(frame++ * FRAME_MS);
    const shiftMs = lock.arrived(arrivalMs);
    if (shiftMs !== undefined) pending.push({ atRecord: n + 2, shiftMs });
    if (arrivalMs > options.settleS * 1000) slacksMs.push(clock.slackMs(arrivalMs)!);
  }
  return { slacksMs, lock };
}

/**
 * Share of records that missed the frame they were aimed at, and the mean wait of the others, ms. The lock
 * aims records a few ms before a frame, so one arriving more than half a period early is one that came
 * just after its frame and waits for the next.
 */
function judge(slacksMs: readonly number[]): { late: number; meanSlackMs: number } {
  const onTime = slacksMs.filter((s) => s < FRAME_MS / 2);
  return {
    late: 1 - onTime.length / slacksMs.length,
    meanSlackMs: onTime.reduce((a, b) => a + b, 0) / onTime.length,
  };
}

describe('DisplayLock', () => {
  it.each([0, 5, 9, 15.9])(
    'brings records that start %s ms into the frame to land just before frames, and holds them there',
    (initialPhaseMs) => {
      const { slacksMs, lock } = simulate({
        recordMs: FRAME_MS,
        initialPhaseMs,
        jitterMs: 1.2,
        seconds: 30,
        settleS: 5,
      });
      const { late, meanSlackMs } = judge(slacksMs);
      // Almost every record arrives before its frame, and not much earlier than it needs to.
      expect(late).toBeLessThan(0.03);
      expect(meanSlackMs).toBeLessThan(6);
      expect(lock.shifts).toBeLessThan(25);
    },
  );

  it('follows a server clock 0.03 % slow against the display (the phase drifts 0.3 ms a second)', () => {
    const { slacksMs } = simulate({
      recordMs: FRAME_MS * 1.0003,
      initialPhaseMs: 3,
      jitterMs: 0.8,
      seconds: 60,
      settleS: 5,
    });
    const { late, meanSlackMs } = judge(slacksMs);
    expect(late).toBeLessThan(0.03);
    expect(meanSlackMs).toBeLessThan(6);
  });

  it('asks for nothing while the phase is right, and nothing without a frame clock', () => {
    const clock = new FrameClock();
    const lock = new DisplayLock(clock, { settleRecords: 0 });
    expect(lock.arrived(10)).toBeUndefined();
    for (let i = 0; i <= 12; i++) clock.frame(i * FRAME_MS);
    // Every record 1.5 ms before its frame: margin 1, deadband 1 — in lock, no shift.
    for (let i = 13; i < 60; i++) {
      clock.frame(i * FRAME_MS);
      expect(lock.arrived((i + 1) * FRAME_MS - 1.5)).toBeUndefined();
    }
    expect(lock.locked).toBe(true);
    expect(lock.shifts).toBe(0);
  });

  it('advances records that land just after the frame by a little, not delays them by a whole frame', () => {
    const clock = new FrameClock();
    const lock = new DisplayLock(clock, { settleRecords: 0 });
    let shiftMs: number | undefined;
    for (let i = 0; i < 60 && shiftMs === undefined; i++) {
      clock.frame(i * FRAME_MS);
      if (i > 12) shiftMs = lock.arrived(i * FRAME_MS + 0.5);
    }
    // Slack 16.17 ms against an aim of 1: 1.5 ms earlier, not 15.17 later.
    expect(shiftMs).toBeCloseTo(-1.5, 6);
  });
});

describe('FrameClock precision', () => {
  it('measures the period to a few µs from frame times rounded to 0.1 ms, across a dropped frame', () => {
    const clock = new FrameClock();
    for (let i = 0; i < 150; i++) if (i !== 70) clock.frame(Math.round((5 + i * FRAME_MS) * 10) / 10);
    expect(Math.abs(clock.periodMs! - FRAME_MS)).toBeLessThan(0.005);
  });

  it('starts over after frames stopped (a hidden page), rather than averaging across the gap', () => {
    const clock = new FrameClock();
    for (let i = 0; i < 30; i++) clock.frame(i * FRAME_MS);
    for (let i = 0; i < 30; i++) clock.frame(10_000 + i * 8);
    expect(clock.periodMs).toBeCloseTo(8, 9);
  });
});
