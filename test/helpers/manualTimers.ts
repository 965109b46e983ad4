/**
 * Timers that run only when a test says so: `advance(ms)` moves simulated time forward and runs every
 * callback that falls due, in order. For countdowns (the link-loss watchdog) that a test must drive
 * exactly, with a real server around them that keeps using Node's own timers.
 */
import type { TimerHandle, Timers } from '../../src-main/util/clock.js';

interface Scheduled {
  dueMs: number;
  callback: () => void;
}

export class ManualTimers implements Timers {
  #nowMs = 0;
  #nextId = 1;
  readonly #scheduled = new Map<number, Scheduled>();

  /** Simulated time since this object was made, ms. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** Timers set and neither run nor cleared. */
  get pending(): number {
    return this.#scheduled.size;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#scheduled.set(id, { dueMs: this.#nowMs + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#scheduled.delete(handle as number);
  }

  /** Moves time forward by `ms`, running each timer that falls due at its own time, earliest first. */
  advance(ms: number): void {
    const endMs = this.#nowMs + ms;
    for (;;) {
      let next: [number, Scheduled] | undefined;
      for (const entry of this.#scheduled) if (!next || entry[1].dueMs < next[1].dueMs) next = entry;
      if (!next || next[1].dueMs > endMs) break;
      this.#scheduled.delete(next[0]);
      this.#nowMs = next[1].dueMs;
      next[1].callback();
    }
    this.#nowMs = endMs;
  }
}
