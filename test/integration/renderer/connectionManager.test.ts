/**
 * The renderer's ConnectionManager against a real backend (in Node, with `ws` standing in for the
 * browser's WebSocket): handshake, streams, and recovery when the server is killed and restarted on the
 * same port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StreamDataMessage } from '../../../shared/protocol/index.js';
import { ConnectionManager, type ConnectionState } from '../../../src-renderer/connection/ConnectionManager';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { restartablePort } from '../../helpers/restartPort.js';
import { sleep } from '../../helpers/testBackend.js';

function until(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(check, 10);
    };
    check();
  });
}

describe('ConnectionManager', () => {
  const fixture = useTestBackend({ lazy: true });
  let manager: ConnectionManager | undefined;
  // Registered after the fixture's, so it runs before the backend closes.
  afterEach(() => {
    manager?.close();
    manager = undefined;
  });

  it('handshakes, streams, and resumes every stream after the server restarts on the same port', async () => {
    // Not port 0: a port from the ephemeral pool can be taken by anyone between the stop and the restart.
    const { port, token, wsUrl } = await fixture.start({ port: await restartablePort() });
    manager = new ConnectionManager({
      getEndpoint: async () => ({ url: wsUrl, token }),
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      random: () => 0.5,
    });
    const states: ConnectionState[] = [];
    manager.onStateChange((s) => states.push(s));
    const data: StreamDataMessage[] = [];
    manager.handlers.on('stream_data', (m) => data.push(m));
    manager.connect();
    await until(() => manager!.state === 'open');
    const started = await manager.startStream({
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    expect(started.stream_id).toBeGreaterThan(0);
    await until(() => data.length >= 5);

    await fixture.stop();
    await until(() => manager!.state === 'reconnecting');
    const countWhileDown = data.length;
    await sleep(300);
    await fixture.start({ port, token });
    await until(() => manager!.state === 'open');
    await until(() => data.length >= countWhileDown + 5);

    expect(states).toEqual(expect.arrayContaining(['connecting', 'open', 'reconnecting']));
    expect(manager.stats.reconnects).toBe(1);
    expect(manager.desiredStreams()).toHaveLength(1);
    expect(fixture.backend.streams.producerCount).toBe(1);
  });

  it('rejects a request with the server error code and keeps going', async () => {
    const { token, wsUrl } = await fixture.start();
    manager = new ConnectionManager({
      getEndpoint: async () => ({ url: wsUrl, token }),
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    manager.connect();
    await until(() => manager!.state === 'open');
    await expect(
      manager.startStream({ equipment_id: 'nope', stream_type: 'readings' }),
    ).rejects.toMatchObject({
      code: 'unknown_equipment',
    });
    expect(manager.desiredStreams()).toHaveLength(0);
    await expect(manager.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
  });
});
