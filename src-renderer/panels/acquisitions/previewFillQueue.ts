/**
 * Which skipped stretch of the live preview to fill from disk next (previewFill.ts). A 100 kSa/s capture
 * shown 2,000 samples per 100 ms skips ten stretches a second; asking for every one at once, and asking
 * again for each whose reply was late, sent dozens of `review_acquisition` requests at a time on a busy
 * machine — each still run by the backend after the page had given up on it — so replies came later still,
 * and a Stop clicked meanwhile waited behind them. So: one request at a time, the newest stretch first
 * (the chart shows the newest; older fills scroll away), and a stretch whose request failed is asked again
 * only after `retryAfterMs`.
 */
import type { PreviewSkip } from './previewFill';

/** Default wait before a failed stretch is asked again, ms. */
export const FILL_RETRY_AFTER_MS = 2_000;

export class PreviewFillQueue {
  readonly #retryAfterMs: number;
  readonly #done = new WeakSet<PreviewSkip>();
  readonly #failedAtMs = new WeakMap<PreviewSkip, number>();
  #inFlight: PreviewSkip | undefined;

  constructor(retryAfterMs = FILL_RETRY_AFTER_MS) {
    this.#retryAfterMs = retryAfterMs;
  }

  /** The stretch to request now (marked in flight), or undefined: one is in flight, or none is due. */
  take(skips: readonly PreviewSkip[], nowMs: number): PreviewSkip | undefined {
    if (this.#inFlight !== undefined) return undefined;
    for (let i = skips.length - 1; i >= 0; i--) {
      const skip = skips[i]!;
      if (this.#done.has(skip)) continue;
      const failedAtMs = this.#failedAtMs.get(skip);
      if (failedAtMs !== undefined && nowMs - failedAtMs < this.#retryAfterMs) continue;
      this.#inFlight = skip;
      return skip;
    }
    return undefined;
  }

  /** Its reply came: never asked again. */
  filled(skip: PreviewSkip): void {
    this.#done.add(skip);
    if (this.#inFlight === skip) this.#inFlight = undefined;
  }

  /** Its request failed (not on disk yet, or no reply in time): asked again after the retry delay. */
  failed(skip: PreviewSkip, nowMs: number): void {
    this.#failedAtMs.set(skip, nowMs);
    if (this.#inFlight === skip) this.#inFlight = undefined;
  }
}
