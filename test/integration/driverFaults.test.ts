import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src-main/backend.js';
import type { InstrumentEvent, StreamSample } from '../../src-main/instruments/InstrumentDriver.js';
import { InstrumentRegistry } from '../../src-main/instruments/InstrumentRegistry.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { StreamManager } from '../../src-main/streams/StreamManager.js';
import { silentLogger } from '../../src-main/util/log.js';
import type { ErrorMessage, EventMessage, StreamStoppedMessage } from '../../shared/protocol/index.js';
import { startTestBackend, TestClient, until } from '../helpers/testBackend.js';

describe('PSU fault injection through the stream layer', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a read slower than the read timeout stops the stream with a timeout reason and a fault event', async () => {
    const psu = new SimPowerSupply({ id: 'psu_1', seed: 1, faults: { latencyMs: 200 } });
    const streams = new StreamManager(new InstrumentRegistry([psu]), {
      log: silentLogger,
      readTimeoutMs: 50,
    });
    cleanups.push(() => streams.close());
    const events: InstrumentEvent[] = [];
    streams.events.on((e) => events.push(e));
    const samples: StreamSample[] = [];
    const stopped = new Promise<string>((resolve) => {
      streams.subscribe({
        ownerId: 'test',
        equipmentId: 'psu_1',
        streamType: 'readings',
        intervalMs: 20,
        onSample: (s) => samples.push(s),
        onStopped: resolve,
      });
    });
    const reason = await stopped;
    expect(reason).toMatch(/psu_1 readings stopped: .*timed out after 50 ms/);
    expect(samples).toHaveLength(0);
    expect(events).toMatchObject([{ kind: 'stream_fault', level: 'error', equipmentId: 'psu_1' }]);
    expect(streams.producerCount).toBe(0);
  });

  describe('on fake timers (the read latency, the producer ticks and the read timeout: exact counts)', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
    afterEach(() => vi.useRealTimers());

    it('latency below the timeout only slows the stream down (ticks skipped, nothing stopped)', async () => {
      const psu = new SimPowerSupply({ id: 'psu_1', seed: 1, faults: { latencyMs: 45 } });
      const streams = new StreamManager(new InstrumentRegistry([psu]), {
        log: silentLogger,
        readTimeoutMs: 500,
      });
      cleanups.push(() => streams.close());
      let samples = 0;
      let stoppedReason: string | undefined;
      const sub = streams.subscribe({
        ownerId: 'test',
        equipmentId: 'psu_1',
        streamType: 'readings',
        intervalMs: 10,
        onSample: () => samples++,
        onStopped: (r) => (stoppedReason = r),
      });
      await vi.advanceTimersByTimeAsync(400);
      expect(stoppedReason).toBeUndefined();
      // A read takes 45 ms, so one starts every 50 ms (0, 50, …, 400) and the four ticks in between find it
      // busy: 8 reads done by 400 ms, 9 started, 32 ticks skipped.
      expect(samples).toBe(8);
      expect(sub.producer.ticks).toBe(41);
      expect(sub.producer.skippedTicks).toBe(32);
    });

    it('dropped reads leave gaps but keep the stream running', async () => {
      const psu = new SimPowerSupply({ id: 'psu_1', seed: 1, faults: { dropReadProbability: 0.5, seed: 3 } });
      const streams = new StreamManager(new InstrumentRegistry([psu]), { log: silentLogger });
      cleanups.push(() => streams.close());
      let samples = 0;
      const sub = streams.subscribe({
        ownerId: 'test',
        equipmentId: 'psu_1',
        streamType: 'readings',
        intervalMs: 10,
        onSample: () => samples++,
        onStopped: () => {
          throw new Error('a dropped read must not stop the stream');
        },
      });
      await vi.advanceTimersByTimeAsync(300);
      // 31 ticks (0, 10, …, 300): every read either produced a sample or came back empty; about half each.
      expect(sub.producer.ticks).toBe(31);
      expect(samples + sub.producer.emptyReads).toBe(31);
      expect(samples).toBeGreaterThan(5);
      expect(sub.producer.emptyReads).toBeGreaterThan(5);
      expect(streams.subscriptionCount).toBe(1);
    });
  });

  it('a disconnect over the wire: the stream stops with a reason, commands get errors, the server carries on', async () => {
    const psu = new SimPowerSupply({ id: 'psu_1', seed: 1 });
    const backend: Backend = await startTestBackend({ drivers: [psu] });
    cleanups.push(() => backend.close());
    const client = await TestClient.connect(backend);
    cleanups.push(() => client.close());
    await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    await client.next((m) => m.type === 'stream_data');
    psu.faults.disconnect();
    const stopped = await client.next<StreamStoppedMessage>((m) => m.type === 'stream_stopped');
    expect(stopped.reason).toMatch(/disconnected/);
    const event = await client.next<EventMessage>((m) => m.type === 'event' && m.kind === 'stream_fault');
    expect(event.equipment_id).toBe('psu_1');
    const error = await client.request<ErrorMessage>({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 1,
      parameter: 'voltage_set',
      value: 3,
    });
    expect(error.type).toBe('error');
    expect(error.message).toMatch(/disconnected/);
    // The connection itself is fine: it still answers, and a reconnected instrument streams again.
    await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    psu.faults.reconnect();
    const restarted = await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    expect(restarted.type).toBe('stream_started');
    const count = client.ofType('stream_data').length;
    await until(() => client.ofType('stream_data').length > count, 'readings after the reconnect');
  });
});
