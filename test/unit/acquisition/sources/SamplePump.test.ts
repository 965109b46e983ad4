/**
 * SamplePump: samples are produced on the clock's deadlines (sample k of a segment due at t0 + k / rate),
 * contiguously, in blocks of at most maxBlockSamples, up to a limit; pause hands over what is in flight;
 * a new segment continues the indices on a new time base; a failing generator stops the pump once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SamplePump } from '../../../../src-main/acquisition/capture/sources/SamplePump.js';
import type { SampleGenerator } from '../../../../src-main/acquisition/capture/sources/types.js';
import type { SampleBlock } from '../../../../src-main/acquisition/index.js';

// The pump's tick timer runs on fake timers, its samples on the test's clock: `tick` lets the timer fire a
// few times, however loaded the machine.
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => vi.useRealTimers());
const tick = (): Promise<void> => vi.advanceTimersByTimeAsync(20).then(() => undefined);

function setup(options: { fail?: boolean } = {}) {
  const clock = { now: 1_000_000, nowMs: () => clock.now };
  const calls: { count: number; timeMs: number }[] = [];
  const generator: SampleGenerator = {
    async generate(count, firstTimeMs, out) {
      if (options.fail) throw new Error('link down');
      calls.push({ count, timeMs: firstTimeMs });
      out.forEach((values, c) => values.fill(c + 1, 0, count));
    },
  };
  const blocks: SampleBlock[] = [];
  const errors: Error[] = [];
  const pump = new SamplePump({
    generator,
    channelCount: 2,
    sampleRateHz: 1_000,
    clock,
    blockIntervalMs: 2,
    maxBlockSamples: 100,
    onBlock: (b) => blocks.push({ firstSample: b.firstSample, channels: b.channels.map((c) => c.slice()) }),
    onError: (e) => errors.push(e),
  });
  return { clock, calls, blocks, errors, pump };
}

describe('SamplePump', () => {
  it('produces exactly the samples due, contiguous, in capped blocks, with their times', async () => {
    const { clock, calls, blocks, pump } = setup();
    pump.start(clock.now);
    clock.now += 250.5; // samples 0..250 are due
    await tick();
    expect(blocks.map((b) => [b.firstSample, b.channels[0]!.length])).toEqual([
      [0, 100],
      [100, 100],
      [200, 51],
    ]);
    expect(pump.produced).toBe(251);
    expect(calls.map((c) => c.timeMs - 1_000_000)).toEqual([0, 100, 200]);
    expect(blocks[1]!.channels[1]!.every((v) => v === 2)).toBe(true);
    await pump.pause();
  });

  it('stops at the limit, and a new segment continues the indices on its own time base', async () => {
    const { clock, calls, blocks, pump } = setup();
    pump.setLimit(30);
    pump.start(clock.now);
    clock.now += 100;
    await tick();
    expect(pump.produced).toBe(30);
    await pump.pause();
    pump.setLimit(Number.POSITIVE_INFINITY);
    clock.now += 5_000;
    pump.start(clock.now); // resume: sample 30 is at the new t0
    clock.now += 9.5;
    await tick();
    await pump.pause();
    expect(blocks.map((b) => b.firstSample)).toEqual([0, 30]);
    expect(pump.produced).toBe(40);
    expect(calls[1]!.timeMs).toBe(clock.now - 9.5);
    expect(pump.timeOf(35)).toBe(clock.now - 9.5 + 5);
  });

  it('reports a failing generator once and stops', async () => {
    const { clock, errors, blocks, pump } = setup({ fail: true });
    pump.start(clock.now);
    clock.now += 10;
    await tick();
    expect(errors.map((e) => e.message)).toEqual(['link down']);
    expect(blocks).toEqual([]);
    expect(pump.running).toBe(false);
  });
});
