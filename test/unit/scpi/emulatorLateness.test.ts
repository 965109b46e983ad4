/**
 * The SCPI benchmarks' account of the emulator's own lateness (test/bench/lib/emulatorLateness.ts): on a
 * hand-driven clock, a wait that ends past its due time adds exactly how far past, a wait already due adds
 * nothing, and a reset starts the count again — so a benchmark's "the emulator was late by X ms" is the
 * emulator's, and the rest of a gap is the driver's.
 */
import { describe, expect, it } from 'vitest';
import type { SessionTime } from '../../../src-main/emulators/core/EmulatorSession.js';
import { measuredSessionTime } from '../../bench/lib/emulatorLateness.js';

/** A clock whose waits end `lateByMs` after their due time. */
function lateTime(lateByMs: number): SessionTime & { nowMsValue: number } {
  const time = {
    nowMsValue: 100,
    nowMs: () => time.nowMsValue,
    sleepUntil: async (dueMs: number) => {
      if (dueMs > time.nowMsValue) time.nowMsValue = dueMs + lateByMs;
    },
  };
  return time;
}

describe('measuredSessionTime', () => {
  it('adds up how far past their due times the waits ended', async () => {
    const base = lateTime(0.25);
    const measured = measuredSessionTime(base);
    await measured.time.sleepUntil(102);
    await measured.time.sleepUntil(105);
    expect(measured.lateMs()).toBeCloseTo(0.5, 12);
    expect(measured.time.nowMs()).toBeCloseTo(105.25, 12);
  });

  it('counts nothing for a wait already due, and starts again after a reset', async () => {
    const measured = measuredSessionTime(lateTime(1));
    await measured.time.sleepUntil(50);
    expect(measured.lateMs()).toBe(0);
    await measured.time.sleepUntil(101);
    expect(measured.lateMs()).toBe(1);
    measured.reset();
    expect(measured.lateMs()).toBe(0);
  });
});
