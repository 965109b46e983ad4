/** Bytes per second over a sliding window of recent events, on an injected clock. */
import type { Clock } from '../../../util/index.js';

export class RateWindow {
  readonly #clock: Clock;
  readonly #windowMs: number;
  /** Events as [timeMs, bytes], oldest first, trimmed to the window. */
  #events: [number, number][] = [];
  #total = 0;

  /** `windowMs`: how far back the rate looks, ms. */
  constructor(clock: Clock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** Every byte ever added. */
  get total(): number {
    return this.#total;
  }

  add(bytes: number): void {
    const now = this.#clock.nowMs();
    this.#total += bytes;
    this.#events.push([now, bytes]);
    this.#trim(now);
  }

  /**
   * Bytes per second from the oldest event in the window to now, so a link that goes quiet decays and
   * reads 0 once its last bytes are older than the window; 0 with under two events.
   */
  ratePerS(): number {
    const now = this.#clock.nowMs();
    this.#trim(now);
    if (this.#events.length < 2) return 0;
    const bytes = this.#events.reduce((sum, [, b]) => sum + b, 0);
    const spanMs = Math.max(1, now - this.#events[0]![0]);
    return (bytes * 1000) / spanMs;
  }

  #trim(nowMs: number): void {
    let drop = 0;
    while (drop < this.#events.length && nowMs - this.#events[drop]![0] > this.#windowMs) drop++;
    if (drop > 0) this.#events.splice(0, drop);
  }
}
