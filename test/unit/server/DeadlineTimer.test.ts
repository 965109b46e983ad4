import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer, nextTick, type TickInfo } from '../../../src-main/streams/DeadlineTimer.js';

describe('nextTick (deadline arithmetic)', () => {
  it('runs the next tick on its own deadline when on time', () => {
    expect(nextTick(1000, 10, 5, 1052)).toEqual({ index: 5, dueMs: 1050, skipped: 0 });
  });
  it('skips to the latest passed deadline when late by an interval or more, counting what it skipped', () => {
    expect(nextTick(1000, 10, 5, 1087)).toEqual({ index: 8, dueMs: 1080, skipped: 3 });
  });
});

// Timing logic runs on fake timers and the timer's injected clock (Date.now, faked): the figures are exact
// whatever else the machine is doing. The real-time drift against setInterval is `npm run bench -- timerDrift`.
describe('DeadlineTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('runs every deadline of a short run on the start + n·interval grid', () => {
    const due: number[] = [];
    const timer = new DeadlineTimer(
      10,
      (tick) => due.push(tick.dueMs),
      () => Date.now(),
    );
    timer.start();
    vi.advanceTimersByTime(1_000);
    timer.stop();
    // 1 s at 10 ms is 100 deadlines plus the immediate first tick; none late, none skipped.
    expect(due).toEqual(Array.from({ length: 101 }, (_, i) => i * 10));
    expect(timer.skippedTicks).toBe(0);
    expect(timer.lastLagMs).toBe(0);
    expect(timer.meanPeriodMs).toBe(10);
  });

  it('stops cleanly from inside its own callback', () => {
    let count = 0;
    const timer = new DeadlineTimer(
      5,
      () => {
        if (++count === 3) timer.stop();
      },
      () => Date.now(),
    );
    timer.start();
    vi.advanceTimersByTime(100);
    expect(count).toBe(3);
    expect(timer.running).toBe(false);
  });

  it('counts the deadlines a blocked loop passed as skipped, runs the next one late, and keeps the grid', () => {
    const ticks: TickInfo[] = [];
    const timer = new DeadlineTimer(
      10,
      (tick) => {
        ticks.push(tick);
        // The tick at 2.5 s stands in for a synchronous job that holds the loop for 35 ms.
        if (tick.index === 250) vi.setSystemTime(Date.now() + 35);
      },
      () => Date.now(),
    );
    timer.start();
    vi.advanceTimersByTime(5_000);
    timer.stop();
    // The job ended at 2535 ms: deadlines 2510 and 2520 passed unserved, 2530 runs as soon as the loop is
    // free, 6 ms late (a zero-delay setTimeout waits 1 ms, in Node as in the fake timers).
    expect(ticks.slice(249, 253).map((t) => [t.index, t.dueMs, t.lagMs])).toEqual([
      [249, 2_490, 0],
      [250, 2_500, 0],
      [253, 2_530, 6],
      [254, 2_540, 0],
    ]);
    expect(timer.skippedTicks).toBe(2);
    // Every deadline up to the last (5035 ms: 0..503) was run or counted; none vanished.
    const last = ticks.at(-1)!;
    expect(last.index).toBe(503);
    expect(timer.ticks + timer.skippedTicks).toBe(last.index + 1);
    // The grid did not move: after the late tick the rest ran on their deadlines, the period is nominal.
    expect(ticks.slice(253).every((t) => t.dueMs === t.index * 10)).toBe(true);
    expect(timer.meanPeriodMs).toBe(10);
  });
});

describe('DeadlineTimer.shift (phase moves, period stays)', () => {
  // Fake timers drive setTimeout and Date; the timer reads its clock from Date.now so both agree.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(1_000);
  });
  afterEach(() => vi.useRealTimers());

  function ticking(intervalMs: number): { timer: DeadlineTimer; due: number[]; ran: number[] } {
    const due: number[] = [];
    const ran: number[] = [];
    const timer = new DeadlineTimer(
      intervalMs,
      (tick) => {
        due.push(tick.dueMs);
        ran.push(Date.now());
      },
      () => Date.now(),
    );
    return { timer, due, ran };
  }

  it('moves every later deadline by a positive shift, reschedules the pending tick and keeps the period', () => {
    const { timer, due } = ticking(10);
    timer.start();
    vi.advanceTimersByTime(25); // ticks at 1000, 1010, 1020
    timer.shift(3);
    expect(timer.nextDueMs).toBe(1033);
    vi.advanceTimersByTime(7); // now 1032: the old deadline 1030 must not fire
    expect(due).toEqual([1000, 1010, 1020]);
    vi.advanceTimersByTime(20); // now 1052
    expect(due).toEqual([1000, 1010, 1020, 1033, 1043]);
    expect(timer.skippedTicks).toBe(0);
    // The shift is a phase change, not a longer period.
    expect(timer.meanPeriodMs).toBeCloseTo(10, 9);
    timer.stop();
  });

  it('runs a deadline moved into the past at once, late but not skipped, and never reruns a tick', () => {
    const { timer, due, ran } = ticking(10);
    timer.start();
    vi.advanceTimersByTime(25); // ticks at 1000, 1010, 1020; next due 1030
    timer.shift(-9); // next due 1021, already past
    vi.advanceTimersByTime(0);
    expect(due).toEqual([1000, 1010, 1020, 1021]);
    expect(ran.at(-1)).toBe(1025);
    vi.advanceTimersByTime(10); // now 1035: next due 1031
    expect(due).toEqual([1000, 1010, 1020, 1021, 1031]);
    expect(timer.skippedTicks).toBe(0);
    expect(timer.ticks).toBe(5);
    timer.stop();
  });

  it('continues another grid when started at a given deadline', () => {
    const { timer, due } = ticking(10);
    timer.start(1_004);
    vi.advanceTimersByTime(20);
    expect(due).toEqual([1004, 1014]);
    timer.stop();
  });

  it('refuses a shift that is not a finite number', () => {
    const { timer } = ticking(10);
    expect(() => timer.shift(Number.NaN)).toThrow(RangeError);
  });
});
