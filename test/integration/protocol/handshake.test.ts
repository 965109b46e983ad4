import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { APP_VERSION } from '../../../src-main/version.js';
import {
  CloseCode,
  HELLO_TIMEOUT_MS,
  PROTOCOL_VERSION,
  type ErrorMessage,
  type PongMessage,
  type WelcomeMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { restartablePort } from '../../helpers/restartPort.js';
import { TestClient } from '../../helpers/testBackend.js';

describe('handshake', () => {
  const fixture = useTestBackend();
  const { track } = fixture;

  async function expectUsable(client: TestClient): Promise<void> {
    const pong = await client.request<PongMessage>({ type: 'ping' });
    expect(pong.type).toBe('pong');
  }

  it('answers hello with welcome: protocol, session id, server name and version, encodings', async () => {
    const client = track(await TestClient.open(fixture.backend.wsUrl));
    client.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      token: fixture.backend.token,
      client: 'it',
      encodings: ['json', 'binary'],
    });
    const welcome = await client.next<WelcomeMessage>((m) => m.type === 'welcome');
    expect(welcome).toEqual({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      instance_id: fixture.backend.server.instanceId,
      server: { name: 'benchtop', version: APP_VERSION },
      encodings: ['json', 'binary'],
    });
    await expectUsable(client);
  });

  it('gives each connection its own session id and defaults encodings to json', async () => {
    const a = track(await TestClient.open(fixture.backend.wsUrl));
    const b = track(await TestClient.open(fixture.backend.wsUrl));
    for (const c of [a, b])
      c.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: fixture.backend.token });
    const [wa, wb] = await Promise.all(
      [a, b].map((c) => c.next<WelcomeMessage>((m) => m.type === 'welcome')),
    );
    expect(wa!.session_id).not.toBe(wb!.session_id);
    expect(wa!.encodings).toEqual(['json']);
  });

  it('tells a restarted backend apart by its instance id, the same for every connection of one run', async () => {
    const hello = async (): Promise<WelcomeMessage> => {
      const client = track(await TestClient.open(fixture.backend.wsUrl));
      client.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: fixture.backend.token });
      return client.next<WelcomeMessage>((m) => m.type === 'welcome');
    };
    // On a port outside the ephemeral pool, which nobody else can be handed between the stop and the restart.
    await fixture.stop();
    await fixture.start({ port: await restartablePort() });
    const first = await hello();
    expect(first.instance_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await hello()).instance_id).toBe(first.instance_id);
    // Restarted on the same port with the same token: a dashboard's URL still works, but it is a new run.
    const { port, token } = fixture.backend;
    await fixture.stop();
    await fixture.start({ port, token });
    expect((await hello()).instance_id).not.toBe(first.instance_id);
  });

  it('accepts the token in the URL instead of hello', async () => {
    const client = await fixture.connect('json');
    await expectUsable(client);
    // A hello without a token is still welcome on a connection the URL authenticated.
    const welcome = await client.request<WelcomeMessage>({ type: 'hello', protocol: PROTOCOL_VERSION });
    expect(welcome.type).toBe('welcome');
  });

  it('answers a hello of another protocol version with protocol_mismatch, then closes 4406', async () => {
    const client = track(await TestClient.open(fixture.backend.wsUrl));
    client.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION + 1,
      token: fixture.backend.token,
      request_id: 'h1',
    });
    const error = await client.next<ErrorMessage>((m) => m.type === 'error');
    expect(error).toMatchObject({
      request_id: 'h1',
      code: 'protocol_mismatch',
      details: { server: PROTOCOL_VERSION, client: PROTOCOL_VERSION + 1 },
    });
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.protocolMismatch);
    expect(closed.reason).toContain(`${PROTOCOL_VERSION + 1}`);
  });

  it('answers protocol_mismatch even when the other version’s hello has fields this one does not know', async () => {
    const client = track(await TestClient.open(fixture.backend.wsUrl));
    client.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION + 1,
      token: fixture.backend.token,
      resume_from: { seq: 5 },
    });
    expect(await client.next<ErrorMessage>((m) => m.type === 'error')).toMatchObject({
      code: 'protocol_mismatch',
    });
    expect((await client.closed).code).toBe(CloseCode.protocolMismatch);
  });

  it('closes 4401 with a reason on a wrong token in hello', async () => {
    const client = track(await TestClient.open(fixture.backend.wsUrl));
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: `${fixture.backend.token}x` });
    expect(await client.closed).toEqual({ code: CloseCode.unauthorized, reason: 'invalid token' });
    expect(client.ofType('welcome')).toHaveLength(0);
  });

  it('closes 4401 on a hello without a token when the URL carried none', async () => {
    const client = track(await TestClient.open(fixture.backend.wsUrl));
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    expect(await client.closed).toEqual({ code: CloseCode.unauthorized, reason: 'missing token' });
  });

  it.each([
    ['a wrong token', 'not-the-token'],
    ['an empty token', ''],
  ])('closes 4401 on %s in the URL', async (_what, token) => {
    const client = track(await TestClient.open(`${fixture.backend.wsUrl}?token=${token}`));
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.unauthorized);
    expect(closed.reason).toBe('invalid token');
    expect(client.messages).toHaveLength(0);
  });

  it('closes 4408 when neither hello nor a URL token arrives in time, and not a millisecond before', async () => {
    // The hello timer is a setTimeout: faked, the test steps to just before and just at its end, which a
    // loaded machine's late timers cannot blur. Sockets stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const client = track(await TestClient.open(fixture.backend.wsUrl));
      let closedYet = false;
      void client.closed.then(() => (closedYet = true));
      const [session] = fixture.backend.server.sessions();
      vi.advanceTimersByTime(HELLO_TIMEOUT_MS - 1);
      expect(session!.closed).toBe(false);
      expect(closedYet).toBe(false);
      vi.advanceTimersByTime(1);
      const closed = await client.closed;
      expect(closed.code).toBe(CloseCode.handshakeTimeout);
      expect(closed.reason).toMatch(/no hello/);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['a command', { type: 'ping', request_id: 'p0' }, 'p0'],
    [
      'a stream start',
      { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', request_id: 3 },
      3,
    ],
    ['bad JSON', '{"type":', undefined],
    ['an invalid hello', { type: 'hello', protocol: '1', token: 'x' }, undefined],
    ['a binary frame', Buffer.from([1, 2, 3]), undefined],
  ])(
    'answers %s before the handshake with handshake_required and closes 4401',
    async (_what, message, requestId) => {
      const client = track(await TestClient.open(fixture.backend.wsUrl));
      if (Buffer.isBuffer(message)) client.ws.send(message);
      else client.send(message);
      const error = await client.next<ErrorMessage>((m) => m.type === 'error');
      expect(error).toMatchObject({ code: 'handshake_required' });
      expect(error.request_id).toBe(requestId);
      expect((await client.closed).code).toBe(CloseCode.unauthorized);
      expect(fixture.backend.streams.subscriptionCount).toBe(0);
    },
  );

  describe('admission', () => {
    it('admits its own origin, and closes a foreign one 4403 naming the flag that would admit it', async () => {
      const own = track(
        await TestClient.open(`${fixture.backend.wsUrl}?token=${fixture.backend.token}`, {
          origin: `http://127.0.0.1:${fixture.backend.port}`,
        }),
      );
      await expectUsable(own);
      const foreign = new TestClient(`${fixture.backend.wsUrl}?token=${fixture.backend.token}`, {
        origin: 'http://evil.example',
      });
      track(foreign);
      const closed = await foreign.closed;
      expect(closed.code).toBe(CloseCode.originNotAllowed);
      expect(closed.reason).toBe(
        'origin not allowed; start this backend with --allow-origin http://evil.example',
      );
    });

    it('answers 404 for another path', async () => {
      const other = track(
        new TestClient(`ws://127.0.0.1:${fixture.backend.port}/socket?token=${fixture.backend.token}`),
      );
      await expect(other.opened).rejects.toThrow(/404/);
    });

    it('answers 400 to an upgrade whose request target is no URL, and keeps serving', async () => {
      const response = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(fixture.backend.port, '127.0.0.1', () => {
          socket.write(
            'GET //[/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
          );
        });
        let text = '';
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(response.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      await expectUsable(await fixture.connect('json'));
    });
  });
});
