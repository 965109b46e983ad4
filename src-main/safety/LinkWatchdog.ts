/**
 * Safe state on link loss (off unless configured): when no client has been connected for `afterS`
 * seconds, every instrument that has a safe state is put into it (power-supply outputs off, or to a safe
 * voltage) and an alarm event records it. Re-armed as soon as a client connects again. A watchdog checks
 * once a second rather than hooking every connection change, so it cannot miss one.
 */
import type { InstrumentEvent, SafeStateRequest } from '../instruments/InstrumentDriver.js';
import type { InstrumentRegistry } from '../instruments/InstrumentRegistry.js';
import type { Logger } from '../util/log.js';

export interface SafeStateConfig extends SafeStateRequest {
  /** Seconds without any connected client before the safe state is applied. */
  afterS: number;
}

const CHECK_PERIOD_MS = 1_000;
const DRIVER_TIMEOUT_MS = 2_000;

export class LinkWatchdog {
  readonly #config: SafeStateConfig;
  readonly #registry: InstrumentRegistry;
  readonly #connections: () => number;
  readonly #emit: (event: InstrumentEvent) => void;
  readonly #log: Logger;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastConnectedMs: number;
  #applied = false;

  constructor(options: {
    config: SafeStateConfig;
    registry: InstrumentRegistry;
    connections(): number;
    emit(event: InstrumentEvent): void;
    log: Logger;
    now?: () => number;
    checkPeriodMs?: number;
  }) {
    if (!(options.config.afterS > 0))
      throw new RangeError('safe-state delay must be a positive number of seconds');
    this.#config = options.config;
    this.#registry = options.registry;
    this.#connections = options.connections;
    this.#emit = options.emit;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#lastConnectedMs = this.#now();
    this.#timer = setInterval(() => void this.check(), options.checkPeriodMs ?? CHECK_PERIOD_MS);
    this.#timer.unref();
  }

  /** One watchdog step; exposed for tests. */
  async check(): Promise<void> {
    const now = this.#now();
    if (this.#connections() > 0) {
      this.#lastConnectedMs = now;
      this.#applied = false;
      return;
    }
    if (this.#applied || now - this.#lastConnectedMs < this.#config.afterS * 1000) return;
    this.#applied = true;
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

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
