/**
 * Connections that never send a token (issue 15): they have a small cap of their own and a short hello
 * timeout, so however many an attacker opens — and reopens as they are closed — clients with the token
 * still get in, and the authenticated-client limit counts only clients.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CloseCode,
  MAX_PENDING_CONNECTIONS,
  type PongMessage,
  type WelcomeMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { TestClient, until } from '../../helpers/testBackend.js';

/** `count` sockets to /ws that never send anything, each reopened as soon as the server closes it. */
function tokenlessFlood(url: string, count: number): { stop(): void; opened(): number } {
  let running = true;
  let opened = 0;
  const live = new Set<WebSocket>();
  const open = (): void => {
    if (!running) return;
    const ws = new WebSocket(url);
    live.add(ws);
    ws.on('open', () => opened++);
    ws.on('error', () => {});
    ws.on('close', () => {
      live.delete(ws);
      setImmediate(open);
    });
  };
  for (let i = 0; i < count; i++) open();
  return {
    stop() {
      running = false;
      for (const ws of live) ws.terminate();
    },
    opened: () => opened,
  };
}

describe('connections awaiting hello', () => {
  const fixture = useTestBackend({ lazy: true });

  // The flood reconnects as fast as it is displaced, attacker and server sharing this process: about 5 s on
  // a quiet 2-core machine, far longer when the machine is loaded. The config's bound for a hang (120 s)
  // applies; nothing in it is judged by time.
  it('cannot lock clients out: 64 token-less sockets, reopened when closed, and 20 of 20 clients get in', async () => {
    const backend = await fixture.start();
    const flood = tokenlessFlood(backend.wsUrl, 64);
    let maxPending = 0;
    const sampler = setInterval(() => (maxPending = Math.max(maxPending, backend.server.pendingCount)), 1);
    try {
      // Generous waits (never judged): on a loaded machine the flood slows everything in this process.
      await until(() => flood.opened() >= 64, 'the flood to open its sockets', 60_000);
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        // Half the way the dashboard comes in (hello), half the streaming guide's way (token in the URL).
        const client = new TestClient(
          i % 2 === 0 ? backend.wsUrl : `${backend.wsUrl}?token=${backend.token}`,
        );
        fixture.track(client);
        await client.opened;
        if (i % 2 === 0) client.send({ type: 'hello', protocol: 1, token: backend.token });
        const pong = client.request<PongMessage>({ type: 'ping' }, 60_000);
        outcomes.push(
          await Promise.race([
            pong.then((m) => m.type),
            client.closed.then((c) => `closed ${c.code} ${c.reason}`),
          ]),
        );
        await client.close();
      }
      expect(outcomes).toEqual(Array<string>(20).fill('pong'));
      expect(flood.opened()).toBeGreaterThan(64); // the attack really did keep reopening
    } finally {
      clearInterval(sampler);
      flood.stop();
    }
    expect(maxPending).toBeLessThanOrEqual(MAX_PENDING_CONNECTIONS);
  });

  it('displaces the connection that waited longest when the pending cap is full (4429)', async () => {
    const backend = await fixture.start({ maxPendingConnections: 2 });
    const first = fixture.track(await TestClient.open(backend.wsUrl));
    const second = fixture.track(await TestClient.open(backend.wsUrl));
    const third = fixture.track(await TestClient.open(backend.wsUrl));
    expect(await first.closed).toEqual({
      code: CloseCode.tryAgainLater,
      reason: 'too many connections awaiting hello',
    });
    expect(backend.server.pendingCount).toBe(2);
    // The newer two are still there and can finish their handshake.
    for (const c of [second, third]) c.send({ type: 'hello', protocol: 1, token: backend.token });
    await Promise.all([second, third].map((c) => c.next<WelcomeMessage>((m) => m.type === 'welcome')));
    expect(backend.server.pendingCount).toBe(0);
    expect(backend.server.authenticatedCount).toBe(2);
  });

  it('keeps pending connections out of the client limit, which a hello is held to', async () => {
    const backend = await fixture.start({ maxConnections: 2 });
    const waiting = await Promise.all(
      Array.from({ length: 5 }, async () => fixture.track(await TestClient.open(backend.wsUrl))),
    );
    await fixture.connect('json');
    await fixture.connect('binary');
    expect(backend.server.authenticatedCount).toBe(2);
    expect(backend.server.pendingCount).toBe(5);
    // A third client is refused whichever way it proves the token, and gets no welcome first.
    const byUrl = fixture.track(new TestClient(`${backend.wsUrl}?token=${backend.token}`));
    expect(await byUrl.closed).toEqual({ code: CloseCode.tryAgainLater, reason: 'too many connections' });
    waiting[0]!.send({ type: 'hello', protocol: 1, token: backend.token });
    expect(await waiting[0]!.closed).toEqual({
      code: CloseCode.tryAgainLater,
      reason: 'too many connections',
    });
    expect(waiting[0]!.ofType('welcome')).toHaveLength(0);
    expect(backend.server.authenticatedCount).toBe(2);
  });

  it('closes a connection that sends no hello within session.helloTimeoutMs (4408)', async () => {
    const backend = await fixture.start({ session: { helloTimeoutMs: 150 } });
    const client = fixture.track(await TestClient.open(backend.wsUrl));
    expect(await client.closed).toEqual({
      code: CloseCode.handshakeTimeout,
      reason: 'no hello within 150 ms',
    });
    await until(() => backend.server.pendingCount === 0, 'the pending slot to be freed');
  });
});
