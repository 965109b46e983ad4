/**
 * Safe state on link loss (off unless configured): once no authenticated client has been connected for
 * `afterS` seconds, every instrument that has a safe state is put into it (power-supply outputs off, or to
 * a safe voltage) and an alarm event records it.
 *
 * Driven by events, not by sampling a connection count: the countdown starts the moment the last
 * authenticated session ends (and at start-up, with nobody connected yet) and is cancelled when one
 * authenticates. A sampler would miss a client that came and went between two samples — one that turned an
 * output on and left — and a count of sockets would let connections that never proved the token keep the
 * outputs on. Each visit by an authenticated client re-arms the safe state, so it is applied again after
 * the next departure.
 */
import type { InstrumentEvent, InstrumentRegistry, SafeStateRequest } from '../instruments/index.js';
import { type Logger, systemTimers, type TimerHandle, type Timers } from '../util/index.js';

export interface SafeStateConfig extends SafeStateRequest {
  /** Seconds without any authenticated client before the safe state is applied. */
  afterS: number;
}

const DRIVER_TIMEOUT_MS = 2_000;

export class LinkWatchdog {
  readonly #config: SafeStateConfig;
  readonly #registry: InstrumentRegistry;
  readonly #emit: (event: InstrumentEvent) => void;
  readonly #log: Logger;
  readonly #timers: Timers;
  readonly #now: () => number;
  /** Ids of the authenticated sessions now connected. */
  readonly #sessions = new Set<string>();
  #countdown: TimerHandle | undefined;
  #applying: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: {
    config: SafeStateConfig;
    registry: InstrumentRegistry;
    emit(event: InstrumentEvent): void;
    log: Logger;
    /** Where the countdown's timer comes from; tests pass a hand-driven one. */
    timers?: Timers;
    /** Timestamps of the events raised, ms since the epoch. */
    now?: () => number;
  }) {
    if (!(options.config.afterS > 0))
      throw new RangeError('safe-state delay must be a positive number of seconds');
    this.#config = options.config;
    this.#registry = options.registry;
    this.#emit = options.emit;
    this.#log = options.log;
    this.#timers = options.timers ?? systemTimers;
    this.#now = options.now ?? Date.now;
    // Nobody is connected yet: a backend started and never visited must still reach the safe state.
    this.#arm();
  }

  /** Whether the countdown to the safe state is running (no authenticated client is connected). */
  get armed(): boolean {
    return this.#countdown !== undefined;
  }

  /** Authenticated sessions the watchdog counts as connected. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** A session proved the token: the link is up, the countdown is cancelled. */
  sessionAuthenticated(sessionId: string): void {
    if (this.#stopped) return;
    this.#sessions.add(sessionId);
    this.#disarm();
  }

  /** An authenticated session ended; when it was the last, the countdown starts now. */
  sessionEnded(sessionId: string): void {
    if (this.#stopped || !this.#sessions.delete(sessionId)) return;
    if (this.#sessions.size === 0) this.#arm();
  }

  /** Resolves once the safe state being applied (if any) has been applied to every instrument. */
  settled(): Promise<void> {
    return this.#applying;
  }

  stop(): void {
    this.#stopped = true;
    this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    this.#countdown = this.#timers.setTimeout(() => {
      this.#countdown = undefined;
      this.#applying = this.#apply();
    }, this.#config.afterS * 1000);
  }

  #disarm(): void {
    if (this.#countdown === undefined) return;
    this.#timers.clearTimeout(this.#countdown);
    this.#countdown = undefined;
  }

  async #apply(): Promise<void> {
    const now = this.#now();
    for (const driver of this.#registry.all()) {
      if (!driver.hasSafeState) continue;
      try {
        const what = await driver.enterSafeState(this.#config, { timeoutMs: DRIVER_TIMEOUT_MS });
        const message = `no client connected for ${this.#config.afterS} s: ${driver.id} ${what}`;
        this.#log.warn(message);
        this.#emit({
          equipmentId: driver.id,
          level: 'alarm',
          kind: 'safe_state',
          message,
          details: { after_s: this.#config.afterS },
          timestampMs: now,
        });
      } catch (err) {
        const message = `could not put ${driver.id} into its safe state: ${err instanceof Error ? err.message : String(err)}`;
        this.#log.error(message);
        this.#emit({
          equipmentId: driver.id,
          level: 'error',
          kind: 'safe_state_failed',
          message,
          timestampMs: now,
        });
      }
    }
  }
}
