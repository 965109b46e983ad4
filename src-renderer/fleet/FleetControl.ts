/**
 * An opened fleet bench's control lease as its panels see it (BenchControl): the holder from the fleet's
 * reports, whether it is this dashboard's backend, and "Take control" / "Release" through the follower —
 * the same lease the overview's card shows and changes.
 */
import type { BenchControl, LeaseView } from '../client/benchControl';
import type { FleetFollower } from './FleetFollower';

export class FleetControl implements BenchControl {
  readonly #bench: string;
  readonly #follower: FleetFollower;
  #view: LeaseView = { holder: undefined, ours: false, error: undefined };

  constructor(bench: string, follower: FleetFollower) {
    this.#bench = bench;
    this.#follower = follower;
  }

  /** The same object until something in it changes (React's useSyncExternalStore needs that). */
  view(): LeaseView {
    const fleet = this.#follower.view();
    const holder = this.#follower.bench(this.#bench)?.lease.holder;
    const ours = holder !== undefined && holder === fleet.controller;
    const error = fleet.errors[this.#bench];
    const v = this.#view;
    if (v.holder !== holder || v.ours !== ours || v.error !== error) this.#view = { holder, ours, error };
    return this.#view;
  }

  subscribe(listener: () => void): () => void {
    return this.#follower.subscribe(listener);
  }

  /** Rejects with the bench's refusal (also kept in `view().error`). */
  take(): Promise<void> {
    return this.#follower.lease(this.#bench, 'take');
  }

  release(): Promise<void> {
    return this.#follower.lease(this.#bench, 'release');
  }
}
