import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer, nextTick } from '../../../src-main/streams/DeadlineTimer.js';

describe('nextTick (deadline arithmetic)', () => {
  it('runs the next tick on its own deadline when on time', () => {
    expect(nextTick(1000, 10, 5, 1052)).toEqual({ index: 5, dueMs: 1050, skipped: 0 });
  });
  it('skips to the latest passed deadline when late by an interval or more, counting what it skipped', () => {
    expect(nextTick(1000, 10, 5, 1087)).toEqual({ index: 8, dueMs: 1080, skipped: 3 });
  });
});

describe('DeadlineTimer', () => {
  it('keeps the mean period on nominal over a short run (no accumulated drift)', async () => {
    const times: number[] = [];
    const timer = new DeadlineTimer(10, (tick) => times.push(tick.dueMs));
    timer.start();
    await new Promise((r) => setTimeout(r, 1_000));
    timer.stop();
    const ticks = timer.ticks + timer.skippedTicks;
    // 1 s at 10 ms is 100 deadlines (+1 for the immediate first tick); every one is run or counted.
    expect(ticks).toBeGreaterThanOrEqual(98);
    expect(ticks).toBeLessThanOrEqual(102);
    // Deadlines sit on the start + n·interval grid, however late the callbacks actually ran.
    const periods = (times.at(-1)! - times[0]!) / 10;
    expect(Math.abs(periods - Math.round(periods))).toBeLessThan(1e-6);
  });
  it('stops cleanly from inside its own callback', async () => {
    let count = 0;
    const timer = new DeadlineTimer(5, () => {
      if (++count === 3) timer.stop();
    });
    timer.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(count).toBe(3);
    expect(timer.running).toBe(false);
  });
});

describe('DeadlineTimer over a longer run', () => {
  /** Least-squares slope of run time against deadline index: the mean period, robust to one late tick. */
  function slope(points: readonly { index: number; ranMs: number }[]): number {
    const n = points.length;
    const meanX = points.reduce((s, p) => s + p.index, 0) / n;
    const meanY = points.reduce((s, p) => s + p.ranMs, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const p of points) {
      sxy += (p.index - meanX) * (p.ranMs - meanY);
      sxx += (p.index - meanX) ** 2;
    }
    return sxy / sxx;
  }

  it('holds the mean period within 0.5 % over 5 s at 10 ms, and counts every skipped tick', async () => {
    const points: { index: number; ranMs: number }[] = [];
    const timer = new DeadlineTimer(10, (tick) =>
      points.push({ index: tick.index, ranMs: performance.now() }),
    );
    const startedMs = performance.now();
    timer.start();
    // Block the loop once for 35 ms mid-run: three deadlines pass unserved and must be counted.
    setTimeout(() => {
      const until = performance.now() + 35;
      while (performance.now() < until) {
        // busy: a stand-in for a long synchronous job elsewhere in the process
      }
    }, 2_500);
    await new Promise((r) => setTimeout(r, 5_000));
    timer.stop();
    const elapsedMs = performance.now() - startedMs;
    const last = points.at(-1)!;
    // Every deadline up to the last one was either run or counted as skipped; none vanished.
    expect(timer.ticks + timer.skippedTicks).toBe(last.index + 1);
    expect(timer.skippedTicks).toBeGreaterThanOrEqual(2);
    expect(Math.abs(last.index + 1 - elapsedMs / 10)).toBeLessThanOrEqual(3);
    // The period between the ticks that ran, per deadline, stays on nominal: no drift accumulates.
    expect(Math.abs(slope(points) - 10) / 10).toBeLessThan(0.005);
    // The timer's own figure uses the two end ticks only, so one late end tick moves it: a looser bound.
    expect(Math.abs(timer.meanPeriodMs - 10) / 10).toBeLessThan(0.01);
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
