/**
 * Below the WebSocket library: raw TCP peers that send garbage, stop halfway through a frame, announce
 * absurd lengths or vanish. The server must answer or drop each one, keep serving everyone else, and hold
 * no session for a peer that is gone.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { sleep, type TestClient, until } from '../../helpers/testBackend.js';

/** Opens a TCP socket and completes the WebSocket upgrade by hand; resolves once 101 has arrived. */
async function rawUpgrade(backend: Backend): Promise<net.Socket> {
  const socket = net.connect(backend.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `GET /ws?token=${backend.token} HTTP/1.1\r\nHost: 127.0.0.1:${backend.port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
  });
  return socket;
}

/** A masked client frame header: FIN + opcode, then a 7/16/64-bit length, then the mask. */
function frameHeader(opcode: number, length: bigint): Buffer {
  const mask = randomBytes(4);
  if (length < 126n) return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | Number(length)]), mask]);
  if (length < 65_536n) {
    const b = Buffer.alloc(4);
    b[0] = 0x80 | opcode;
    b[1] = 0x80 | 126;
    b.writeUInt16BE(Number(length), 2);
    return Buffer.concat([b, mask]);
  }
  const b = Buffer.alloc(10);
  b[0] = 0x80 | opcode;
  b[1] = 0x80 | 127;
  b.writeBigUInt64BE(length, 2);
  return Buffer.concat([b, mask]);
}

/** True once the server has closed the socket. Reads (and discards) what arrives, as a paused socket never sees the end. */
function closedWithin(socket: net.Socket, ms = HANG_BOUND_MS): Promise<boolean> {
  socket.resume();
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// The waits below bound a hang, not a speed: generous, since a loaded machine serves sockets late.
const HANG_BOUND_MS = 10_000;

async function waitForConnections(backend: Backend, count: number, timeoutMs = HANG_BOUND_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (backend.server.connectionCount !== count && Date.now() < deadline) await sleep(10);
  expect(backend.server.connectionCount).toBe(count);
}

describe('raw sockets', () => {
  // The heartbeat (a setInterval) is fake, registered before the fixture so the server's is: it runs only
  // when a test steps it. Sockets and setTimeout stay real.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());
  const fixture = useTestBackend({ options: { heartbeatIntervalMs: 200 } });
  let bystander: TestClient;
  beforeEach(async () => {
    bystander = await fixture.connect('json');
    await bystander.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
  });

  async function bystanderStillStreaming(): Promise<void> {
    const before = bystander.ofType('stream_data').length;
    await until(() => bystander.ofType('stream_data').length > before, 'the bystander’s next reading');
    expect((await bystander.request({ type: 'ping' })).type).toBe('pong');
  }

  it('drops garbage that is not HTTP', async () => {
    const socket = net.connect(fixture.backend.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(randomBytes(4096));
    expect(await closedWithin(socket)).toBe(true);
    await bystanderStillStreaming();
  });

  it('forgets peers that stop halfway through a frame header, a frame, or a fragmented message', async () => {
    const partial = [
      frameHeader(0x1, 20n).subarray(0, 3), // half a header
      Buffer.concat([frameHeader(0x1, 1000n), Buffer.from('{"type":"pi')]), // a frame cut short
      Buffer.concat([frameHeader(0x1, 3n).fill(0x01, 0, 1), Buffer.from('abc')]), // first fragment, no FIN
    ];
    const sockets = await Promise.all(partial.map(() => rawUpgrade(fixture.backend)));
    sockets.forEach((socket, i) => socket.write(partial[i]!));
    await waitForConnections(fixture.backend, 1 + sockets.length);
    for (const socket of sockets) socket.destroy();
    await waitForConnections(fixture.backend, 1);
    expect(fixture.backend.streams.subscriptionCount).toBe(1);
    await bystanderStillStreaming();
  });

  it('closes a peer that announces an absurd frame length, without allocating it', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const socket = await rawUpgrade(fixture.backend);
    socket.write(frameHeader(0x2, 2n ** 62n));
    expect(await closedWithin(socket)).toBe(true);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    await waitForConnections(fixture.backend, 1);
    await bystanderStillStreaming();
  });

  it('terminates a silent half-open peer through the heartbeat and releases its streams', async () => {
    const socket = await rawUpgrade(fixture.backend);
    // Start a stream through the raw socket: a masked text frame.
    const payload = Buffer.from(
      JSON.stringify({
        type: 'start_stream',
        equipment_id: 'psu_1',
        stream_type: 'readings',
        interval_ms: 20,
      }),
    );
    const header = frameHeader(0x1, BigInt(payload.length));
    const mask = header.subarray(header.length - 4);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    socket.write(Buffer.concat([header, masked]));
    await until(() => fixture.backend.streams.subscriptionCount === 2, 'the raw peer’s stream');
    // It never answers a ping (a raw socket does not pong, and this one reads nothing), like a peer behind a
    // dead link: the heartbeat (200 ms here) must end it at its third period, after two missed pongs.
    socket.pause();
    const bystanderSession = await bystander.session(fixture.backend);
    /** One heartbeat period; then waits for the bystander's pong (a real round trip). */
    const period = async (): Promise<void> => {
      vi.advanceTimersByTime(200);
      await until(() => bystanderSession.missedPongs === 0, 'the bystander’s pong');
    };
    await period();
    await period();
    expect(fixture.backend.server.connectionCount).toBe(2);
    await period();
    await waitForConnections(fixture.backend, 1);
    expect(await closedWithin(socket)).toBe(true);
    expect(fixture.backend.streams.subscriptionCount).toBe(1);
    await bystanderStillStreaming();
  });

  it('survives fifty peers that connect and vanish at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 50 }, () => rawUpgrade(fixture.backend)));
    await waitForConnections(fixture.backend, 51);
    for (const socket of sockets) socket.destroy();
    await waitForConnections(fixture.backend, 1);
    await bystanderStillStreaming();
  });
});
