import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { StreamError } from '../../../src-main/streams/StreamError.js';
import { StreamManager, type Subscription } from '../../../src-main/streams/StreamManager.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { openRegistry } from '../../helpers/hosts.js';

describe('StreamManager.shift', () => {
  const psu = new SimPowerSupply({ id: 'psu_1', seed: 1 });
  let streams: StreamManager;
  beforeAll(async () => {
    const registry = await openRegistry([psu]);
    streams = new StreamManager(registry, { log: silentLogger });
  });
  afterEach(() => streams.close());

  const subscribe = (ownerId: string): Subscription =>
    streams.subscribe({
      ownerId,
      equipmentId: 'psu_1',
      streamType: 'readings',
      intervalMs: 20,
      onSample: () => {},
      onStopped: () => {},
    });

  it('moves a producer that serves only this subscription in place', () => {
    const a = subscribe('a');
    const producer = a.producer;
    const dueMs = producer.nextDueMs;
    streams.shift(a, 5);
    expect(a.producer).toBe(producer);
    expect(producer.nextDueMs).toBe(dueMs + 5);
    expect(streams.producerCount).toBe(1);
  });

  it('gives a subscription of a shared producer one of its own on the shifted grid; the others keep theirs', () => {
    const a = subscribe('a');
    const b = subscribe('b');
    const shared = a.producer;
    const sharedDueMs = shared.nextDueMs;
    streams.shift(a, -7.5);
    expect(streams.producerCount).toBe(2);
    expect(b.producer).toBe(shared);
    expect(shared.subscribers.size).toBe(1);
    expect(shared.nextDueMs).toBe(sharedDueMs);
    expect(a.producer).not.toBe(shared);
    expect(a.producer.running).toBe(true);
    expect(a.producer.nextDueMs).toBe(sharedDueMs - 7.5);
    expect(a.producer.intervalMs).toBe(20);

    // From then on it is this subscription's own: a second shift moves it in place.
    const own = a.producer;
    streams.shift(a, 2);
    expect(a.producer).toBe(own);
    expect(streams.producerCount).toBe(2);

    // A new subscriber of the same rate joins the shared producer, not the shifted one.
    const c = subscribe('c');
    expect(c.producer).toBe(shared);

    streams.unsubscribe(a);
    expect(own.running).toBe(false);
    expect(streams.producerCount).toBe(1);
  });

  it('has a shifted producer read fresh records instead of taking one acquired on another tick', async () => {
    const read = vi.spyOn(psu, 'read');
    const a = subscribe('a');
    await vi.waitFor(() => expect(read).toHaveBeenCalled());
    expect((read.mock.lastCall as unknown[] | undefined)?.[1]).toEqual({
      maxAgeMs: 20,
      readerId: a.producer.key,
    });
    streams.shift(a, 3);
    read.mockClear();
    await vi.waitFor(() => expect(read).toHaveBeenCalled());
    expect((read.mock.lastCall as unknown[] | undefined)?.[1]).toEqual({
      maxAgeMs: undefined,
      readerId: a.producer.key,
    });
    read.mockRestore();
  });

  it.each([20.5, -21, Number.POSITIVE_INFINITY])(
    'refuses a shift of %s ms (beyond one interval) with out_of_range and changes nothing',
    (shiftMs) => {
      const a = subscribe('a');
      subscribe('b');
      const dueMs = a.producer.nextDueMs;
      let error: unknown;
      try {
        streams.shift(a, shiftMs);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StreamError);
      expect((error as StreamError).code).toBe('out_of_range');
      expect(streams.producerCount).toBe(1);
      expect(a.producer.nextDueMs).toBe(dueMs);
    },
  );

  it('refuses to shift a subscription that has ended', () => {
    const a = subscribe('a');
    streams.unsubscribe(a);
    expect(() => streams.shift(a, 1)).toThrow(/has ended/);
    expect(streams.producerCount).toBe(0);
  });
});
