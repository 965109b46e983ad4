import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type {
  StatsMessage,
  StreamDataMessage,
  StreamStartedMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { sleep, startTestBackend, type TestClient, until } from '../../helpers/testBackend.js';

describe('subscriptions: shared producers, owned by connections', () => {
  const fixture = useTestBackend({ lazy: true });
  const { connect } = fixture;
  async function start(
    scope?: SimOscilloscope,
    session?: Parameters<typeof startTestBackend>[0],
  ): Promise<Backend> {
    const drivers = [new SimPowerSupply({ id: 'psu_1', seed: 42 }), ...(scope ? [scope] : [])];
    return fixture.start({ drivers, ...session });
  }

  const readings = { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 20 };
  const dataCount = (c: TestClient): number => c.ofType('stream_data').length;

  it('serves two clients from one producer; a stop affects only its own subscriber; the last stop ends it', async () => {
    const streams = (await start()).streams;
    const a = await connect('json');
    const b = await connect('json');
    await a.request(readings);
    const bStream = await b.request<StreamStartedMessage>(readings);
    expect(streams.producerCount).toBe(1);
    expect(streams.subscriptionCount).toBe(2);
    expect(streams.producers()[0]!.subscribers.size).toBe(2);
    // A different rate is a different producer.
    await b.request({ ...readings, interval_ms: 50, channel: 2 });
    expect(streams.producerCount).toBe(2);
    await b.request({ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings', channel: 2 });
    expect(streams.producerCount).toBe(1);
    await until(() => dataCount(a) >= 3 && dataCount(b) >= 3, 'data on both clients');

    await a.request({ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' });
    expect(streams.producerCount).toBe(1);
    expect(streams.subscriptionCount).toBe(1);
    const aAtStop = dataCount(a);
    const bAtStop = dataCount(b);
    await sleep(200);
    expect(dataCount(a)).toBe(aAtStop);
    // b carries on at its own pace (20 ms): about ten messages in 200 ms, at least half of them.
    expect(dataCount(b) - bAtStop).toBeGreaterThanOrEqual(5);
    const seqs = (b.ofType('stream_data') as StreamDataMessage[])
      .filter((m) => m.stream_id === bStream.stream_id)
      .map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));

    await b.request({ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' });
    expect(streams.producerCount).toBe(0);
    expect(streams.subscriptionCount).toBe(0);
  });

  it('reports the shared producer in each connection’s stats', async () => {
    await start();
    const a = await connect('json');
    const b = await connect('json');
    await a.request(readings);
    await b.request({ ...readings, channel: 1 });
    await sleep(150);
    const stats = await a.request<StatsMessage>({ type: 'get_stats' });
    expect(stats.streams).toHaveLength(1);
    expect(stats.streams[0]).toMatchObject({ producer_subscribers: 2, frames_dropped: 0, queued_frames: 0 });
    expect(stats.server).toMatchObject({ producers: 1, subscriptions: 2, connections: 2 });
  });

  it('removes every subscription, producer and session timer of a connection that drops, within 1 s', async () => {
    const scope = new SimOscilloscope({ id: 'scope_1', seed: 3, initial: { recordLength: 100_000 } });
    const b = await start(scope, {
      session: { highWatermarkBytes: 256 * 1024, lowWatermarkBytes: 64 * 1024 },
    });
    const survivor = await connect('json');
    await survivor.request({ ...readings, interval_ms: 100 });
    const client = await connect('binary');
    const session = await client.session(b);
    for (const request of [
      { ...readings, channel: 1 },
      { ...readings, channel: 2, interval_ms: 10 },
      { type: 'start_stream', equipment_id: 'scope_1', stream_type: 'measurements', interval_ms: 50 },
      {
        type: 'start_stream',
        equipment_id: 'scope_1',
        stream_type: 'waveform',
        interval_ms: 20,
        full_resolution: true,
      },
      { type: 'start_stats', interval_ms: 250 },
    ]) {
      expect((await client.request(request)).type).not.toBe('error');
    }
    expect(b.streams.subscriptionCount).toBe(5);
    // Stall the client so its queue is backed up (a drain timer running) when it vanishes.
    client.pause();
    await until(() => session.timers().drain, 'the send queue backing up');
    expect(session.timers()).toMatchObject({ stats: true, drain: true });

    client.ws.terminate();
    const gone = performance.now();
    await until(() => b.server.connectionCount === 1, 'the connection to be dropped', 1_000);
    await until(() => b.streams.subscriptionCount === 1, 'its subscriptions to go', 1_000);
    expect(performance.now() - gone).toBeLessThan(1_000);
    expect(b.streams.producerCount).toBe(1);
    expect(session.closed).toBe(true);
    expect(session.timers()).toEqual({ hello: false, drain: false, stats: false, closeGrace: false });
    // The other connection never noticed.
    const before = dataCount(survivor);
    await sleep(250);
    expect(dataCount(survivor)).toBeGreaterThan(before);
  });

  it('lets one scope acquisition serve the waveform and the measurements streams', async () => {
    const scope = new SimOscilloscope({ id: 'scope_1', seed: 5 });
    await start(scope);
    const client = await connect('binary');
    const waveform = { type: 'start_stream', equipment_id: 'scope_1', stream_type: 'waveform' };
    await client.request({ ...waveform, interval_ms: 50 });
    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'measurements',
      interval_ms: 50,
    });
    // A second client's waveform at a slower rate: a third producer, still no acquisitions of its own.
    const other = await connect('binary');
    await other.request({ ...waveform, interval_ms: 100 });
    const startCount = scope.acquisitionCount;
    const measurementsBefore = client.ofType('stream_data').length;
    const framesBefore = client.binary.length;
    await sleep(1_000);
    const acquisitions = scope.acquisitionCount - startCount;
    const frames = client.binary.length - framesBefore;
    const measurements = client.ofType('stream_data').length - measurementsBefore;
    expect(frames).toBeGreaterThanOrEqual(10);
    expect(measurements).toBeGreaterThanOrEqual(10);
    expect(other.binary.length).toBeGreaterThanOrEqual(5);
    // Without sharing this would be frames + measurements + the other client's frames (≈ 50).
    expect(acquisitions).toBeLessThanOrEqual(Math.max(frames, measurements) + 2);
  });
});
