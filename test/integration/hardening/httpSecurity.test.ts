/**
 * The HTTP side of the backend as an attacker sees it: which origins may open the socket, what a static
 * request can reach, the headers every response carries, and what the log may contain.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { createLogger } from '../../../src-main/util/log.js';
import { startTestBackend, TestClient } from '../../helpers/testBackend.js';

/** Opens a socket with the given Origin header; resolves with the HTTP status of a refused upgrade, or 101. */
function upgradeStatus(backend: Backend, origin: string | undefined, token = backend.token): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${backend.wsUrl}?token=${token}`, origin ? { origin } : {});
    ws.once('upgrade', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => {});
  });
}

/** A raw HTTP GET with the path exactly as given (no client-side normalisation of `..`). */
function rawGet(port: number, requestPath: string): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET ${requestPath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('end', () =>
      resolve({ status: Number(text.split(' ')[1]), head: text.split('\r\n\r\n')[0] ?? '' }),
    );
    socket.on('error', reject);
  });
}

describe('HTTP and WebSocket admission', () => {
  let backend: Backend;
  let root: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'benchtop-static-'));
    mkdirSync(path.join(root, 'www', 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'www', 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
    backend = await startTestBackend({
      staticDir: path.join(root, 'www'),
      log: createLogger('debug', (line) => logLines.push(line)),
      drivers: [new SimPowerSupply({ id: 'psu_1', seed: 1 })],
    });
  });
  afterAll(async () => {
    await backend.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("admits the dashboard's own origin and clients without one, and refuses other sites", async () => {
    expect(await upgradeStatus(backend, `http://127.0.0.1:${backend.port}`)).toBe(101);
    expect(await upgradeStatus(backend, `http://localhost:${backend.port}`)).toBe(101);
    expect(await upgradeStatus(backend, undefined)).toBe(101);
    for (const evil of ['https://evil.example', `http://127.0.0.1:${backend.port + 1}`, 'null', 'file://']) {
      expect(await upgradeStatus(backend, evil), evil).toBe(403);
    }
  });

  it('needs the token even without an Origin', async () => {
    const client = new TestClient(`${backend.wsUrl}?token=wrong`);
    await expect(client.closed).resolves.toMatchObject({ code: 4401 });
  });

  it('serves only files inside the dashboard folder', async () => {
    expect((await rawGet(backend.port, '/')).status).toBe(200);
    for (const attempt of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const { status } = await rawGet(backend.port, attempt);
      expect(status, attempt).toBeGreaterThanOrEqual(400);
    }
  });

  it('sends the security headers on every response', async () => {
    for (const p of ['/', '/nope', '/healthz']) {
      const { head } = await rawGet(backend.port, p);
      expect(head).toMatch(
        /Content-Security-Policy: default-src 'none'; script-src 'self';.*connect-src 'self'/,
      );
      expect(head).toContain('X-Content-Type-Options: nosniff');
      expect(head).toContain('X-Frame-Options: DENY');
      expect(head).toContain('Referrer-Policy: no-referrer');
    }
  });

  it('never writes the token to the log, whatever clients send', async () => {
    const client = await TestClient.handshake(backend);
    client.send({ type: 'hello', protocol: 1, token: backend.token });
    client.send(`not json ${backend.token}`);
    client.send({ type: 'set_parameter', equipment_id: backend.token, parameter: 'x', value: 1 });
    await client.request({ type: 'ping' });
    await client.close();
    await upgradeStatus(backend, 'https://evil.example');
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(backend.token);
  });
});
