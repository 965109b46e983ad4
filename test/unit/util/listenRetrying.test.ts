/**
 * A fixed port still held when a backend (re)starts on it is waited for, briefly; port 0 and other errors
 * are not. The waits run by hand: each one is the test's moment to free the port or not.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackend } from '../../../src-main/backend.js';
import { type Timers, listenRetrying, silentLogger } from '../../../src-main/util/index.js';
import { restartablePort } from '../../helpers/restartPort.js';

const HOST = '127.0.0.1';
const servers: Server[] = [];

async function held(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

/** Timers whose every wait first runs `beforeWait(n)` (n from 1), then ends at once. */
function handTimers(beforeWait: (n: number) => Promise<void> | void = () => undefined): {
  timers: Timers;
  waits: number[];
} {
  const waits: number[] = [];
  return {
    waits,
    timers: {
      setTimeout: (callback, delayMs) => {
        waits.push(delayMs);
        void Promise.resolve(beforeWait(waits.length)).then(callback);
        return waits.length;
      },
      clearTimeout: () => undefined,
    },
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

describe('listenRetrying', () => {
  it('waits for a fixed port held by someone else and listens once it is free', async () => {
    const blocker = await held();
    const { timers, waits } = handTimers(async (n) => {
      if (n === 2) await close(blocker.server);
    });
    const told: [number, number][] = [];
    const server = createServer();
    servers.push(server);
    await listenRetrying(server, blocker.port, HOST, {
      windowMs: 1_000,
      stepMs: 100,
      timers,
      onWaiting: (port, windowMs) => told.push([port, windowMs]),
    });
    expect((server.address() as AddressInfo).port).toBe(blocker.port);
    expect(waits).toEqual([100, 100]);
    expect(told).toEqual([[blocker.port, 1_000]]);
  });

  it('gives up with the EADDRINUSE after its window, having tried once per step', async () => {
    const blocker = await held();
    const { timers, waits } = handTimers();
    const server = createServer();
    servers.push(server);
    const err = await listenRetrying(server, blocker.port, HOST, {
      windowMs: 300,
      stepMs: 100,
      timers,
    }).catch((e: unknown) => e as NodeJS.ErrnoException);
    expect(err).toMatchObject({ code: 'EADDRINUSE', port: blocker.port });
    expect(waits).toHaveLength(3); // attempts at 0, 100, 200 and 300 ms
    expect(server.listening).toBe(false);
  });

  it('does not wait on an error other than EADDRINUSE, nor with a window of 0', async () => {
    const { timers, waits } = handTimers();
    const server = createServer();
    servers.push(server);
    // 192.0.2.1 (TEST-NET-1) is no address of this machine.
    const notHere = await listenRetrying(server, 0, '192.0.2.1', { timers }).catch(
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(notHere).toMatchObject({ code: 'EADDRNOTAVAIL' });
    const blocker = await held();
    const once = await listenRetrying(server, blocker.port, HOST, { windowMs: 0, timers }).catch(
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(once).toMatchObject({ code: 'EADDRINUSE' });
    expect(waits).toEqual([]);
  });

  it('lets a backend restart on its port while the port is still held a moment longer', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-listen-'));
    const blocker = await held();
    const { timers, waits } = handTimers(async (n) => {
      if (n === 3) await close(blocker.server);
    });
    try {
      const backend = await startBackend({
        log: silentLogger,
        dataDir,
        seed: 1,
        port: blocker.port,
        listenRetry: { timers },
      });
      try {
        expect(backend.port).toBe(blocker.port);
        expect(waits).toHaveLength(3);
      } finally {
        await backend.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('restartablePort (the tests that restart a server on its port)', () => {
  it('is free and below the ephemeral range, which listen(0) and outgoing connections draw from', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const port = await restartablePort();
    expect(port).toBeLessThan(low);
    const server = createServer();
    servers.push(server);
    await listenRetrying(server, port, HOST, { windowMs: 0 });
    expect((server.address() as AddressInfo).port).toBe(port);
  });
});
