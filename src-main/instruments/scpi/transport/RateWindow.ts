/** Bytes per second over a sliding window of recent events, on an injected clock. */
import type { Clock } from '../../../util/index.js';

/** Events dropped from the front before the arrays are compacted (amortised: each event is copied once). */
const COMPACT_AFTER = 1024;

export class RateWindow {
  readonly #clock: Clock;
  readonly #windowMs: number;
  /**
   * Events oldest first, from `#head` on (a link counts one per send and per received chunk: thousands in
   * the window). Dropping from the front moves `#head` instead of shifting the array, and the window's
   * bytes are a running sum, so an event costs O(1) however many are in the window.
   */
  #timesMs: number[] = [];
  #bytes: number[] = [];
  #head = 0;
  #windowBytes = 0;
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
    this.#timesMs.push(now);
    this.#bytes.push(bytes);
    this.#windowBytes += bytes;
    this.#trim(now);
  }

  /**
   * Bytes per second from the oldest event in the window to now, so a link that goes quiet decays and
   * reads 0 once its last bytes are older than the window; 0 with under two events.
   */
  ratePerS(): number {
    const now = this.#clock.nowMs();
    this.#trim(now);
    if (this.#timesMs.length - this.#head < 2) return 0;
    const spanMs = Math.max(1, now - this.#timesMs[this.#head]!);
    return (this.#windowBytes * 1000) / spanMs;
  }

  #trim(nowMs: number): void {
    const times = this.#timesMs;
    while (this.#head < times.length && nowMs - times[this.#head]! > this.#windowMs) {
      this.#windowBytes -= this.#bytes[this.#head]!;
      this.#head++;
    }
    if (this.#head === times.length) {
      this.#timesMs = [];
      this.#bytes = [];
      this.#head = 0;
      this.#windowBytes = 0;
    } else if (this.#head >= COMPACT_AFTER && this.#head * 2 >= times.length) {
      this.#timesMs = times.slice(this.#head);
      this.#bytes = this.#bytes.slice(this.#head);
      this.#head = 0;
    }
  }
}
