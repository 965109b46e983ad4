/**
 * Every bench this dashboard talks to directly: the local one (the backend that served the page, or the
 * desktop app's) and the further ones a person added by URL and token, each a BenchClient under its own
 * id — so reconnect, resume and gap marking work for each exactly as for the local one. A plain class:
 * React reads it through `subscribe` / `entries()` (useSyncExternalStore).
 */
import type { BenchesStore } from '../store/BenchActions';
import { BenchClient } from '../client/BenchClient';
import { maskToken, parseBenchAddress } from './benchAddress';
import { addBench, loadBenches, removeBench, saveBenches, type SavedBench } from './benchList';

export interface BenchEntry {
  id: string;
  label: string;
  client: BenchClient;
  /** The dashboard's own backend (cannot be removed). */
  local: boolean;
  /** A further bench's `host:port` and its token masked (a credential is never shown whole). */
  address?: { host: string; maskedToken: string };
}

export interface BenchRegistryOptions {
  local: BenchClient;
  store: BenchesStore;
  /** Where the list is remembered (the window's localStorage). */
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** `host:port` of the local backend, so it is not added twice; undefined while unknown. */
  localHost(): string | undefined;
  /** WebSocket constructor for the further benches; the browser's by default. */
  WebSocketImpl?: typeof WebSocket;
}

export type AddResult = { ok: true; id: string } | { ok: false; error: string };

export class BenchRegistry {
  readonly #options: BenchRegistryOptions;
  #saved: SavedBench[];
  readonly #clients = new Map<string, BenchClient>();
  readonly #listeners = new Set<() => void>();
  #entries: readonly BenchEntry[] = [];

  constructor(options: BenchRegistryOptions) {
    this.#options = options;
    this.#saved = loadBenches(options.storage);
    this.#rebuild();
  }

  /** Connects every remembered bench (the local one is started by its owner). Idempotent. */
  start(): void {
    for (const bench of this.#saved) this.#client(bench).start();
  }

  /** The local bench first, then the further ones in the order they were added. A stable array. */
  entries(): readonly BenchEntry[] {
    return this.#entries;
  }

  get(id: string): BenchEntry | undefined {
    return this.#entries.find((e) => e.id === id);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Adds a bench from what a person pasted (see parseBenchAddress), remembers it and connects; or says
   * exactly what is wrong and changes nothing.
   */
  add(urlText: string, tokenText = '', label = ''): AddResult {
    const parsed = parseBenchAddress(urlText, tokenText);
    if (!parsed.ok) return parsed;
    const added = addBench(this.#saved, parsed.address, { label, localHost: this.#options.localHost() });
    if (!added.ok) return added;
    this.#saved = added.benches;
    saveBenches(this.#options.storage, this.#saved);
    this.#client(added.bench).start();
    this.#rebuild();
    return { ok: true, id: added.bench.id };
  }

  /** Disconnects a further bench for good, forgets its state and takes it off the remembered list. */
  remove(id: string): void {
    if (!this.#saved.some((b) => b.id === id)) return;
    this.#saved = removeBench(this.#saved, id);
    saveBenches(this.#options.storage, this.#saved);
    this.#clients.get(id)?.close();
    this.#clients.delete(id);
    this.#rebuild();
  }

  /** Closes every further bench's connection (the page is going away); the list stays remembered. */
  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }

  #client(bench: SavedBench): BenchClient {
    let client = this.#clients.get(bench.id);
    if (client === undefined) {
      // The token goes in the `hello`, never in the URL: URLs end up in logs and proxies.
      const endpoint = { url: bench.wsUrl, token: bench.token };
      client = new BenchClient({
        benchId: bench.id,
        getEndpoint: () => Promise.resolve(endpoint),
        store: this.#options.store,
        WebSocketImpl: this.#options.WebSocketImpl,
      });
      this.#clients.set(bench.id, client);
    }
    return client;
  }

  #rebuild(): void {
    const local: BenchEntry = {
      id: this.#options.local.benchId,
      label: 'This bench',
      client: this.#options.local,
      local: true,
    };
    this.#entries = [
      local,
      ...this.#saved.map((bench) => ({
        id: bench.id,
        label: bench.label,
        client: this.#client(bench),
        local: false,
        address: { host: new URL(bench.wsUrl).host, maskedToken: maskToken(bench.token) },
      })),
    ];
    for (const listener of this.#listeners) listener();
  }
}
