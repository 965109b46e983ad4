/**
 * A stream through an outage, on fake timers: the link drops → the instrument goes offline → the producer
 * pauses (ticks counted as missed, no reads down the dead link, no fault) → the link is back → the stream
 * resumes by itself, and the missed ticks are exactly the gap its subscribers were told of.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DriverError, type InstrumentEvent } from '../../../src-main/instruments/InstrumentDriver.js';
import { StreamManager } from '../../../src-main/streams/StreamManager.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { openRegistry } from '../../helpers/hosts.js';
import { answerAtOnce, ScriptedDriver } from '../../helpers/ScriptedDriver.js';

describe('a producer through an outage', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('pauses while the instrument is offline and resumes with a counted gap', async () => {
    const driver = new ScriptedDriver();
    const registry = await openRegistry([driver], { backoff: { initialMs: 100, maxMs: 100, factor: 1 } });
    const streams = new StreamManager(registry, { log: silentLogger });
    const events: InstrumentEvent[] = [];
    streams.events.on((e) => events.push(e));
    registry.events.on((e) => events.push(e));
    let samples = 0;
    let missed = 0;
    let stopped: string | undefined;
    const sub = streams.subscribe({
      ownerId: 'client',
      equipmentId: 'dev_1',
      streamType: 'readings',
      intervalMs: 20,
      onSample: () => samples++,
      onMissed: () => missed++,
      onStopped: (reason) => (stopped = reason),
    });
    await vi.advanceTimersByTimeAsync(90); // ticks at 0, 20, 40, 60, 80
    expect(samples).toBe(5);

    let down = true;
    driver.handler = (call) => {
      if (down && call.method !== 'close') throw new DriverError('link down', 'disconnected');
      return answerAtOnce(call);
    };
    const readsBefore = driver.callsOf('read').length;
    await vi.advanceTimersByTimeAsync(20); // tick at 100: its read fails, the instrument goes offline
    expect(registry.get('dev_1')!.state).toBe('offline');
    expect(missed).toBe(1);
    await vi.advanceTimersByTimeAsync(200); // ten more ticks, none of them reads the dead link
    expect(driver.callsOf('read').length).toBe(readsBefore + 1);
    expect(missed).toBe(11);
    expect(samples).toBe(5);

    down = false;
    await vi.advanceTimersByTimeAsync(100); // the next retry finds it back; the following tick reads
    expect(registry.get('dev_1')!.state).toBe('online');
    const missedInOutage = missed;
    const samplesAtReturn = samples;
    await vi.advanceTimersByTimeAsync(100);
    expect(samples - samplesAtReturn).toBe(5);
    expect(missed).toBe(missedInOutage);
    // Every tick was either served or counted as missed: none vanished in the gap.
    expect(samples + missed).toBe(sub.producer.ticks);
    expect(sub.producer.missedTicks).toBe(missed);
    expect(stopped).toBeUndefined();
    expect(events.map((e) => e.kind)).toEqual(['instrument_state', 'instrument_state']);
    streams.close();
    await registry.close();
  });

  it('still ends its streams on a failure that is not the link (a driver bug)', async () => {
    const driver = new ScriptedDriver();
    const registry = await openRegistry([driver]);
    const streams = new StreamManager(registry, { log: silentLogger });
    let stopped: string | undefined;
    streams.subscribe({
      ownerId: 'client',
      equipmentId: 'dev_1',
      streamType: 'readings',
      intervalMs: 20,
      onSample: () => {},
      onStopped: (reason) => (stopped = reason),
    });
    driver.handler = (call) => {
      if (call.method === 'read') throw new TypeError('cannot read properties of undefined');
      return answerAtOnce(call);
    };
    await vi.advanceTimersByTimeAsync(20);
    expect(stopped).toBe('dev_1 readings stopped: cannot read properties of undefined');
    expect(streams.producerCount).toBe(0);
    expect(registry.get('dev_1')!.state).toBe('online');
    await registry.close();
  });
});
