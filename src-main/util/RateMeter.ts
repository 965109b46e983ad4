/** Events per second over a sliding window, from a small ring of timestamps (no allocation per event). */
export class RateMeter {
  readonly #windowMs: number;
  readonly #times: Float64Array;
  #head = 0;
  #count = 0;

  constructor(windowMs = 2_000, capacity = 4_096) {
    this.#windowMs = windowMs;
    this.#times = new Float64Array(capacity);
  }

  mark(nowMs: number): void {
    this.#times[this.#head] = nowMs;
    this.#head = (this.#head + 1) % this.#times.length;
    if (this.#count < this.#times.length) this.#count++;
  }

  rateHz(nowMs = performance.now()): number {
    const cap = this.#times.length;
    let inWindow = 0;
    let oldest = nowMs;
    for (let i = 1; i <= this.#count; i++) {
      const t = this.#times[(this.#head - i + cap) % cap]!;
      if (nowMs - t > this.#windowMs) break;
      inWindow++;
      oldest = t;
    }
    if (inWindow < 2) return 0;
    return ((inWindow - 1) * 1000) / Math.max(1, nowMs - oldest);
  }
}
