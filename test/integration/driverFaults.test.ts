/**
 * A misbehaving instrument link as the stream layer sees it, through the instrument host: slow reads,
 * dropped readings, a link that times out or drops. Streams of an instrument that is away pause (no fault
 * storm, missed ticks counted) and resume by themselves with a seq gap; only other failures end them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src-main/backend.js';
import { FaultyDriver } from '../../src-main/instruments/faults/FaultyDriver.js';
import type { InstrumentEvent } from '../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { StreamManager } from '../../src-main/streams/StreamManager.js';
import { silentLogger } from '../../src-main/util/log.js';
import type {
  ErrorMessage,
  EventMessage,
  StatsMessage,
  StreamDataMessage,
} from '../../shared/protocol/index.js';
import { openRegistry } from '../helpers/hosts.js';
import { sleep, startTestBackend, TestClient, until } from '../helpers/testBackend.js';

/** Retries at once, so a test waits for the link, not for the backoff. */
const QUICK_RETRY = { backoff: { initialMs: 10, maxMs: 10 } };

describe('PSU fault injection through the stream layer', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('reads slower than the read timeout are missed ticks; after three the instrument goes offline, and the stream resumes when it answers again', async () => {
    const psu = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }), { latencyMs: 200 });
    const registry = await openRegistry([psu], QUICK_RETRY);
    const streams = new StreamManager(registry, { log: silentLogger, readTimeoutMs: 50 });
    cleanups.push(() => registry.close());
    cleanups.push(() => streams.close());
    const events: InstrumentEvent[] = [];
    registry.events.on((e) => events.push(e));
    streams.events.on((e) => events.push(e));
    let samples = 0;
    let missed = 0;
    let stopped: string | undefined;
    const sub = streams.subscribe({
      ownerId: 'test',
      equipmentId: 'psu_1',
      streamType: 'readings',
      intervalMs: 20,
      onSample: () => samples++,
      onMissed: () => missed++,
      onStopped: (reason) => (stopped = reason),
    });
    await until(() => registry.get('psu_1')!.state === 'offline', 'the instrument offline');
    expect(registry.get('psu_1')!.stateReason).toMatch(/3 calls in a row timed out .*timed out after 50 ms/);
    expect(samples).toBe(0);
    psu.configure({ latencyMs: 0 });
    await until(() => samples > 0, 'a sample after the link came back');
    expect(stopped).toBeUndefined();
    expect(missed).toBeGreaterThan(3);
    expect(sub.producer.missedTicks).toBe(missed);
    expect(events.map((e) => e.kind)).not.toContain('stream_fault');
    expect(
      events.filter((e) => e.kind === 'instrument_state').map((e) => (e.details as { state: string }).state),
    ).toEqual(['offline', 'online']);
  });

  describe('on fake timers (the read latency, the producer ticks and the read timeout: exact counts)', () => {
    // Faked after the host has opened, so only the stream's own timing runs on the test's clock.
    const fakeTime = (): void => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    };
    afterEach(async () => {
      // Closed on the test's clock: a read still in its latency must finish for the host to close.
      const closed = (async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      })();
      await vi.advanceTimersByTimeAsync(1_000);
      await closed;
      vi.useRealTimers();
    });

    it('latency below the timeout only slows the stream down (ticks skipped, nothing stopped)', async () => {
      const psu = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }), { latencyMs: 45 });
      const registry = await openRegistry([psu]);
      fakeTime();
      const streams = new StreamManager(registry, { log: silentLogger, readTimeoutMs: 500 });
      cleanups.push(() => registry.close());
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
      const psu = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }), {
        dropReadProbability: 0.5,
        seed: 3,
      });
      const registry = await openRegistry([psu]);
      fakeTime();
      const streams = new StreamManager(registry, { log: silentLogger });
      cleanups.push(() => registry.close());
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

  it('a disconnect over the wire: the instrument goes offline, the stream pauses, commands are refused, and the stream resumes with a seq gap once it is back', async () => {
    const psu = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }));
    const backend: Backend = await startTestBackend({ drivers: [psu], instrumentHost: QUICK_RETRY });
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
    psu.disconnect();
    const offline = await client.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'instrument_state' && m.details?.state === 'offline',
    );
    expect(offline).toMatchObject({ level: 'warning', equipment_id: 'psu_1' });
    expect(offline.message).toMatch(/psu_1 offline: .*disconnected; reconnecting/);
    expect(offline.details?.instrument).toMatchObject({ id: 'psu_1', state: 'offline' });
    const info = await client.request({ type: 'get_info' });
    expect(info).toMatchObject({ instruments: [{ id: 'psu_1', state: 'offline' }] });
    const error = await client.request<ErrorMessage>({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 1,
      parameter: 'voltage_set',
      value: 3,
    });
    expect(error).toMatchObject({ type: 'error', code: 'instrument_fault' });
    expect(error.message).toMatch(/psu_1 is offline/);
    // The stream is paused, not stopped: nothing arrives, and no stream_fault storm.
    const seqBefore = client.ofType('stream_data').at(-1)!.seq;
    await sleep(100);
    expect(client.ofType('stream_data').at(-1)!.seq).toBe(seqBefore);
    psu.reconnect();
    await client.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'instrument_state' && m.details?.state === 'online',
    );
    const resumed = await client.next<StreamDataMessage>(
      (m) => m.type === 'stream_data' && m.seq > seqBefore + 1,
    );
    const stats = await client.request<StatsMessage>({ type: 'get_stats' });
    const missed = stats.streams[0]!.missed_ticks;
    expect(missed).toBeGreaterThan(0);
    // Every tick missed while offline spent a seq: the gap the client sees is exactly the missed ticks.
    const seqs = client.ofType('stream_data').map((m) => m.seq);
    const gaps = seqs.slice(1).reduce((sum, seq, i) => sum + (seq - seqs[i]! - 1), 0);
    expect(gaps).toBe(missed);
    expect(resumed.seq).toBeGreaterThan(seqBefore + 1);
    expect(client.ofType('stream_stopped')).toHaveLength(0);
    expect(client.ofType('event').filter((e) => e.kind === 'stream_fault')).toHaveLength(0);
  });
});
