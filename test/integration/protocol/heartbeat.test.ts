import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { TestClient, until } from '../../helpers/testBackend.js';

describe('heartbeat', () => {
  const fixture = useTestBackend({ lazy: true });
  // The heartbeat is a setInterval: faked, each period is one step the test takes, so a loaded machine
  // (whose late timers let a healthy peer's pong arrive after the next ping) cannot change the outcome.
  // Sockets, setTimeout and the streams' timers stay real.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('terminates a connection that leaves two pings unanswered, at the third period, and releases its streams', async () => {
    const heartbeatMs = 100;
    const backend = await fixture.start({ heartbeatIntervalMs: heartbeatMs });
    // autoPong: false — the ws client then ignores pings, like a peer whose network went away.
    const silent = fixture.track(await TestClient.connect(backend, { autoPong: false }));
    let pings = 0;
    // Heartbeat pings carry nothing; the outbound queue's own pings carry the byte count they acknowledge
    // (its in-flight window), and a silent peer gets those too: only the heartbeat's are counted here.
    silent.ws.on('ping', (data: Buffer) => {
      if (data.length === 0) pings++;
    });
    let silentClosed = false;
    void silent.closed.then(() => (silentClosed = true));
    const healthy = await fixture.connect('json');
    const start = { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 50 };
    await silent.request(start);
    await healthy.request({ ...start, channel: 2 });
    const session = await silent.session(backend);
    const healthySession = await healthy.session(backend);

    /** One heartbeat period; then waits until the healthy peer's pong is in (a real round trip). */
    const period = async (): Promise<void> => {
      vi.advanceTimersByTime(heartbeatMs);
      await until(() => healthySession.missedPongs === 0, "the healthy client's pong");
    };
    await period();
    await until(() => pings === 1, 'the first ping');
    await period();
    await until(() => pings === 2, 'the second ping');
    expect(silentClosed).toBe(false);
    expect(session.missedPongs).toBe(2);

    await period();
    // Terminated at the third period without a third ping: 1006 on the client (no close frame).
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    expect(pings).toBe(2);
    await until(() => backend.server.connectionCount === 1, 'the server to drop the session');
    expect(backend.streams.subscriptionCount).toBe(1);
    expect(session.closed).toBe(true);
    expect(session.timers()).toEqual({ hello: false, drain: false, stats: false, closeGrace: false });

    // A client that answers (every ws client does, by default) outlives many periods.
    for (let i = 0; i < 6; i++) await period();
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect((await healthy.request({ type: 'ping' })).type).toBe('pong');
  });
});
