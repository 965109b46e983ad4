import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorMessage, StatsMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { until } from '../../helpers/testBackend.js';

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
    // Counted, not timed: on a loaded machine 300 ms may hold far fewer ticks than nominal.
    await until(() => client.ofType('stream_data').length > 20, 'more than 20 readings');
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
    // Reported, as figures of this run: how close they come to 100 Hz and 10 ms depends on the machine's
    // load. The period's arithmetic is the DeadlineTimer's unit test (fake clock); its drift, a benchmark.
    expect(stream!.rate_hz).toBeGreaterThan(0);
    expect(stream!.skipped_ticks).toBeGreaterThanOrEqual(0);
    expect(stream!.producer_period_ms).toBeGreaterThan(0);
    expect(Number.isFinite(stream!.producer_period_ms)).toBe(true);
    const server = stats.server;
    expect(server).toMatchObject({ connections: 1, producers: 1, subscriptions: 1 });
    expect(server.event_loop_lag_p50_ms).toBeGreaterThanOrEqual(0);
    expect(server.event_loop_lag_p99_ms).toBeGreaterThanOrEqual(server.event_loop_lag_p50_ms);
    expect(server.event_loop_lag_max_ms).toBeGreaterThanOrEqual(server.event_loop_lag_p99_ms);
  });

  describe('pushed', () => {
    // The push is a setInterval: faked, so each period is a step the test takes and "no push in 400 ms"
    // holds however late a loaded machine runs timers. Sockets and setTimeout stay real.
    beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
    afterEach(() => vi.useRealTimers());

    it('start_stats pushes stats every interval (the first one is the acknowledgement) until stop_stats', async () => {
      const client = await fixture.connect('json');
      const ack = await client.request<StatsMessage>({ type: 'start_stats', interval_ms: 250 });
      expect(ack.type).toBe('stats');
      const pushes = (): StatsMessage[] => client.ofType('stats').filter((m) => m.request_id === undefined);
      // A push once per period, not before it ends.
      for (let n = 1; n <= 3; n++) {
        vi.advanceTimersByTime(249);
        await client.request({ type: 'ping' }); // a round trip: anything sent before it has arrived
        expect(pushes()).toHaveLength(n - 1);
        vi.advanceTimersByTime(1);
        await until(() => pushes().length === n, `push ${n}`);
      }
      // A second start_stats changes the period; it is still one timer.
      await client.request({ type: 'start_stats', interval_ms: 60_000 });
      vi.advanceTimersByTime(59_999);
      await client.request({ type: 'ping' });
      expect(pushes()).toHaveLength(3);
      vi.advanceTimersByTime(1);
      await until(() => pushes().length === 4, 'the push of the 60 s period');

      await client.request({ type: 'start_stats', interval_ms: 250 });
      const stopAck = await client.request<StatsMessage>({ type: 'stop_stats' });
      expect(stopAck.type).toBe('stats');
      vi.advanceTimersByTime(10 * 250);
      await client.request({ type: 'ping' });
      expect(pushes()).toHaveLength(4);
      // stop_stats when nothing runs is fine, and acknowledged the same way.
      expect((await client.request({ type: 'stop_stats' })).type).toBe('stats');
    });
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
