/**
 * When a session's fleet feed flushes (FleetFeed; docs/PROTOCOL.md "Live fleet data"). Unpaced (a
 * guide-style client): at the end of the event-loop turn in which something arrived. Paced (a client that
 * subscribed with `ack: true`, the dashboard): the same, but with at most ONE flush in flight — the next
 * waits until the page acknowledges the last (`fleet_ack`, sent from its animation frame), and then
 * carries everything that arrived meanwhile. The ack may ask for a wait (`after_ms`): the page times the
 * next flush to land just before its next frame, and this event loop keeps that time better than a busy
 * page's timers do. The page has no use for more than one fleet update per frame,
 * and each message into it is a task on its main thread; the fleet analogue of issue 16's display-locked
 * delivery (docs/ARCHITECTURE.md, "Display-locked delivery").
 *
 * An ack that does not come within `ackTimeoutMs` (a hidden tab runs no animation frames) releases the
 * next flush anyway, so a page that stops acknowledging is fed at that pace and the backend's memory stays
 * bounded by the feed's own caps; while the socket is congested no flush is tried but every `retryMs`.
 */

/** How long a paced flush waits for its ack before the next one goes anyway, ms. */
export const FLEET_ACK_TIMEOUT_MS = 250;

/** The timers the pacer uses; injected so the pacing is tested on a fake scheduler. */
export interface FlushScheduler {
  /** Runs `run` after the callbacks of the current turn (setImmediate); returns the cancel. */
  endOfTurn(run: () => void): () => void;
  /** Runs `run` after `ms`; returns the cancel. */
  after(ms: number, run: () => void): () => void;
}

export const NODE_FLUSH_SCHEDULER: FlushScheduler = {
  endOfTurn(run) {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  },
  after(ms, run) {
    const timeout = setTimeout(run, ms);
    return () => clearTimeout(timeout);
  },
};

export interface FleetFlushPacerOptions {
  /**
   * Writes what waits, as flush number `flush` (1, 2, … — numbered only when paced; 0 otherwise); returns
   * whether anything was written (a flush of nothing awaits no ack).
   */
  flush(flush: number): boolean;
  /** True while the session's socket is backed up: no flush is tried. */
  congested(): boolean;
  /** Retry period while congested, ms. */
  retryMs: number;
  /** Default FLEET_ACK_TIMEOUT_MS. */
  ackTimeoutMs?: number;
  /** Default NODE_FLUSH_SCHEDULER. */
  scheduler?: FlushScheduler;
}

export class FleetFlushPacer {
  readonly #o: FleetFlushPacerOptions;
  readonly #scheduler: FlushScheduler;
  readonly #ackTimeoutMs: number;
  /** Cancels the pending timer (a flush, a congested retry, or an ack's timeout); undefined when none. */
  #cancel: (() => void) | undefined;
  /** Something arrived since the last flush. */
  #waiting = false;
  #paced = false;
  /** The paced flush written and not acknowledged yet; undefined when none is in flight. */
  #inFlight: number | undefined;
  #lastFlush = 0;
  /** The flush in flight was acknowledged with a wait (`afterMs`), which runs. */
  #holding = false;
  #disposed = false;
  /** Paced flushes released by the timeout rather than an ack (a hidden or stalled page). */
  ackTimeouts = 0;

  constructor(options: FleetFlushPacerOptions) {
    this.#o = options;
    this.#scheduler = options.scheduler ?? NODE_FLUSH_SCHEDULER;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? FLEET_ACK_TIMEOUT_MS;
  }

  get paced(): boolean {
    return this.#paced;
  }

  /** Whether a timer is set (tests check nothing leaks after dispose). */
  get timerPending(): boolean {
    return this.#cancel !== undefined;
  }

  /** Turns pacing on or off; off releases a flush waiting for an ack at once. */
  setPaced(paced: boolean): void {
    if (paced === this.#paced || this.#disposed) return;
    this.#paced = paced;
    if (!paced && this.#inFlight !== undefined) this.#release();
  }

  /** Something arrived: it goes in the next flush. */
  request(): void {
    this.#waiting = true;
    // Already due (end of turn, retry) or held for an ack (whose timeout is set): it goes then.
    if (this.#cancel !== undefined || this.#disposed) return;
    this.#cancel = this.#scheduler.endOfTurn(this.#run);
  }

  /**
   * The page took flush `flush` (and every one before it); the next may go `afterMs` from now (0: at the
   * end of this turn). A stale or unknown number, or a repeat while the next waits out its `afterMs`,
   * changes nothing.
   */
  ack(flush: number, afterMs = 0): void {
    if (this.#inFlight === undefined || flush < this.#inFlight || flush > this.#lastFlush) return;
    if (this.#holding) return;
    if (afterMs <= 0) return this.#release();
    // The ack's timeout gives way to the wait the page asked for; the flush stays "in flight" until then.
    this.#clear();
    this.#holding = true;
    this.#cancel = this.#scheduler.after(afterMs, () => {
      this.#cancel = undefined;
      this.#release();
    });
  }

  /** Forgets what waits (the session unsubscribed everything). */
  idle(): void {
    this.#waiting = false;
    if (this.#inFlight === undefined) this.#clear();
  }

  dispose(): void {
    this.#disposed = true;
    this.#clear();
  }

  #clear(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #release(): void {
    this.#inFlight = undefined;
    this.#holding = false;
    this.#clear();
    if (this.#waiting && !this.#disposed) this.#cancel = this.#scheduler.endOfTurn(this.#run);
  }

  readonly #run = (): void => {
    this.#cancel = undefined;
    if (this.#o.congested()) {
      this.#cancel = this.#scheduler.after(this.#o.retryMs, this.#run);
      return;
    }
    this.#waiting = false;
    const number = this.#paced ? (this.#lastFlush = (this.#lastFlush % 0xffff_ffff) + 1) : 0;
    if (!this.#o.flush(number) || !this.#paced) return;
    this.#inFlight = number;
    this.#cancel = this.#scheduler.after(this.#ackTimeoutMs, this.#onAckTimeout);
  };

  readonly #onAckTimeout = (): void => {
    this.#cancel = undefined;
    this.ackTimeouts++;
    this.#release();
  };
}
