/**
 * Phase shifts on a shared producer, on fake timers (performance.now() included), so ticks, reads and
 * deliveries fall on exact times. What is guaranteed: one read per tick serves every subscriber whatever
 * phases they ask for; only the phase leader (the first to ask) moves the grid, and when it does every
 * subscriber sees one period stretched or shortened by the shift, with no tick dropped or doubled; anyone
 * else's shift changes nothing; a subscriber leaving moves nobody.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentRegistry } from '../../../src-main/instruments/InstrumentRegistry.js';
import { StreamError } from '../../../src-main/streams/StreamError.js';
import { StreamManager, type Subscription } from '../../../src-main/streams/StreamManager.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { openRegistry } from '../../helpers/hosts.js';
import { ScriptedDriver } from '../../helpers/ScriptedDriver.js';

const INTERVAL_MS = 20;

interface Watcher {
  sub: Subscription;
  /** performance.now() at each delivery, ms. */
  atMs: number[];
  samples: unknown[];
  stopped: string | undefined;
}

describe('StreamManager.shift: one shared producer, one phase leader', () => {
  let driver: ScriptedDriver;
  let registry: InstrumentRegistry;
  let streams: StreamManager;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    driver = new ScriptedDriver();
    registry = await openRegistry([driver]);
    streams = new StreamManager(registry, { log: silentLogger });
  });
  afterEach(async () => {
    streams.close();
    await registry.close();
    vi.useRealTimers();
  });

  const watch = (ownerId: string): Watcher => {
    const atMs: number[] = [];
    const samples: unknown[] = [];
    const watcher: Watcher = {
      atMs,
      samples,
      stopped: undefined,
      sub: streams.subscribe({
        ownerId,
        equipmentId: 'dev_1',
        streamType: 'readings',
        intervalMs: INTERVAL_MS,
        onSample: (sample) => {
          atMs.push(performance.now());
          samples.push(sample);
        },
        onStopped: (reason) => (watcher.stopped = reason),
      }),
    };
    return watcher;
  };
  const reads = (): number => driver.callsOf('read').length;
  /** Times between consecutive deliveries from index `from` on, ms. */
  const gapsMs = (w: Watcher, from = 0): number[] =>
    w.atMs.slice(from + 1).map((t, i) => Number((t - w.atMs[from + i]!).toFixed(6)));

  it.each([2, 3])(
    'serves %i subscriptions asking for different phases with one read per tick',
    async (count) => {
      const watchers = Array.from({ length: count }, (_, i) => watch(`client_${i}`));
      await vi.advanceTimersByTimeAsync(50); // ticks at 0, 20, 40
      const shiftsMs = [5, -7, 3];
      const moved = watchers.map((w, i) => streams.shift(w.sub, shiftsMs[i]!));
      expect(moved).toEqual([true, false, false].slice(0, count));

      const readsBefore = reads();
      const ticksBefore = watchers[0]!.sub.producer.ticks;
      await vi.advanceTimersByTimeAsync(400);
      const ticks = watchers[0]!.sub.producer.ticks - ticksBefore;
      expect(ticks).toBe(20);
      expect(reads() - readsBefore).toBe(ticks);
      expect(streams.producerCount).toBe(1);
      // Every subscriber got every record, the same record objects, at the same moments.
      for (const w of watchers) {
        expect(w.sub.producer).toBe(watchers[0]!.sub.producer);
        expect(w.samples).toEqual(watchers[0]!.samples);
        expect(w.atMs).toEqual(watchers[0]!.atMs);
      }
    },
  );

  it('moves the grid for every subscriber when the leader shifts: one period changes, no tick lost or doubled', async () => {
    const leader = watch('leader');
    const other = watch('other');
    await vi.advanceTimersByTimeAsync(50); // deliveries at 0, 20, 40
    expect(streams.shift(leader.sub, 5)).toBe(true);
    await vi.advanceTimersByTimeAsync(100); // 65, 85, 105, 125, 145
    expect(streams.shift(leader.sub, -8)).toBe(true); // the leader re-aims: 157, 177
    await vi.advanceTimersByTimeAsync(30);
    for (const w of [leader, other]) {
      expect(w.atMs).toEqual([0, 20, 40, 65, 85, 105, 125, 145, 157, 177]);
      expect(gapsMs(w)).toEqual([20, 20, 25, 20, 20, 20, 20, 12, 20]);
    }
    expect(leader.sub.producer.skippedTicks).toBe(0);
  });

  it("declines a follower's shift: nobody's deliveries move, and the follower is told", async () => {
    const leader = watch('leader');
    const follower = watch('follower');
    await vi.advanceTimersByTimeAsync(10);
    expect(streams.shift(leader.sub, 4)).toBe(true);
    const dueMs = leader.sub.producer.nextDueMs;
    expect(streams.shift(follower.sub, -9)).toBe(false);
    expect(streams.shift(follower.sub, 9)).toBe(false);
    expect(leader.sub.producer.nextDueMs).toBe(dueMs);
    await vi.advanceTimersByTimeAsync(100);
    // On the leader's grid (0, then 4 ms later from the next tick on), as if the follower had not asked.
    expect(leader.atMs).toEqual([0, 24, 44, 64, 84, 104]);
    expect(follower.atMs).toEqual(leader.atMs);
  });

  it('keeps serving the others when a follower leaves, and when the leader leaves, without moving them', async () => {
    const leader = watch('leader');
    const a = watch('a');
    const b = watch('b');
    await vi.advanceTimersByTimeAsync(10);
    streams.shift(leader.sub, 6);
    const producer = leader.sub.producer;

    streams.unsubscribe(a.sub);
    const dueMs = producer.nextDueMs;
    streams.unsubscribe(leader.sub);
    expect(producer.running).toBe(true);
    expect(producer.nextDueMs).toBe(dueMs);
    expect(producer.phaseLeader).toBeUndefined();

    const readsBefore = reads();
    const deliveredBefore = b.atMs.length;
    await vi.advanceTimersByTimeAsync(200);
    expect(b.atMs.length - deliveredBefore).toBe(10);
    expect(reads() - readsBefore).toBe(10);
    expect(gapsMs(b)).toEqual(Array.from({ length: b.atMs.length - 1 }, (_, i) => (i === 0 ? 26 : 20)));
    expect(b.stopped).toBeUndefined();

    // The lead is free: the next subscriber to ask takes it.
    expect(streams.shift(b.sub, -3)).toBe(true);
    expect(producer.nextDueMs).toBe(dueMs + 200 - 3);
    expect(producer.phaseLeader).toBeDefined();
  });

  it('has a shifted producer read fresh records instead of taking one acquired on another tick', async () => {
    const a = watch('a');
    await vi.advanceTimersByTimeAsync(1);
    expect(driver.callsOf('read').at(-1)?.args[1]).toEqual({
      maxAgeMs: INTERVAL_MS,
      readerId: a.sub.producer.key,
    });
    streams.shift(a.sub, 3);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS + 3);
    expect(driver.callsOf('read').at(-1)?.args[1]).toEqual({
      maxAgeMs: undefined,
      readerId: a.sub.producer.key,
    });
  });

  it.each([20.5, -21, Number.POSITIVE_INFINITY])(
    'refuses a shift of %s ms (beyond one interval) with out_of_range and changes nothing',
    (shiftMs) => {
      const a = watch('a');
      watch('b');
      const dueMs = a.sub.producer.nextDueMs;
      let error: unknown;
      try {
        streams.shift(a.sub, shiftMs);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StreamError);
      expect((error as StreamError).code).toBe('out_of_range');
      expect(streams.producerCount).toBe(1);
      expect(a.sub.producer.nextDueMs).toBe(dueMs);
      expect(a.sub.producer.phaseLeader).toBeUndefined();
    },
  );

  it('refuses to shift a subscription that has ended', () => {
    const a = watch('a');
    streams.unsubscribe(a.sub);
    expect(() => streams.shift(a.sub, 1)).toThrow(/has ended/);
    expect(streams.producerCount).toBe(0);
  });
});
