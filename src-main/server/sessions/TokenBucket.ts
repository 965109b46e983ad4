/**
 * A token bucket: `ratePerS` tokens a second, holding at most `burst`. Admits events at the rate on
 * average with bursts up to `burst`; pure arithmetic on the times it is given, so it is tested without
 * timers. Used to rate-limit the commands of one connection.
 */
export class TokenBucket {
  readonly ratePerS: number;
  readonly burst: number;
  #tokens: number;
  #lastMs: number | undefined;

  /** Starts full. `ratePerS` > 0, `burst` ≥ 1. */
  constructor(ratePerS: number, burst: number) {
    if (!(ratePerS > 0) || !(burst >= 1))
      throw new RangeError('a token bucket needs ratePerS > 0 and burst ≥ 1');
    this.ratePerS = ratePerS;
    this.burst = burst;
    this.#tokens = burst;
  }

  /** Takes one token if there is one at `nowMs` (a monotonic clock, ms); false when the bucket is empty. */
  tryTake(nowMs: number): boolean {
    if (this.#lastMs !== undefined && nowMs > this.#lastMs) {
      this.#tokens = Math.min(this.burst, this.#tokens + ((nowMs - this.#lastMs) * this.ratePerS) / 1000);
    }
    this.#lastMs = Math.max(nowMs, this.#lastMs ?? nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
