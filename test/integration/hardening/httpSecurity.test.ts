/**
 * The HTTP side of the backend as an attacker sees it: which Host names it answers to (DNS rebinding),
 * which origins may open the socket, what a static request can reach, the headers every response carries,
 * and what the log may contain.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../../shared/protocol/constants.js';
import type { Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { createLogger } from '../../../src-main/util/log.js';
import { startTestBackend, TestClient } from '../../helpers/testBackend.js';

/**
 * Opens a socket with the given Origin header and pings: 'admitted' when the pong comes, else the close
 * code (a refused origin is closed right after the upgrade, so a browser page can read why).
 */
function admission(
  backend: Backend,
  origin: string | undefined,
  token = backend.token,
): Promise<'admitted' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${backend.wsUrl}?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => ws.send(JSON.stringify({ type: 'ping' })));
    ws.once('message', () => {
      resolve('admitted');
      ws.terminate();
    });
    ws.once('close', (code) => resolve(code));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => {});
  });
}

/**
 * A raw HTTP request with the path and headers exactly as given (no client-side normalisation of `..`, any
 * Host); `upgrade` makes it a WebSocket upgrade. `host: undefined` sends no Host header at all.
 */
function rawRequest(
  port: number,
  requestPath: string,
  options: { host?: string | undefined; origin?: string; upgrade?: boolean } = {},
): Promise<{ status: number; head: string; body: string }> {
  const host = 'host' in options ? options.host : `127.0.0.1:${port}`;
  const headers = [
    `GET ${requestPath} HTTP/1.1`,
    ...(host === undefined ? [] : [`Host: ${host}`]),
    ...(options.origin === undefined ? [] : [`Origin: ${options.origin}`]),
    ...(options.upgrade
      ? [
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
        ]
      : ['Connection: close']),
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${headers.join('\r\n')}\r\n\r\n`));
    let text = '';
    const done = (): void => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(text.split(' ')[1]), head, body });
      socket.destroy();
    };
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      // A successful upgrade keeps the socket open: its head is all there is to read.
      if (text.startsWith('HTTP/1.1 101') && text.includes('\r\n\r\n')) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
  });
}

const rawGet = (port: number, requestPath: string): Promise<{ status: number; head: string }> =>
  rawRequest(port, requestPath);

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
    expect(await admission(backend, `http://127.0.0.1:${backend.port}`)).toBe('admitted');
    expect(await admission(backend, `http://localhost:${backend.port}`)).toBe('admitted');
    expect(await admission(backend, undefined)).toBe('admitted');
    for (const evil of ['https://evil.example', `http://127.0.0.1:${backend.port + 1}`, 'null', 'file://']) {
      expect(await admission(backend, evil), evil).toBe(CloseCode.originNotAllowed);
    }
  });

  it('refuses a Host that is not its own over HTTP and WebSocket (DNS rebinding): 421, saying how to allow it', async () => {
    for (const host of ['evil.example', `evil.example:${backend.port}`, `127.0.0.1.nip.io:${backend.port}`]) {
      const page = await rawRequest(backend.port, '/', { host });
      expect(page.status, host).toBe(421);
      expect(page.head).toContain('X-Content-Type-Options: nosniff');
      expect(page.body).toContain(`--allow-host ${host.split(':')[0]}`);
      // A WebSocket with no Origin at all (not a browser, or a browser that omits it) is refused alike.
      const socket = await rawRequest(backend.port, `/ws?token=${backend.token}`, { host, upgrade: true });
      expect(socket.status, host).toBe(421);
      expect(socket.body).toContain('does not answer to the host name');
    }
    // No Host at all: Node's HTTP server answers 400 before the request reaches the backend.
    expect((await rawRequest(backend.port, '/', { host: undefined })).status).toBe(400);
    expect((await rawRequest(backend.port, '/healthz', { host: 'evil.example' })).status).toBe(421);
    // Its own names are answered.
    for (const host of [`127.0.0.1:${backend.port}`, `localhost:${backend.port}`, 'localhost']) {
      expect((await rawRequest(backend.port, '/', { host })).status, host).toBe(200);
      const socket = await rawRequest(backend.port, `/ws?token=${backend.token}`, { host, upgrade: true });
      expect(socket.status, host).toBe(101);
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
        /Content-Security-Policy: default-src 'none'; script-src 'self';.*connect-src 'self' ws: wss:;/,
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
    await admission(backend, 'https://evil.example');
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(backend.token);
  });
});

describe('refusal log', () => {
  it('logs refused Origins and Hosts once a minute per reason, however many arrive', async () => {
    const lines: string[] = [];
    const own = await startTestBackend({ log: createLogger('debug', (line) => lines.push(line)) });
    try {
      for (let i = 0; i < 30; i++) {
        expect(await admission(own, `https://evil${i}.example`)).toBe(CloseCode.originNotAllowed);
        expect((await rawRequest(own.port, '/', { host: `evil${i}.example` })).status).toBe(421);
        const ws = await rawRequest(own.port, '/ws', { host: `evil${i}.example`, upgrade: true });
        expect(ws.status).toBe(421);
      }
    } finally {
      await own.close();
    }
    expect(lines.filter((l) => l.includes('rejected WebSocket from origin'))).toEqual([
      expect.stringContaining('"https://evil0.example"'),
    ]);
    expect(lines.filter((l) => l.includes('request with Host'))).toEqual([
      expect.stringContaining('refused HTTP request with Host evil0.example'),
    ]);
  });
});

describe('Host names allowed by configuration', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startTestBackend({ allowedHosts: ['bench.lab'] });
  });
  afterAll(() => backend.close());

  it('answers an allowed name, and admits a page served under that name to the socket', async () => {
    const host = `bench.lab:${backend.port}`;
    expect((await rawRequest(backend.port, '/healthz', { host })).status).toBe(200);
    const fromItsPage = await rawRequest(backend.port, `/ws?token=${backend.token}`, {
      host,
      origin: `http://${host}`,
      upgrade: true,
    });
    expect(fromItsPage.status).toBe(101);
    // Another site's page on that name is still another origin.
    const foreign = await rawRequest(backend.port, `/ws?token=${backend.token}`, {
      host,
      origin: 'http://evil.example',
      upgrade: true,
    });
    // Upgraded only to be told why in a close frame (4403), before anything it sends is read.
    expect(foreign.status).toBe(101);
    expect((await rawRequest(backend.port, '/healthz', { host: 'other.lab' })).status).toBe(421);
  });
});

describe('origins allowed by configuration (--allow-origin)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startTestBackend({ extraOrigins: ['http://127.0.0.1:5173'] });
  });
  afterAll(() => backend.close());

  it("admits another backend's dashboard it was told of, with the token, and no other", async () => {
    expect(await admission(backend, 'http://127.0.0.1:5173')).toBe('admitted');
    // The origin is no way around the token.
    expect(await admission(backend, 'http://127.0.0.1:5173', 'not-the-token')).toBe(CloseCode.unauthorized);
    expect(await admission(backend, 'http://127.0.0.1:5174')).toBe(CloseCode.originNotAllowed);
    expect(await admission(backend, 'https://127.0.0.1:5173')).toBe(CloseCode.originNotAllowed);
  });
});
