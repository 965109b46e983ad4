/**
 * The fleet benches a person opened into the full panels: each a BenchClient like a direct bench's, but
 * its socket is a FleetSocket over the local backend's connection, its control the bench's lease and its
 * downloads unavailable. Opened on first use, kept (reconnecting by itself) until closed.
 */
import { BenchClient } from '../client/BenchClient';
import type { BenchesStore } from '../store/BenchActions';
import { FleetControl } from './FleetControl';
import { FLEET_REQUEST_TIMEOUT_MS, type FleetFollower } from './FleetFollower';
import { FLEET_DOWNLOADS_UNAVAILABLE, FLEET_OUTAGE_ADVICE, FleetSocket } from './FleetSocket';

export interface OpenedFleetBench {
  /** The client's bench id in the store: `fleet-<bench>`, apart from the direct benches' ids. */
  id: string;
  bench: string;
  client: BenchClient;
}

/** The store id of an opened fleet bench. */
export const fleetBenchId = (bench: string): string => `fleet-${bench}`;

export class FleetBenches {
  readonly #follower: FleetFollower;
  readonly #store: BenchesStore;
  readonly #listeners = new Set<() => void>();
  #opened: readonly OpenedFleetBench[] = [];

  constructor(follower: FleetFollower, store: BenchesStore) {
    this.#follower = follower;
    this.#store = store;
  }

  /** The opened benches, in the order they were opened. A stable array. */
  entries(): readonly OpenedFleetBench[] {
    return this.#opened;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens `bench` (or finds it opened); returns its entry. */
  open(bench: string): OpenedFleetBench {
    const found = this.#opened.find((o) => o.bench === bench);
    if (found) return found;
    const follower = this.#follower;
    const client = new BenchClient({
      benchId: fleetBenchId(bench),
      // Not a URL anyone connects to: it names the bench in the status bar and the links.
      getEndpoint: () => Promise.resolve({ url: `fleet://${bench}/`, token: '' }),
      openSocket: () => new FleetSocket(bench, follower),
      control: new FleetControl(bench, follower),
      limits: { downloads: FLEET_DOWNLOADS_UNAVAILABLE, outageAdvice: FLEET_OUTAGE_ADVICE },
      // Past the local backend's own wait for the bench, so the bench's "did not answer" is what shows.
      requestTimeoutMs: FLEET_REQUEST_TIMEOUT_MS + 2_000,
      store: this.#store,
    });
    client.start();
    const entry = { id: fleetBenchId(bench), bench, client };
    this.#opened = [...this.#opened, entry];
    this.#changed();
    return entry;
  }

  /** Closes an opened bench: its streams stop and its slice of the store goes. */
  close(bench: string): void {
    const entry = this.#opened.find((o) => o.bench === bench);
    if (entry === undefined) return;
    entry.client.close();
    this.#opened = this.#opened.filter((o) => o !== entry);
    this.#changed();
  }

  closeAll(): void {
    for (const entry of this.#opened) entry.client.close();
    this.#opened = [];
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
