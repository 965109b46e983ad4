/**
 * The emulator's waits never end before their due time. Node's timers run on the event loop's cached time
 * and fired up to a millisecond early, so the emulators answered faster than the latency they model (a
 * DP832 read of 12 queries took 16.8 ms against 24 ms modelled) and every benchmark bound was wrong.
 * This checks an ordering (resolved at or after the due time), not how long anything took.
 */
import { describe, expect, it } from 'vitest';
import { realNowMs, realSleepUntil } from '../../../src-main/emulators/core/realTime.js';

describe('realSleepUntil', () => {
  it('never resolves before the due time, over many short waits', async () => {
    let early = 0;
    for (let i = 0; i < 60; i++) {
      // Busy the loop a little first, so its cached time falls behind, as it does between socket events.
      const busyUntil = realNowMs() + (i % 3) * 0.4;
      while (realNowMs() < busyUntil);
      const dueMs = realNowMs() + 0.5 + (i % 4) * 0.6;
      await realSleepUntil(dueMs);
      if (realNowMs() < dueMs) early++;
    }
    expect(early).toBe(0);
  });

  it('returns at once for a time already passed', async () => {
    const before = realNowMs();
    await realSleepUntil(before - 5);
    expect(realNowMs()).toBeGreaterThanOrEqual(before);
  });
});
