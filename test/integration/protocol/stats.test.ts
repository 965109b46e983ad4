import { describe, expect, it } from 'vitest';
import type { ErrorMessage, StatsMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { sleep, until } from '../../helpers/testBackend.js';

describe('statistics', () => {
  const fixture = useTestBackend();

  it('get_stats reports the connection, each stream, the producer and the event loop', async () => {
    const client = await fixture.connect('json');
    await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 10,
    });
    await sleep(300);
    const stats = await client.request<StatsMessage>({ type: 'get_stats' });
    expect(stats.connection).toMatchObject({
      frames_dropped: 0,
      queued_frames: 0,
      above_watermark_ms: 0,
      full_resolution_bytes_last_s: 0,
      full_resolution_budget_bytes_per_s: 64_000_000,
    });
    expect(stats.connection.messages_sent).toBeGreaterThan(20);
    expect(stats.connection.bytes_sent).toBeGreaterThan(stats.streams[0]!.bytes_sent - 1);
    const [stream] = stats.streams;
    expect(stream).toMatchObject({
      interval_ms: 10,
      frames_dropped: 0,
      queued_frames: 0,
      producer_subscribers: 1,
    });
    expect(stream!.messages_sent).toBeGreaterThan(20);
    expect(stream!.rate_hz).toBeGreaterThan(50);
    expect(stream!.skipped_ticks).toBeGreaterThanOrEqual(0);
    expect(stream!.producer_period_ms).toBeGreaterThan(9);
    expect(stream!.producer_period_ms).toBeLessThan(11);
    const server = stats.server;
    expect(server).toMatchObject({ connections: 1, producers: 1, subscriptions: 1 });
    expect(server.event_loop_lag_p50_ms).toBeGreaterThanOrEqual(0);
    expect(server.event_loop_lag_p99_ms).toBeGreaterThanOrEqual(server.event_loop_lag_p50_ms);
    expect(server.event_loop_lag_max_ms).toBeGreaterThanOrEqual(server.event_loop_lag_p99_ms);
  });

  it('start_stats pushes stats every interval (the first one is the acknowledgement) until stop_stats', async () => {
    const client = await fixture.connect('json');
    const ack = await client.request<StatsMessage>({ type: 'start_stats', interval_ms: 250 });
    expect(ack.type).toBe('stats');
    const pushes = (): StatsMessage[] => client.ofType('stats').filter((m) => m.request_id === undefined);
    const pushTimes: number[] = [];
    await until(
      () => {
        if (pushes().length > pushTimes.length) pushTimes.push(performance.now());
        return pushes().length >= 3;
      },
      'three stats pushes',
      3_000,
    );
    for (let i = 1; i < pushTimes.length; i++) {
      expect(pushTimes[i]! - pushTimes[i - 1]!).toBeGreaterThan(150);
    }
    // A second start_stats changes the period; it is still one timer.
    await client.request({ type: 'start_stats', interval_ms: 60_000 });
    const count = pushes().length;
    await sleep(400);
    expect(pushes()).toHaveLength(count);

    await client.request({ type: 'start_stats', interval_ms: 250 });
    const stopAck = await client.request<StatsMessage>({ type: 'stop_stats' });
    expect(stopAck.type).toBe('stats');
    const afterStop = pushes().length;
    await sleep(600);
    expect(pushes()).toHaveLength(afterStop);
    // stop_stats when nothing runs is fine, and acknowledged the same way.
    expect((await client.request({ type: 'stop_stats' })).type).toBe('stats');
  });

  it('rejects a stats interval outside 250..60000 ms and changes nothing', async () => {
    const client = await fixture.connect('json');
    for (const interval_ms of [100, 60_001, 1.5]) {
      const error = await client.request<ErrorMessage>({ type: 'start_stats', interval_ms });
      expect(error).toMatchObject({
        type: 'error',
        code: 'invalid_message',
        details: { field: 'interval_ms' },
      });
    }
    const session = await client.session(fixture.backend);
    expect(session.timers().stats).toBe(false);
  });
});
