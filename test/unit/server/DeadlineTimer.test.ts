import { describe, expect, it } from 'vitest';
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
