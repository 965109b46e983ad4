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
    // b carries on (counted, not timed); a, whose stop was acknowledged, gets nothing more meanwhile.
    await until(() => dataCount(b) - bAtStop >= 5, 'b to carry on');
    await a.request({ type: 'ping' }); // a round trip: anything sent to a before it has arrived
    expect(dataCount(a)).toBe(aAtStop);
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

  it('removes every subscription, producer and session timer of a connection that drops', async () => {
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
    await until(() => b.server.connectionCount === 1, 'the connection to be dropped');
    await until(() => b.streams.subscriptionCount === 1, 'its subscriptions to go');
    expect(b.streams.producerCount).toBe(1);
    expect(session.closed).toBe(true);
    expect(session.timers()).toEqual({ hello: false, drain: false, stats: false, closeGrace: false });
    // The other connection never noticed.
    const before = dataCount(survivor);
    await until(() => dataCount(survivor) > before, 'the survivor’s next reading');
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
    // Counted, not timed: ten of each, however long a loaded machine takes.
    await until(
      () =>
        client.binary.length - framesBefore >= 10 &&
        client.ofType('stream_data').length - measurementsBefore >= 10 &&
        other.binary.length >= 5,
      'ten frames and measurements, five frames for the other client',
    );
    const acquisitions = scope.acquisitionCount - startCount;
    // A round trip: every frame and measurement of the acquisitions counted above has arrived.
    await client.request({ type: 'ping' });
    const frames = client.binary.length - framesBefore;
    const measurements = client.ofType('stream_data').length - measurementsBefore;
    // Without sharing this would be frames + measurements + the other client's frames (≈ 50).
    expect(acquisitions).toBeLessThanOrEqual(Math.max(frames, measurements) + 2);
  });
});
