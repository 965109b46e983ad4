/**
 * Further benches added by URL and token, against real backends (`ws` standing in for the browser's
 * WebSocket, sending the Origin a dashboard page at PAGE_ORIGIN would): connected and loaded under their
 * own ids, remembered and restored, removed; and the two refusals a person must act on — a wrong token,
 * and a backend that does not admit the page's origin — each told apart with what to do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { benchLinkView } from '../../../src-renderer/benches/benchLinkView';
import { BenchRegistry } from '../../../src-renderer/benches/BenchRegistry';
import { BENCH_LIST_KEY } from '../../../src-renderer/benches/benchList';
import { BenchClient } from '../../../src-renderer/client/BenchClient';
import { createBenchesSlice, type BenchesSlice } from '../../../src-renderer/store/benchesSlice';
import type { BenchState } from '../../../src-renderer/store/benchState';
import { until } from '../../helpers/testBackend.js';

const PAGE_ORIGIN = 'http://127.0.0.1:5173';

/** A WebSocket as a page served from PAGE_ORIGIN opens it. */
class PageSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: PAGE_ORIGIN });
  }
}

describe('BenchRegistry', () => {
  let dir: string;
  const backends: Backend[] = [];
  const registries: BenchRegistry[] = [];
  let store: StoreApi<BenchesSlice>;
  let data: Map<string, string>;
  const storage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-registry-'));
    store = createStore<BenchesSlice>()(createBenchesSlice);
    data = new Map();
  });
  afterEach(async () => {
    for (const registry of registries.splice(0)) registry.close();
    for (const backend of backends.splice(0)) await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (name: string, extraOrigins: string[] = [PAGE_ORIGIN]): Promise<Backend> => {
    const backend = await startBackend({
      log: silentLogger,
      dataDir: path.join(dir, name),
      seed: 1,
      extraOrigins,
    });
    backends.push(backend);
    return backend;
  };
  const registry = (): BenchRegistry => {
    const local = new BenchClient({
      benchId: 'local',
      store,
      getEndpoint: () => Promise.reject(new Error('not used')),
    });
    const r = new BenchRegistry({
      local,
      store,
      storage,
      localHost: () => '127.0.0.1:5173',
      WebSocketImpl: PageSocket as unknown as typeof globalThis.WebSocket,
    });
    registries.push(r);
    return r;
  };
  const bench = (id: string): BenchState | undefined => store.getState().benches[id];

  it('adds a bench from the printed URL, loads it under its own id, remembers it and removes it', async () => {
    const other = await start('other');
    const benches = registry();
    const added = benches.add(`Benchtop at ${other.dashboardUrl}`, '', 'Rig B');
    expect(added).toEqual({ ok: true, id: `direct:127.0.0.1:${other.port}` });
    if (!added.ok) return;
    await until(() => bench(added.id)?.instruments?.length === 2, 'the other bench catalog');
    expect(bench(added.id)?.connection.state).toBe('open');
    expect(benches.entries().map((e) => [e.id, e.label])).toEqual([
      ['local', 'This bench'],
      [added.id, 'Rig B'],
    ]);
    // Remembered without the token in any URL; a masked token for the UI.
    const saved = JSON.parse(data.get(BENCH_LIST_KEY)!) as { wsUrl: string; token: string }[];
    expect(saved).toEqual([
      expect.objectContaining({ wsUrl: `ws://127.0.0.1:${other.port}/ws`, token: other.token }),
    ]);
    expect(benches.get(added.id)?.address?.maskedToken).not.toContain(other.token);

    // A reloaded page connects to it again from the list.
    registries.shift()!.close();
    const reloaded = registry();
    reloaded.start();
    await until(() => bench(added.id)?.connection.state === 'open', 'reconnected after reload');

    reloaded.remove(added.id);
    expect(bench(added.id)).toBeUndefined();
    expect(JSON.parse(data.get(BENCH_LIST_KEY)!)).toEqual([]);
    expect(reloaded.entries().map((e) => e.id)).toEqual(['local']);
  });

  it('refuses a bad paste, a duplicate and the local bench, changing nothing', async () => {
    const other = await start('other');
    const benches = registry();
    expect(benches.add('http://127.0.0.1:5173/', 'x'.repeat(40))).toMatchObject({
      ok: false,
      error: expect.stringContaining("this dashboard's own bench"),
    });
    expect(benches.add(`http://127.0.0.1:${other.port}/`)).toMatchObject({ ok: false, error: /No token/ });
    expect(benches.add(other.dashboardUrl).ok).toBe(true);
    expect(benches.add(other.dashboardUrl)).toMatchObject({ ok: false, error: /already in the list/ });
    expect(benches.entries()).toHaveLength(2);
    // (`ws`, unlike a browser, throws when a socket is closed while still connecting.)
    await until(() => benches.entries()[1]!.client.connection.state === 'open', 'the added bench open');
  });

  it('tells a wrong token from an origin the bench does not admit, and stops retrying both', async () => {
    const other = await start('other');
    const strict = await start('strict', []);
    const benches = registry();
    const wrong = benches.add(`http://127.0.0.1:${other.port}/`, 'w'.repeat(43));
    const refused = benches.add(strict.dashboardUrl);
    if (!wrong.ok || !refused.ok) throw new Error('not added');
    await until(() => bench(wrong.id)?.connection.problem !== undefined, 'wrong token refused');
    await until(() => bench(refused.id)?.connection.problem !== undefined, 'origin refused');

    const wrongView = benchLinkView(bench(wrong.id)!.connection, Date.now(), PAGE_ORIGIN);
    expect(wrongView).toMatchObject({ phase: 'refused', label: 'Wrong token' });
    const originView = benchLinkView(bench(refused.id)!.connection, Date.now(), PAGE_ORIGIN);
    expect(originView).toMatchObject({ phase: 'refused', label: 'Origin not allowed' });
    expect(originView.reason).toContain(`--allow-origin ${PAGE_ORIGIN}`);
    expect(bench(refused.id)!.connection.problem?.detail).toBe(
      `origin not allowed; start this backend with --allow-origin ${PAGE_ORIGIN}`,
    );
    expect(bench(refused.id)!.connection.nextRetryAtMs).toBeUndefined();
  });
});
