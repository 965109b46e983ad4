/** Counts and recent figures of one SCPI link, reported as ScpiLinkStats. */
import type { Clock } from '../../../util/clock.js';
import type { ScpiLinkStats } from '../ScpiPort.js';

/** Latencies kept for the percentiles: the most recent queries. */
const LATENCY_WINDOW = 256;
/** Receive rate is measured over this window, ms. */
const RATE_WINDOW_MS = 5_000;

export class LinkStatsMeter {
  readonly #clock: Clock;
  readonly #latenciesMs = new Float64Array(LATENCY_WINDOW);
  #latencyCount = 0;
  #latencyHead = 0;
  /** Receive events as [timeMs, bytes], oldest first, trimmed to the rate window. */
  #received: [number, number][] = [];
  queries = 0;
  writes = 0;
  bytesSent = 0;
  bytesReceived = 0;
  timeouts = 0;
  resyncs = 0;
  errors = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  recordLatency(latencyMs: number): void {
    this.#latenciesMs[this.#latencyHead] = latencyMs;
    this.#latencyHead = (this.#latencyHead + 1) % LATENCY_WINDOW;
    if (this.#latencyCount < LATENCY_WINDOW) this.#latencyCount++;
  }

  recordReceived(bytes: number): void {
    const now = this.#clock.nowMs();
    this.bytesReceived += bytes;
    this.#received.push([now, bytes]);
    this.#trim(now);
  }

  snapshot(): ScpiLinkStats {
    const now = this.#clock.nowMs();
    this.#trim(now);
    const sorted = Array.from(this.#latenciesMs.subarray(0, this.#latencyCount)).sort((a, b) => a - b);
    const inWindow = this.#received.reduce((sum, [, bytes]) => sum + bytes, 0);
    const spanMs = this.#received.length > 0 ? Math.max(1, now - this.#received[0]![0]) : 1;
    return {
      queries: this.queries,
      writes: this.writes,
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP95Ms: percentile(sorted, 0.95),
      receiveBytesPerS: this.#received.length > 1 ? (inWindow * 1000) / spanMs : 0,
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      timeouts: this.timeouts,
      resyncs: this.resyncs,
      errors: this.errors,
    };
  }

  #trim(nowMs: number): void {
    let drop = 0;
    while (drop < this.#received.length && nowMs - this.#received[drop]![0] > RATE_WINDOW_MS) drop++;
    if (drop > 0) this.#received.splice(0, drop);
  }
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
