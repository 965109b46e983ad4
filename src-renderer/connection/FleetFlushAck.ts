/**
 * Acknowledges the fleet feed's flushes (`fleet_ack`, docs/PROTOCOL.md "Display-paced fleet"): the backend
 * keeps one flush in flight for a session that subscribed with `ack: true`, and sends what arrived
 * meanwhile as the next flush when the ack comes — a `fleet_live` and one waveform bundle per flush instead
 * of hundreds of messages a second, each a task on the page's main thread.
 *
 * When to ack. While the page draws (its last animation frame is at most `frameFreshMs` old), a flush is
 * acknowledged as soon as it is taken, at most once per `receiptIntervalMs` (a timer waits out the rest):
 * records then wait in the backend for at most about that interval. Acking only from the next animation
 * frame, as before, made every record wait for the page's frame twice — in the backend until the frame
 * that acked the previous flush, then in the page until the frame after its own arrival — about half of
 * its arrival time in the page (docs/BENCHMARKS.md, "Acks on receipt"). A page that runs no frames
 * (hidden, stalled) acks only from frames, so it acks nothing and the backend sends on after its ack
 * timeout. Frame acks come at most once per `minIntervalMs` (a 144 Hz display would otherwise spend
 * most of the backend's per-connection command rate on acks). Only numbered flushes are acknowledged, so
 * nothing is sent to a backend that does not pace.
 */

/** Least time between two acks from animation frames, ms: about one per 60 Hz frame at most. */
export const FLEET_ACK_MIN_INTERVAL_MS = 12;
/**
 * Least time between two acks sent on receipt, ms: the backend's flushes then come at most about this
 * often (two per 60 Hz frame), each flush carrying what arrived since the last.
 */
export const FLEET_ACK_RECEIPT_INTERVAL_MS = 8;
/**
 * A flush is acknowledged on receipt only while the page's last animation frame is at most this old, ms:
 * a hidden or stalled page runs none, so it acks only from frames and the backend falls back to its
 * timeout's pace.
 */
export const FLEET_ACK_FRAME_FRESH_MS = 100;

/** The page's next animation frame; outside a page (Node tests, a worker) a 60 Hz timer stands in. */
function nextFrame(callback: (frameTimeMs: number) => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback);
  else setTimeout(() => callback(performance.now()), 1000 / 60);
}

export interface FleetFlushAckOptions {
  /** Sends `fleet_ack {flush}` on the current connection. */
  send(flush: number): void;
  /** requestAnimationFrame by default (its callback gets the frame's time, ms, performance.now's clock). */
  requestFrame?: (callback: (frameTimeMs: number) => void) => void;
  /** The clock of the frame times, ms (default performance.now). */
  now?: () => number;
  /** Runs `run` after `ms`; returns the cancel (default setTimeout). */
  after?: (ms: number, run: () => void) => () => void;
  /** Least interval between acks from frames, ms (default FLEET_ACK_MIN_INTERVAL_MS). */
  minIntervalMs?: number;
  /** Least interval between acks on receipt, ms (default FLEET_ACK_RECEIPT_INTERVAL_MS). */
  receiptIntervalMs?: number;
  /** Default FLEET_ACK_FRAME_FRESH_MS. */
  frameFreshMs?: number;
}

function afterTimeout(ms: number, run: () => void): () => void {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}

export class FleetFlushAck {
  readonly #o: FleetFlushAckOptions;
  readonly #requestFrame: (callback: (frameTimeMs: number) => void) => void;
  readonly #now: () => number;
  readonly #after: (ms: number, run: () => void) => () => void;
  readonly #minIntervalMs: number;
  readonly #receiptIntervalMs: number;
  readonly #frameFreshMs: number;
  /** The newest flush taken and not acknowledged yet. */
  #unacked: number | undefined;
  #frameRequested = false;
  #lastAckMs = -Infinity;
  #lastFrameMs = -Infinity;
  /** Cancels the wait for the receipt interval to pass; undefined when none. */
  #cancelWait: (() => void) | undefined;
  /** Counts connections: a frame asked for on an earlier one sends nothing on this one. */
  #generation = 0;
  acksSent = 0;

  constructor(options: FleetFlushAckOptions) {
    this.#o = options;
    this.#requestFrame = options.requestFrame ?? nextFrame;
    this.#now = options.now ?? (() => performance.now());
    this.#after = options.after ?? afterTimeout;
    this.#minIntervalMs = options.minIntervalMs ?? FLEET_ACK_MIN_INTERVAL_MS;
    this.#receiptIntervalMs = options.receiptIntervalMs ?? FLEET_ACK_RECEIPT_INTERVAL_MS;
    this.#frameFreshMs = options.frameFreshMs ?? FLEET_ACK_FRAME_FRESH_MS;
  }

  /**
   * A message of flush `flush` was taken (the listeners have run): acknowledged at once while the page
   * draws (its last frame is fresh) and the receipt interval has passed, or once it has; otherwise from
   * the next animation frame.
   */
  took(flush: number): void {
    if (this.#unacked === undefined || flush > this.#unacked) this.#unacked = flush;
    this.#askFrame();
    this.#ackOnReceipt();
  }

  /** A new connection: its backend numbers flushes afresh, and nothing of the old one is acknowledged. */
  reset(): void {
    this.#generation++;
    this.#unacked = undefined;
    this.#frameRequested = false;
    this.#cancelWait?.();
    this.#cancelWait = undefined;
  }

  /** Waiting for the receipt interval (tests check nothing is left pending). */
  get waiting(): boolean {
    return this.#cancelWait !== undefined;
  }

  #send(atMs: number): void {
    const flush = this.#unacked;
    if (flush === undefined) return;
    this.#cancelWait?.();
    this.#cancelWait = undefined;
    this.#unacked = undefined;
    this.#lastAckMs = atMs;
    this.acksSent++;
    this.#o.send(flush);
  }

  #ackOnReceipt(): void {
    if (this.#unacked === undefined || this.#cancelWait !== undefined) return;
    const nowMs = this.#now();
    if (nowMs - this.#lastFrameMs > this.#frameFreshMs) return; // the next frame acks, if one comes
    const waitMs = this.#lastAckMs + this.#receiptIntervalMs - nowMs;
    if (waitMs <= 0) return this.#send(nowMs);
    this.#cancelWait = this.#after(waitMs, () => {
      this.#cancelWait = undefined;
      this.#ackOnReceipt();
    });
  }

  #askFrame(): void {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    const generation = this.#generation;
    this.#requestFrame((frameTimeMs) => {
      if (generation !== this.#generation) return;
      this.#frameRequested = false;
      this.#lastFrameMs = frameTimeMs;
      if (this.#unacked === undefined) return;
      if (frameTimeMs - this.#lastAckMs < this.#minIntervalMs) return this.#askFrame();
      this.#send(frameTimeMs);
    });
  }
}
