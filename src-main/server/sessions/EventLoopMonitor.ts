/**
 * Event-loop lag of the backend's main thread, for `stats`: how much later than asked a timer callback
 * ran. Built on perf_hooks.monitorEventLoopDelay, with two corrections:
 * - that histogram records the whole interval between its timer's callbacks, which includes the timer's own
 *   resolution (an idle loop reads ~10 ms at resolution 10), so the resolution is subtracted;
 * - figures since start would hide a problem that begins after hours of calm, so the histogram is
 *   rotated every `windowMs` and a figure is the worse of the current and the previous window: always
 *   the last `windowMs` at least, never more than twice that.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface EventLoopLag {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const NONE: EventLoopLag = { p50Ms: 0, p99Ms: 0, maxMs: 0 };

export class EventLoopMonitor {
  readonly #resolutionMs: number;
  readonly #windowMs: number;
  readonly #histogram: IntervalHistogram;
  #previous: EventLoopLag = NONE;
  #rotation: ReturnType<typeof setInterval> | undefined;

  constructor(options: { resolutionMs?: number; windowMs?: number } = {}) {
    this.#resolutionMs = options.resolutionMs ?? 5;
    this.#windowMs = options.windowMs ?? 10_000;
    this.#histogram = monitorEventLoopDelay({ resolution: this.#resolutionMs });
  }

  start(): void {
    if (this.#rotation !== undefined) return;
    this.#histogram.enable();
    this.#rotation = setInterval(() => {
      this.#previous = this.#current();
      this.#histogram.reset();
    }, this.#windowMs);
    this.#rotation.unref();
  }

  stop(): void {
    clearInterval(this.#rotation);
    this.#rotation = undefined;
    this.#histogram.disable();
  }

  /** Lag over the last one to two windows, ms. */
  lag(): EventLoopLag {
    const current = this.#current();
    return {
      p50Ms: Math.max(current.p50Ms, this.#previous.p50Ms),
      p99Ms: Math.max(current.p99Ms, this.#previous.p99Ms),
      maxMs: Math.max(current.maxMs, this.#previous.maxMs),
    };
  }

  #current(): EventLoopLag {
    const h = this.#histogram;
    if (h.count === 0) return NONE;
    const lagMs = (ns: number): number => Math.max(0, ns / 1e6 - this.#resolutionMs);
    return { p50Ms: lagMs(h.percentile(50)), p99Ms: lagMs(h.percentile(99)), maxMs: lagMs(h.max) };
  }
}
