/**
 * Which producer a subscription joins, on fake timers: the same stream at the same rate shares one, and
 * "the same rate" includes intervals a display's frame clock cannot tell apart (two pages measuring one
 * display's period a few µs differently), so display-rate dashboards cost one read per tick between them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentRegistry } from '../../../src-main/instruments/InstrumentRegistry.js';
import {
  INTERVAL_MATCH_FRACTION,
  StreamManager,
  type Subscription,
} from '../../../src-main/streams/StreamManager.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { openRegistry } from '../../helpers/hosts.js';
import { ScriptedDriver } from '../../helpers/ScriptedDriver.js';

describe('StreamManager: producers shared across nearly equal intervals', () => {
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

  const subscribe = (ownerId: string, intervalMs: number): Subscription =>
    streams.subscribe({
      ownerId,
      equipmentId: 'dev_1',
      streamType: 'readings',
      intervalMs,
      onSample: () => {},
      onStopped: () => {},
    });

  it('joins two pages that measured one display slightly differently to one producer, one read per tick', async () => {
    const a = subscribe('page_a', 16.6667);
    const b = subscribe('page_b', 16.6672);
    expect(b.producer).toBe(a.producer);
    // The subscription runs at the producer's interval, and says so (stream_started reports it).
    expect(b.intervalMs).toBe(16.6667);
    expect(streams.producerCount).toBe(1);
    const readsBefore = driver.callsOf('read').length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(driver.callsOf('read').length - readsBefore).toBe(a.producer.ticks);
  });

  it('joins the nearest of several running producers', () => {
    const slow = subscribe('a', 20);
    // 0.06 ms apart, more than the 0.04 ms that 0.2 % of 20 ms allows: two producers.
    const fast = subscribe('b', 20.06);
    expect(fast.producer).not.toBe(slow.producer);
    // Within 0.04 ms of both: the nearer one.
    expect(subscribe('c', 20.035).producer).toBe(fast.producer);
    expect(subscribe('d', 20.025).producer).toBe(slow.producer);
  });

  it('keeps rates that differ by more than the match fraction apart', () => {
    const a = subscribe('a', 100);
    const b = subscribe('b', 100 * (1 + 1.5 * INTERVAL_MATCH_FRACTION));
    expect(b.producer).not.toBe(a.producer);
    expect(b.intervalMs).toBe(100 * (1 + 1.5 * INTERVAL_MATCH_FRACTION));
    expect(streams.producerCount).toBe(2);
  });

  it('starts a producer of its own once the nearly equal one has stopped', () => {
    const a = subscribe('a', 16.6667);
    streams.unsubscribe(a);
    const b = subscribe('b', 16.6672);
    expect(b.intervalMs).toBe(16.6672);
  });
});
