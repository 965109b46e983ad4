/**
 * One authenticated client that asks and never reads (issue 15): 30,000 `get_info` on a paused socket used
 * to queue every reply (75 MB here, 600 MB with the full bench) and slow every other client down. Now its
 * commands are rate-limited and what it can have queued is bounded; past either, it is closed (1008) and
 * everyone else carries on. Assertions are on bytes queued and sent, not on RSS or timings.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { DEFAULT_SESSION_OPTIONS } from '../../../src-main/server/sessions/sessionOptions.js';
import { CloseCode, type ErrorMessage, type PongMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { type TestClient, until } from '../../helpers/testBackend.js';

const FLOOD = 30_000;

/** Sends `count` get_info with request ids 0.., yielding now and then as a client on its own loop would. */
async function flood(client: TestClient, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    client.send({ type: 'get_info', request_id: i });
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The reply size this backend gives to get_info, bytes. */
async function infoBytes(client: TestClient): Promise<number> {
  return Buffer.byteLength(JSON.stringify(await client.request({ type: 'get_info' })));
}

async function expectBystanderServed(backend: Backend, bystander: TestClient): Promise<void> {
  for (let i = 0; i < 3; i++) {
    expect((await bystander.request<PongMessage>({ type: 'ping' })).type).toBe('pong');
  }
  expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
  expect(backend.server.authenticatedCount).toBe(1);
}

describe('a client that floods commands and never reads', () => {
  const fixture = useTestBackend({ lazy: true });

  it('is rate-limited, then closed (1008), having been sent a bounded amount', async () => {
    const backend = await fixture.start();
    const bystander = await fixture.connect('json');
    const flooder = await fixture.connect('json');
    const replyBytes = await infoBytes(flooder);
    const session = await flooder.session(backend);
    const { commandsPerS, commandBurst } = DEFAULT_SESSION_OPTIONS;

    flooder.pause();
    const pings = [bystander.request<PongMessage>({ type: 'ping' })];
    await flood(flooder, FLOOD);
    pings.push(bystander.request<PongMessage>({ type: 'ping' }));
    await until(() => session.closed, 'the server to close the flooder', 60_000);
    expect((await Promise.all(pings)).map((p) => p.type)).toEqual(['pong', 'pong']);

    // A burst was run and a burst refused, plus what the rate refilled while the flood was read (about
    // 850 replies on a quiet machine; more the slower this process reads): a small part of the 30,000.
    const { connection } = session.stats();
    expect(connection.messages_sent).toBeGreaterThanOrEqual(2 * commandBurst);
    expect(connection.messages_sent).toBeLessThan(FLOOD / 10);
    expect(connection.bytes_sent).toBeLessThan(FLOOD * replyBytes * 0.1);

    flooder.resume();
    expect(await flooder.closed).toEqual({
      code: CloseCode.policyViolation,
      reason: `too many commands: over ${commandsPerS} a second`,
    });
    const refused = flooder.ofType('error') as ErrorMessage[];
    expect(refused.length).toBeGreaterThanOrEqual(commandBurst);
    expect(refused[0]).toMatchObject({ code: 'rate_limited', details: { limit_per_s: commandsPerS } });
    expect(typeof refused[0]!.request_id).toBe('number'); // the refused command's own id, echoed
    await expectBystanderServed(backend, bystander);
  });

  it('is closed (1008) once its unsent replies would pass session.maxQueuedBytes', async () => {
    const maxQueuedBytes = 1024 * 1024;
    const backend = await fixture.start({
      session: {
        highWatermarkBytes: 256 * 1024,
        lowWatermarkBytes: 64 * 1024,
        maxQueuedBytes,
        // No rate limit to speak of: the byte bound alone must stop it.
        commandsPerS: 1e9,
        commandBurst: 1e9,
      },
    });
    const bystander = await fixture.connect('json');
    const flooder = await fixture.connect('json');
    const replyBytes = await infoBytes(flooder);
    const session = await flooder.session(backend);

    flooder.pause();
    await flood(flooder, FLOOD);
    await until(() => session.closed, 'the server to close the flooder', 60_000);
    const { connection } = session.stats();
    expect(connection.queue_bytes).toBeLessThanOrEqual(maxQueuedBytes);
    // What the kernel's socket buffers took plus the bound — not the 30,000 replies asked for.
    expect(connection.messages_sent).toBeLessThan(FLOOD / 2);
    expect(connection.bytes_sent).toBeLessThan((FLOOD / 2) * replyBytes);

    flooder.resume();
    expect(await flooder.closed).toEqual({
      code: CloseCode.policyViolation,
      reason: 'client not reading: over 1 MiB queued',
    });
    await expectBystanderServed(backend, bystander);
  });

  it('answers rate_limited with the request id and runs nothing over the rate, keeping the connection', async () => {
    // One token per 1,000 s: no refill during the test, whatever the machine's speed (refill is unit-tested).
    const backend = await fixture.start({ session: { commandsPerS: 0.001, commandBurst: 5 } });
    const client = await fixture.connect('json');
    for (let i = 0; i < 8; i++) client.send({ type: 'ping', request_id: `p${i}` });
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.next((m) => 'request_id' in m && m.request_id === `p${i}`)),
    );
    expect(replies.map((m) => (m.type === 'error' ? m.code : m.type))).toEqual([
      ...Array<string>(5).fill('pong'),
      ...Array<string>(3).fill('rate_limited'),
    ]);
    expect(replies[5]).toMatchObject({ details: { limit_per_s: 0.001, burst: 5 } });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(backend.server.authenticatedCount).toBe(1);
  });
});
