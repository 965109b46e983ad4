/**
 * Acknowledges the fleet feed's flushes from the page's animation frame (`fleet_ack`, docs/PROTOCOL.md
 * "Live fleet data"): the backend keeps one flush in flight for a session that subscribed with `ack: true`,
 * so acking once a frame, after the frame's messages were taken, paces the fleet to the display — one
 * flush (a `fleet_live` and one waveform bundle) per frame instead of hundreds of messages a second, each
 * a task on the page's main thread.
 *
 * Only numbered flushes are acknowledged, so nothing is sent to a backend that does not pace. At most one
 * ack per `minIntervalMs` (a 144 Hz display would otherwise spend most of the backend's per-connection
 * command rate on acks). A hidden page runs no animation frames and acks nothing: the backend sends on after
 * its ack timeout.
 */

/** Least time between two acks, ms: about one per 60 Hz frame at most. */
export const FLEET_ACK_MIN_INTERVAL_MS = 12;

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
  minIntervalMs?: number;
}

export class FleetFlushAck {
  readonly #o: FleetFlushAckOptions;
  readonly #requestFrame: (callback: (frameTimeMs: number) => void) => void;
  readonly #minIntervalMs: number;
  /** The newest flush taken and not acknowledged yet. */
  #unacked: number | undefined;
  #frameRequested = false;
  #lastAckMs = -Infinity;
  /** Counts connections: a frame asked for on an earlier one sends nothing on this one. */
  #generation = 0;
  acksSent = 0;

  constructor(options: FleetFlushAckOptions) {
    this.#o = options;
    this.#requestFrame = options.requestFrame ?? nextFrame;
    this.#minIntervalMs = options.minIntervalMs ?? FLEET_ACK_MIN_INTERVAL_MS;
  }

  /** A message of flush `flush` was taken (the listeners have run): acknowledged from the next frame. */
  took(flush: number): void {
    if (this.#unacked === undefined || flush > this.#unacked) this.#unacked = flush;
    this.#askFrame();
  }

  /** A new connection: its backend numbers flushes afresh, and nothing of the old one is acknowledged. */
  reset(): void {
    this.#generation++;
    this.#unacked = undefined;
    this.#frameRequested = false;
  }

  #askFrame(): void {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    const generation = this.#generation;
    this.#requestFrame((frameTimeMs) => {
      if (generation !== this.#generation) return;
      this.#frameRequested = false;
      if (this.#unacked === undefined) return;
      if (frameTimeMs - this.#lastAckMs < this.#minIntervalMs) return this.#askFrame();
      const flush = this.#unacked;
      this.#unacked = undefined;
      this.#lastAckMs = frameTimeMs;
      this.acksSent++;
      this.#o.send(flush);
    });
  }
}
