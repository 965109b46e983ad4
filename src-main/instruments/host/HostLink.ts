/**
 * The life of one instrument's link, for its InstrumentHost: opening it (connect, identify, then the
 * catalog of the model found), its state and the reason, judging failed calls, and reconnecting with
 * capped exponential backoff. Every driver call it makes goes through the host's CommandQueue, so opening
 * and closing never overlap a command.
 *
 * A link failure (DriverError 'disconnected' or 'protocol', a wedged call, or `timeoutsBeforeOffline`
 * timeouts in a row) takes an online link offline: the driver is closed and retried until it answers
 * again. Retries stay `offline` (no event per attempt); a failure while opening that is not a link failure
 * puts it in `error`, which is not retried.
 */
import type { InstrumentDescription, InstrumentState } from '../../../shared/protocol/index.js';
import { type Clock, Emitter, type Logger } from '../../util/index.js';
import { DriverError, isLinkFailure, type Identity, type InstrumentDriver } from '../InstrumentDriver.js';
import { reconnectDelayMs, type ReconnectBackoff } from './backoff.js';
import type { CommandQueue } from './CommandQueue.js';
import type { HostTiming } from './hostTypes.js';

/** A state change, before the host adds its catalog entry. */
export interface LinkChange {
  state: InstrumentState;
  previousState: InstrumentState;
  reason: string | undefined;
  offlineMs: number | undefined;
  timestampMs: number;
}

export interface HostLinkOptions {
  driver: InstrumentDriver;
  queue: CommandQueue;
  log: Logger;
  clock: Clock;
  timing: HostTiming;
  backoff: ReconnectBackoff;
  /** Each successful open: who answered, and the catalog of the model found. */
  onOpened(identity: Identity, description: InstrumentDescription): void;
}

export class HostLink {
  readonly changes = new Emitter<LinkChange>();
  readonly #id: string;
  readonly #options: HostLinkOptions;
  #state: InstrumentState = 'connecting';
  #reason: string | undefined;
  #opening: Promise<void> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed attempts since the link last did useful work: the backoff's exponent. */
  #failedAttempts = 0;
  #timeoutsInARow = 0;
  #offlineSinceMs: number | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: HostLinkOptions) {
    this.#id = options.driver.id;
    this.#options = options;
  }

  get state(): InstrumentState {
    return this.#state;
  }

  /** Why it is not online; undefined when it is. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** The first attempt; resolves when it is over, whatever its outcome. Idempotent. */
  open(): Promise<void> {
    this.#opening ??= this.#attempt();
    return this.#opening;
  }

  /** The error a call must be refused with now (closed, or not online); undefined when it may run. */
  refusal(): DriverError | undefined {
    if (this.#closing !== undefined) return new DriverError(`${this.#id} has been closed`, 'disconnected');
    if (this.#state === 'online') return undefined;
    const why = this.#reason === undefined ? '' : ` (${this.#reason})`;
    return new DriverError(`${this.#id} is ${this.#state}${why}`, 'disconnected', { state: this.#state });
  }

  /** A call answered: the link works. */
  answered(): void {
    this.#timeoutsInARow = 0;
    this.#failedAttempts = 0;
  }

  /** A call failed with `err`: a link failure may take the link offline. */
  failed(err: unknown): void {
    if (!isLinkFailure(err)) return;
    if (err.code !== 'timeout') return this.lost(err.message);
    this.#timeoutsInARow++;
    if (this.#timeoutsInARow >= this.#options.timing.timeoutsBeforeOffline) {
      this.lost(`${this.#timeoutsInARow} calls in a row timed out (last: ${err.message})`);
    }
  }

  /** The link is lost (a wedged call, a failure): offline, the driver closed, a retry scheduled. */
  lost(reason: string): void {
    if (this.#closing !== undefined || this.#state !== 'online') return;
    this.#offlineSinceMs = this.#options.clock.nowMs();
    this.#options.log.warn(`${this.#id} offline: ${reason}; reconnecting`);
    this.#set('offline', reason);
    void this.#closeDriver();
    this.#scheduleRetry();
  }

  /** Stops retrying and closes the driver; every later call is refused. Idempotent. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#closing = this.#closeDriver();
    return this.#closing;
  }

  async #attempt(): Promise<void> {
    this.#retryTimer = undefined;
    if (this.#closing !== undefined) return;
    const { driver, queue, timing, clock } = this.#options;
    const step = {
      timeoutMs: timing.openTimeoutMs,
      admit: () => (this.#closing === undefined ? undefined : this.refusal()),
    };
    try {
      await queue.run(`${this.#id} connect`, (signal) => driver.connect(signal), step);
      const identity = await queue.run(`${this.#id} identify`, (signal) => driver.identify(signal), step);
      this.#options.onOpened(identity, driver.capabilities());
      this.#timeoutsInARow = 0;
      const offlineMs = this.#offlineSinceMs === undefined ? undefined : clock.nowMs() - this.#offlineSinceMs;
      this.#offlineSinceMs = undefined;
      this.#set('online', undefined, offlineMs);
    } catch (err) {
      if (this.#closing !== undefined) return;
      const reason = err instanceof Error ? err.message : String(err);
      void this.#closeDriver();
      if (!isLinkFailure(err)) {
        this.#options.log.error(`${this.#id}: cannot be used: ${reason}`);
        this.#set('error', reason);
        return;
      }
      this.#offlineSinceMs ??= clock.nowMs();
      this.#set('offline', reason);
      this.#scheduleRetry();
    }
  }

  #scheduleRetry(): void {
    const delayMs = reconnectDelayMs(this.#failedAttempts++, this.#options.backoff);
    this.#options.log.debug(`${this.#id}: next connection attempt in ${delayMs} ms`);
    this.#retryTimer = setTimeout(() => void this.#attempt(), delayMs);
    this.#retryTimer.unref?.();
  }

  /** Closes the driver through the queue, so it never overlaps a call; failures are only logged. */
  async #closeDriver(): Promise<void> {
    const { driver, queue, timing, log } = this.#options;
    await queue
      .run(`${this.#id} close`, () => driver.close(), { timeoutMs: timing.openTimeoutMs })
      .catch((err: unknown) => log.debug(`${this.#id}: close failed`, err));
  }

  #set(state: InstrumentState, reason: string | undefined, offlineMs?: number): void {
    const previousState = this.#state;
    this.#reason = reason;
    if (state === previousState) return;
    this.#state = state;
    this.changes.emit({ state, previousState, reason, offlineMs, timestampMs: this.#options.clock.nowMs() });
  }
}
