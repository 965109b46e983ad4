/**
 * One bench's control lease: one controller at a time, any number of observers. The bench is the only
 * judge (its clock decides expiry, so controllers' clocks never need to agree); the state is kept in a
 * LeaseStore — JetStream key-value in a fleet — so a restarted agent resumes the lease it had.
 */
import type { LeaseState } from '../../shared/protocol/index.js';
import type { Clock } from '../util/index.js';

/** How long a lease lasts without a renewal, ms: a vanished holder loses it after this. */
export const LEASE_TTL_MS = 3_000;

/** Where lease state survives the agent; reads and writes are whole values. */
export interface LeaseStore {
  load(): Promise<LeaseState | undefined>;
  save(state: LeaseState): Promise<void>;
}

/** The verdict on a lease action: the new state, or a refusal naming the holder. */
export type LeaseVerdict =
  { ok: true; lease: LeaseState } | { ok: false; holder: string; expiresAtMs: number; message: string };

export class ControlLease {
  readonly #clock: Clock;
  readonly #store: LeaseStore;
  readonly #ttlMs: number;
  #state: LeaseState = { holder: undefined, expires_at_ms: undefined };
  /** Actions run one at a time: two takes racing must not both see the lease free. */
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: { clock: Clock; store: LeaseStore; ttlMs?: number }) {
    this.#clock = options.clock;
    this.#store = options.store;
    this.#ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  }

  /** Resumes the stored state (a lease that lapsed while the agent was away reads as free). */
  async restore(): Promise<void> {
    const stored = await this.#store.load();
    if (stored !== undefined) this.#state = stored;
  }

  /** The current state, with a lapsed lease shown as free. */
  current(): LeaseState {
    const { holder, expires_at_ms: expiresAtMs } = this.#state;
    if (holder === undefined || expiresAtMs === undefined || expiresAtMs <= this.#clock.nowMs()) {
      return { holder: undefined, expires_at_ms: undefined };
    }
    return { holder, expires_at_ms: expiresAtMs };
  }

  /** True when `controller` may run control commands now. */
  allows(controller: string): boolean {
    return this.current().holder === controller;
  }

  /** A refusal for a control command from someone else; undefined when `controller` holds the lease. */
  refusal(controller: string): Extract<LeaseVerdict, { ok: false }> | undefined {
    const { holder, expires_at_ms: expiresAtMs } = this.current();
    if (holder === controller) return undefined;
    if (holder === undefined || expiresAtMs === undefined) {
      return {
        ok: false,
        holder: '',
        expiresAtMs: 0,
        message: 'nobody holds the control lease of this bench: take it first (observers may only read)',
      };
    }
    return this.#heldBy(holder, expiresAtMs);
  }

  /** take or renew: granted when the lease is free, lapsed or already `controller`'s. */
  take(controller: string): Promise<LeaseVerdict> {
    return this.#serial(() => this.#take(controller));
  }

  /** Gives the lease up; only its holder may. Releasing a free lease is a no-op. */
  release(controller: string): Promise<LeaseVerdict> {
    return this.#serial(() => this.#release(controller));
  }

  /** The holder passes the lease straight to `to` (fresh TTL, so `to` has time to start renewing). */
  handOver(controller: string, to: string): Promise<LeaseVerdict> {
    return this.#serial(() => this.#handOver(controller, to));
  }

  #serial(action: () => Promise<LeaseVerdict>): Promise<LeaseVerdict> {
    const run = this.#chain.then(action, action);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #take(controller: string): Promise<LeaseVerdict> {
    const { holder, expires_at_ms: expiresAtMs } = this.current();
    if (holder !== undefined && holder !== controller && expiresAtMs !== undefined) {
      return this.#heldBy(holder, expiresAtMs);
    }
    return this.#set(controller);
  }

  async #release(controller: string): Promise<LeaseVerdict> {
    const { holder, expires_at_ms: expiresAtMs } = this.current();
    if (holder === undefined) return { ok: true, lease: this.current() };
    if (holder !== controller && expiresAtMs !== undefined) return this.#heldBy(holder, expiresAtMs);
    return this.#set(undefined);
  }

  async #handOver(controller: string, to: string): Promise<LeaseVerdict> {
    const { holder, expires_at_ms: expiresAtMs } = this.current();
    if (holder !== controller) {
      if (holder === undefined || expiresAtMs === undefined) {
        return {
          ok: false,
          holder: '',
          expiresAtMs: 0,
          message: `${controller} cannot hand over a lease it does not hold (the lease is free: take it)`,
        };
      }
      return this.#heldBy(holder, expiresAtMs);
    }
    return this.#set(to);
  }

  async #set(holder: string | undefined): Promise<LeaseVerdict> {
    const next: LeaseState =
      holder === undefined
        ? { holder: undefined, expires_at_ms: undefined }
        : { holder, expires_at_ms: this.#clock.nowMs() + this.#ttlMs };
    // Stored before it takes effect: a restart never forgets a lease it granted.
    await this.#store.save(next);
    this.#state = next;
    return { ok: true, lease: next };
  }

  #heldBy(holder: string, expiresAtMs: number): Extract<LeaseVerdict, { ok: false }> {
    const inS = Math.max(0, (expiresAtMs - this.#clock.nowMs()) / 1000).toFixed(1);
    return {
      ok: false,
      holder,
      expiresAtMs,
      message: `the control lease of this bench is held by ${holder} (lapses in ${inS} s unless renewed); ask them to hand it over`,
    };
  }
}

/** A LeaseStore in memory: a bench without NATS, and tests. */
export function memoryLeaseStore(): LeaseStore {
  let state: LeaseState | undefined;
  return {
    load: () => Promise.resolve(state),
    save: (next) => {
      state = next;
      return Promise.resolve();
    },
  };
}
