/**
 * Garbage collections on this thread while a benchmark runs (PerformanceObserver 'gc' entries), so a late
 * frame can be checked for a collection that stopped the event loop between its record's arrival and its
 * result.
 */
import { PerformanceObserver } from 'node:perf_hooks';

export interface GcPause {
  /** Wall clock, ms since the epoch. */
  startMs: number;
  durationMs: number;
}

export class GcWatch {
  readonly pauses: GcPause[] = [];
  readonly #observer: PerformanceObserver;

  constructor() {
    this.#observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.pauses.push({ startMs: performance.timeOrigin + entry.startTime, durationMs: entry.duration });
      }
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Milliseconds of collection within [fromMs, toMs] (wall clock). */
  pausedMs(fromMs: number, toMs: number): number {
    let ms = 0;
    for (const p of this.pauses) {
      const overlap = Math.min(toMs, p.startMs + p.durationMs) - Math.max(fromMs, p.startMs);
      if (overlap > 0) ms += overlap;
    }
    return ms;
  }

  stop(): void {
    this.#observer.disconnect();
  }
}
