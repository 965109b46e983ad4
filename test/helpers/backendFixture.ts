/**
 * The per-test backend fixture of the integration tests. Nearly every file used to declare the same
 * `let backend`, a `clients` array, a `connect()` that pushed into it and an `afterEach` that closed the
 * clients and then the backend; `useTestBackend()` registers those hooks once, so a file states only what
 * is particular to it (its options, its drivers, when its backend starts).
 *
 * Kept apart from testBackend.ts, which the benchmarks import outside vitest.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Backend, BackendOptions } from '../../src-main/backend.js';
import { startTestBackend, TestClient } from './testBackend.js';

export interface TestBackendSetup {
  /** Options of every test's backend; a function is called for each start (fresh drivers per test). */
  options?: Partial<BackendOptions> | (() => Partial<BackendOptions>);
  /** Start nothing before each test: each test calls `start()` itself, with its own options. */
  lazy?: boolean;
  /** How a backend is started (default `startTestBackend`), e.g. `startAcquisitionBackend`. */
  starter?: (options: Partial<BackendOptions>) => Promise<Backend>;
}

export interface TestBackendFixture {
  /** The running backend of this test; throws when there is none. */
  readonly backend: Backend;
  /** The clients opened by `connect` or passed to `track` that the fixture has not closed yet. */
  readonly clients: readonly TestClient[];
  /**
   * Starts this test's backend with `options` over the setup's. After `stop()` it starts another, e.g.
   * with the `port` and `token` of the last to restart it on the same port.
   */
  start(options?: Partial<BackendOptions>): Promise<Backend>;
  /** Closes the tracked clients, then the backend: what runs after each test. */
  stop(): Promise<void>;
  /**
   * A client closed after the test: `binary` completes the hello handshake offering JSON and binary
   * (`TestClient.handshake`), `json` puts the token in the URL (`TestClient.connect`).
   */
  connect(how?: 'binary' | 'json'): Promise<TestClient>;
  /** Closes `client` after the test, before the backend. */
  track<T extends TestClient>(client: T): T;
}

/**
 * Registers a `beforeEach` that starts a backend (unless `lazy`) and an `afterEach` that closes every
 * tracked client and then the backend. Call it in a `describe` (or at the top of a file) before that
 * scope's own hooks: vitest runs `afterEach` hooks in reverse order, so a file's own cleanup of what uses
 * the backend still runs before the backend closes. The methods do not use `this`: `const { connect } =
 * useTestBackend()` works.
 */
export function useTestBackend(setup: TestBackendSetup = {}): TestBackendFixture {
  const starter = setup.starter ?? startTestBackend;
  const clients: TestClient[] = [];
  let current: Backend | undefined;

  const fixture: TestBackendFixture = {
    get backend(): Backend {
      if (current === undefined) throw new Error('no test backend is running: call start() first');
      return current;
    },
    clients,
    async start(options: Partial<BackendOptions> = {}): Promise<Backend> {
      if (current !== undefined) throw new Error('a test backend is already running: stop() it first');
      const base = typeof setup.options === 'function' ? setup.options() : setup.options;
      current = await starter({ ...base, ...options });
      return current;
    },
    async stop(): Promise<void> {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      const backend = current;
      current = undefined;
      await backend?.close();
    },
    async connect(how: 'binary' | 'json' = 'binary'): Promise<TestClient> {
      const backend = fixture.backend;
      return fixture.track(
        how === 'binary' ? await TestClient.handshake(backend) : await TestClient.connect(backend),
      );
    },
    track<T extends TestClient>(client: T): T {
      clients.push(client);
      return client;
    },
  };

  if (!setup.lazy)
    beforeEach(async () => {
      await fixture.start();
    });
  afterEach(() => fixture.stop());
  return fixture;
}
