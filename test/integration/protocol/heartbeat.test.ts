import { describe, expect, it } from 'vitest';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { sleep, TestClient, until } from '../../helpers/testBackend.js';

describe('heartbeat', () => {
  const fixture = useTestBackend({ lazy: true });

  it('terminates a connection that leaves two pings unanswered and releases its streams', async () => {
    const heartbeatMs = 100;
    const backend = await fixture.start({ heartbeatIntervalMs: heartbeatMs });
    // autoPong: false — the ws client then ignores pings, like a peer whose network went away.
    const silent = fixture.track(await TestClient.connect(backend, { autoPong: false }));
    let pings = 0;
    silent.ws.on('ping', () => pings++);
    const healthy = await fixture.connect('json');
    const start = { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 50 };
    await silent.request(start);
    await healthy.request({ ...start, channel: 2 });
    const session = await silent.session(backend);
    const startedMs = performance.now();

    const closed = await silent.closed;
    const afterMs = performance.now() - startedMs;
    // Pinged at 1 and 2 periods, terminated at the third: 1006 on the client (no close frame).
    expect(closed.code).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(afterMs).toBeLessThan(5 * heartbeatMs);
    await until(() => backend.server.connectionCount === 1, 'the server to drop the session', 1_000);
    expect(backend.streams.subscriptionCount).toBe(1);
    expect(session.closed).toBe(true);
    expect(session.timers()).toEqual({ hello: false, drain: false, stats: false, closeGrace: false });

    // A client that answers (every ws client does, by default) outlives many periods.
    await sleep(6 * heartbeatMs);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect((await healthy.request({ type: 'ping' })).type).toBe('pong');
  });
});
