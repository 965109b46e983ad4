/**
 * Test fixtures: a real backend on 127.0.0.1 port 0, and a small WebSocket client that records every
 * message and can wait for one that matches.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startBackend, type Backend, type BackendOptions } from '../../src-main/backend.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { silentLogger } from '../../src-main/util/log.js';
import type { ClientSession } from '../../src-main/server/sessions/ClientSession.js';
import type { ServerMessage, StatsMessage } from '../../shared/protocol/index.js';

/**
 * A backend on port 0. Without `dataDir` its acquisitions go to a fresh temp dir, removed by close() (never
 * the user's ~/.benchtop).
 */
export async function startTestBackend(options: Partial<BackendOptions> = {}): Promise<Backend> {
  const tempDataDir =
    options.dataDir === undefined ? await mkdtemp(path.join(os.tmpdir(), 'benchtop-test-')) : undefined;
  const backend = await startBackend({
    log: silentLogger,
    drivers: options.drivers ?? [new SimPowerSupply({ id: 'psu_1', seed: 42 })],
    ...options,
    dataDir: options.dataDir ?? tempDataDir,
  });
  if (tempDataDir === undefined) return backend;
  const close = backend.close.bind(backend);
  backend.close = async () => {
    await close();
    await rm(tempDataDir, { recursive: true, force: true });
  };
  return backend;
}

export interface Closed {
  code: number;
  reason: string;
}

/** A test client: records text messages (parsed) and binary frames, with helpers to await them. */
export class TestClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly binary: Buffer[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  #waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.binary.push(data as Buffer);
        return;
      }
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** Opens a socket to any URL (a wrong token, no token) and waits until the upgrade completed. */
  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const client = new TestClient(url, options);
    await client.opened;
    return client;
  }

  /** Connects with the token in the URL (a guide-style client). */
  static async connect(backend: Backend, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const client = new TestClient(`${backend.wsUrl}?token=${backend.token}`, options);
    await client.opened;
    return client;
  }

  /** Connects without a URL token and completes the hello/welcome handshake. */
  static async handshake(
    backend: Backend,
    encodings: ('json' | 'binary')[] = ['json', 'binary'],
  ): Promise<TestClient> {
    const client = new TestClient(backend.wsUrl);
    await client.opened;
    client.send({ type: 'hello', protocol: 1, token: backend.token, client: 'test', encodings });
    await client.next((m) => m.type === 'welcome');
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first message (already received or future) matching `match`. */
  next<T extends ServerMessage = ServerMessage>(
    match: (m: ServerMessage) => boolean,
    timeoutMs = HANG_BOUND_MS,
  ): Promise<T> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen as T);
    return this.#wait<T>(match, timeoutMs);
  }

  #wait<T extends ServerMessage>(match: (m: ServerMessage) => boolean, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  /**
   * Like `next`, but only considers messages from position `index` of `messages` on: take
   * `messages.length` before sending to await the reply to a message that carries no request id.
   */
  nextAfter<T extends ServerMessage = ServerMessage>(
    index: number,
    match: (m: ServerMessage) => boolean,
    timeoutMs = HANG_BOUND_MS,
  ): Promise<T> {
    const seen = this.messages.slice(index).find(match);
    if (seen) return Promise.resolve(seen as T);
    return this.#wait<T>(match, timeoutMs);
  }

  /** Sends a command with a request id and resolves with its reply (acknowledgement or error). */
  async request<T extends ServerMessage = ServerMessage>(
    message: Record<string, unknown>,
    timeoutMs = HANG_BOUND_MS,
  ): Promise<T> {
    const request_id = `r${Math.random().toString(36).slice(2)}`;
    this.send({ ...message, request_id });
    return this.next<T>((m) => 'request_id' in m && m.request_id === request_id, timeoutMs);
  }

  /**
   * Stops reading from the socket, as a stalled client would: the server's send buffer for this connection
   * fills up (after the kernel's buffers). `resume()` reads again.
   */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** The server-side session of this connection (found by the session id its stats report). */
  async session(backend: Backend): Promise<ClientSession> {
    const stats = await this.request<StatsMessage>({ type: 'get_stats' });
    const session = backend.server.sessions().find((s) => s.id === stats.connection.session_id);
    if (!session) throw new Error(`no session ${stats.connection.session_id} on the server`);
    return session;
  }

  ofType<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    // A paused socket would never read the server's close frame.
    if (this.ws.isPaused) this.ws.resume();
    this.ws.close();
    await this.closed;
  }
}

/**
 * How long a test waits for something that must happen (a message, a state) before calling it a hang. A
 * bound, not a figure: generous, since a 2-core machine shared with other work (load average 20 was seen)
 * delivers late; nothing asserts how fast it came.
 */
export const HANG_BOUND_MS = 30_000;

/**
 * How long a process started from source (`node --import tsx …`) may take to come up: tsx compiles on
 * start, which takes seconds on a loaded 2-core machine (20 s ran out with one core busy, 60 s at a load
 * average of 20). A bound for a hang, not a figure: nothing asserts how fast it came up.
 */
export const SPAWN_TIMEOUT_MS = 120_000;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms until it holds; rejects naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = HANG_BOUND_MS,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
