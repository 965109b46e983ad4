/**
 * Acknowledges the fleet feed's flushes (`fleet_ack`, docs/PROTOCOL.md "Live fleet data") from the page's
 * animation frame, and says when the next flush should leave so that it lands just BEFORE the page's next
 * frame. The backend keeps one flush in flight for a session that subscribed with `ack: true`, so one ack a
 * frame paces the fleet to the display: one flush (a `fleet_live` and one waveform bundle) per frame.
 *
 * Sent from a frame's start and answered at once (as before 2026-12-07, session 11), the next flush landed
 * while the page rendered that frame, waited behind it, and was shown a frame later: about 1.5 frames of
 * waiting per reading (docs/BENCHMARKS.md, "Where a reading's arrival goes, by hop"). The ack still leaves
 * from the frame — a frame's callbacks run when the frame starts, where a timer set for "just before the
 * next frame" ran 8–35 ms late on a busy page — but carries `after_ms`: the backend sends the next flush
 * that long after the ack comes in (its event loop keeps time far better than a busy page's), `leadMs`
 * before the next frame is due. `leadMs` is what a flush recently took from leaving the backend to being
 * taken here (a high percentile, so a slow one rarely misses its frame). The flush then arrives while the
 * page is idle, just before the frame that shows it, with what reached the backend until then.
 *
 * Only numbered flushes are acknowledged, so nothing is sent to a backend that does not pace. At most one
 * ack per `minIntervalMs` (a 144 Hz display would otherwise spend most of the backend's per-connection
 * command rate on acks). A hidden page runs no animation frames and acks nothing: the backend sends on after
 * its ack timeout.
 */
import { FLEET_ACK_MAX_AFTER_MS } from '../../shared/protocol/fleetBridge';

/** Least time between two acks, ms: about one per 60 Hz frame at most. */
export const FLEET_ACK_MIN_INTERVAL_MS = 12;
/** A flush's way from the backend into the page before any was measured, ms. */
export const FLEET_ACK_DEFAULT_LEAD_MS = 4;
/** Flushes whose way in `leadMs` is taken from. */
const LEAD_SAMPLES = 24;
/** `leadMs` is this percentile of those, plus `LEAD_MARGIN_MS`. */
const LEAD_PERCENTILE = 0.9;
const LEAD_MARGIN_MS = 0.5;
const MIN_LEAD_MS = 1;
/** Frame periods outside this range (a stall, a paused page) are not taken as the display's period, ms. */
const MIN_FRAME_PERIOD_MS = 4;
const MAX_FRAME_PERIOD_MS = 50;
/** Frame periods the display's period is taken from: the least of them, since frames come late, never early. */
const PERIOD_SAMPLES = 16;

/** The page's next animation frame; outside a page (Node tests, a worker) a 60 Hz timer stands in. */
function nextFrame(callback: (frameTimeMs: number) => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback);
  else setTimeout(() => callback(performance.now()), 1000 / 60);
}

export interface FleetFlushAckOptions {
  /** Sends `fleet_ack {flush, after_ms}` on the current connection. */
  send(flush: number, afterMs: number): void;
  /** requestAnimationFrame by default (its callback gets the frame's start, ms, on `now`'s clock). */
  requestFrame?: (callback: (frameTimeMs: number) => void) => void;
  /** performance.now by default: the clock of the frames' times. */
  now?: () => number;
  minIntervalMs?: number;
}

/** The last ack: for the way in of the flush that answers it. */
interface SentAck {
  flush: number;
  /** When it left, and the wait it asked for, ms. */
  sentMs: number;
  afterMs: number;
  /** When the last message of the flush answering it was taken; undefined until one was. */
  tookMs: number | undefined;
  /** Whether the frame after it has been reached (counted in `timing`). */
  counted: boolean;
}

export class FleetFlushAck {
  readonly #o: FleetFlushAckOptions;
  readonly #requestFrame: (callback: (frameTimeMs: number) => void) => void;
  readonly #now: () => number;
  readonly #minIntervalMs: number;
  /** The newest flush taken and not acknowledged yet. */
  #unacked: number | undefined;
  #frameRequested = false;
  #lastAckMs = -Infinity;
  #lastFrameMs: number | undefined;
  readonly #periodsMs: number[] = [];
  #sent: SentAck | undefined;
  readonly #waysInMs: number[] = [];
  /** Counts connections: a frame asked for on an earlier one sends nothing on this one. */
  #generation = 0;
  acksSent = 0;
  /** How the flushes answering acks came in, for the benchmark and diagnostics. */
  readonly timing = {
    /** Taken before the first frame after their ack began (shown in it)... */
    flushesBeforeFrame: 0,
    /** ...or not (shown a frame later, or there was nothing to send). */
    flushesAfterFrame: 0,
  };

