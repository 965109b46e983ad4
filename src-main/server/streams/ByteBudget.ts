/**
 * A byte budget over a sliding window: `tryConsume` admits a payload only if, with it, no more than
 * `bytesPerWindow` were admitted during the last `windowMs`. Used for a connection's full-resolution
 * waveforms, whose frames (up to 16 MB each) could otherwise saturate a link and every buffer behind it.
 */
export class ByteBudget {
  readonly bytesPerWindow: number;
  readonly windowMs: number;
  /** Admission times (ms) and sizes, oldest first from `#head`; trimmed as they leave the window. */
  #times: number[] = [];
  #sizes: number[] = [];
  #head = 0;
  #usedBytes = 0;

  constructor(bytesPerWindow: number, windowMs = 1_000) {
    this.bytesPerWindow = bytesPerWindow;
    this.windowMs = windowMs;
  }

  /** Bytes admitted during the window ending at `nowMs`. */
  usedBytes(nowMs: number): number {
    this.#expire(nowMs);
    return this.#usedBytes;
  }

  /** Admits `bytes` (and counts them) if they fit in what is left of the window; false otherwise. */
  tryConsume(bytes: number, nowMs: number): boolean {
    this.#expire(nowMs);
    if (this.#usedBytes + bytes > this.bytesPerWindow) return false;
    this.#times.push(nowMs);
    this.#sizes.push(bytes);
    this.#usedBytes += bytes;
    return true;
  }

  #expire(nowMs: number): void {
    while (this.#head < this.#times.length && nowMs - this.#times[this.#head]! >= this.windowMs) {
      this.#usedBytes -= this.#sizes[this.#head]!;
      this.#head++;
    }
    // Compact now and then rather than shifting per entry.
    if (this.#head > 64 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
  }
}