  constructor(options: FleetFlushAckOptions) {
    this.#o = options;
    this.#requestFrame = options.requestFrame ?? nextFrame;
    this.#now = options.now ?? (() => performance.now());
    this.#minIntervalMs = options.minIntervalMs ?? FLEET_ACK_MIN_INTERVAL_MS;
  }

  /** The display's frame period as measured, ms (60 Hz until measured). */
  get framePeriodMs(): number {
    return this.#periodsMs.length === 0 ? 1000 / 60 : Math.min(...this.#periodsMs);
  }

  /** How long before the next frame a flush should leave the backend, ms. */
  get leadMs(): number {
    if (this.#waysInMs.length === 0) return FLEET_ACK_DEFAULT_LEAD_MS;
    const sorted = [...this.#waysInMs].sort((a, b) => a - b);
    const high = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * LEAD_PERCENTILE))]!;
    // A page busy up to its next frame takes flushes late wherever they are sent: a lead of a whole period
    // then asks for them at once, as acking from the frame's start did.
    return Math.min(Math.max(high + LEAD_MARGIN_MS, MIN_LEAD_MS), this.framePeriodMs);
  }

  /** A message of flush `flush` was taken (the listeners have run): acknowledged from the next frame. */
  took(flush: number): void {
    const sent = this.#sent;
    // A message of the flush answering the last ack (a flush may be a fleet_live and a bundle): its way in
    // ends with the last of them.
    if (sent !== undefined && flush > sent.flush) sent.tookMs = this.#now();
    if (this.#unacked === undefined || flush > this.#unacked) this.#unacked = flush;
    this.#askFrame();
  }

  /** A new connection: its backend numbers flushes afresh, and nothing of the old one is acknowledged. */
  reset(): void {
    this.#generation++;
    this.#unacked = undefined;
    this.#frameRequested = false;
    this.#sent = undefined;
  }

  #askFrame(): void {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    const generation = this.#generation;
    this.#requestFrame((frameTimeMs) => {
      if (generation !== this.#generation) return;
      this.#frameRequested = false;
      this.#onFrame(frameTimeMs);
      if (this.#unacked === undefined) return;
      if (frameTimeMs - this.#lastAckMs < this.#minIntervalMs) return this.#askFrame();
      this.#send(this.#unacked, frameTimeMs);
      // The next frame tells whether the flush answering this ack made it in before it (`timing`).
      this.#askFrame();
    });
  }

  #onFrame(frameTimeMs: number): void {
    if (this.#lastFrameMs !== undefined) {
      const periodMs = frameTimeMs - this.#lastFrameMs;
      if (periodMs >= MIN_FRAME_PERIOD_MS && periodMs <= MAX_FRAME_PERIOD_MS) {
        this.#periodsMs.push(periodMs);
        if (this.#periodsMs.length > PERIOD_SAMPLES) this.#periodsMs.shift();
      }
    }
    this.#lastFrameMs = frameTimeMs;
    const sent = this.#sent;
    if (sent !== undefined && !sent.counted) {
      sent.counted = true;
      if (sent.tookMs !== undefined) this.timing.flushesBeforeFrame++;
      else this.timing.flushesAfterFrame++;
    }
  }

  #send(flush: number, frameTimeMs: number): void {
    const nowMs = this.#now();
    const sent = this.#sent;
    if (sent?.tookMs !== undefined) {
      this.#waysInMs.push(Math.max(0, sent.tookMs - sent.sentMs - sent.afterMs));
      if (this.#waysInMs.length > LEAD_SAMPLES) this.#waysInMs.shift();
    }
    // The next frame starts a period after this one; the flush should be taken `leadMs` before. A frame
    // whose callbacks ran so late that this is past asks for the flush at once.
    const afterMs = Math.min(
      FLEET_ACK_MAX_AFTER_MS,
      Math.max(0, Math.floor(frameTimeMs + this.framePeriodMs - this.leadMs - nowMs)),
    );
    this.#unacked = undefined;
    this.#lastAckMs = frameTimeMs;
    this.#sent = { flush, sentMs: nowMs, afterMs, tookMs: undefined, counted: false };
    this.acksSent++;
    this.#o.send(flush, afterMs);
  }
}
