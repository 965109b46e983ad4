/**
 * Counts and recent figures of one instrument's SCPI link, reported as ScpiLinkStats. One meter lives as
 * long as the instrument is on the bench, across reconnects (each new port reports into the same meter),
 * so a timeout that ended in a dropped link is still counted after the reconnect.
 */
import type { Clock } from '../../../util/index.js';
import type { ScpiLinkStats } from '../ScpiPort.js';
import { isErrorQuery } from './errorQuery.js';
import { RateWindow } from './RateWindow.js';

/** Latencies kept for the percentiles: the most recent queries. */
const LATENCY_WINDOW = 256;
/** Byte rates are measured over this window, ms. */
const RATE_WINDOW_MS = 5_000;

/** The error number that leads every `SYST:ERR?` reply (`-222,"Data out of range"`, Siglent's `0  No Error`). */
const ERROR_CODE = /^\s*([+-]?\d+)/;

export class LinkStatsMeter {
  readonly #latenciesMs = new Float64Array(LATENCY_WINDOW);
  #latencyCount = 0;
  #latencyHead = 0;
  readonly #received: RateWindow;
  readonly #sent: RateWindow;
  queries = 0;
  writes = 0;
  timeouts = 0;
  resyncs = 0;
  instrumentErrors = 0;
  parseErrors = 0;
  connects = 0;

  constructor(clock: Clock) {
    this.#received = new RateWindow(clock, RATE_WINDOW_MS);
    this.#sent = new RateWindow(clock, RATE_WINDOW_MS);
  }

  get bytesReceived(): number {
    return this.#received.total;
  }

  get bytesSent(): number {
    return this.#sent.total;
  }

  recordLatency(latencyMs: number): void {
    this.#latenciesMs[this.#latencyHead] = latencyMs;
    this.#latencyHead = (this.#latencyHead + 1) % LATENCY_WINDOW;
    if (this.#latencyCount < LATENCY_WINDOW) this.#latencyCount++;
  }

  recordReceived(bytes: number): void {
    this.#received.add(bytes);
  }

  recordSent(bytes: number): void {
    this.#sent.add(bytes);
  }

  /**
   * A line reply was read: when it answers the error-queue query with a non-zero code, the instrument
   * reported an error of its own (counted here, whichever driver asked).
   */
  recordReply(command: string, reply: string): void {
    if (!isErrorQuery(command)) return;
    const code = ERROR_CODE.exec(reply);
    if (code && Number(code[1]) !== 0) this.instrumentErrors++;
  }

  snapshot(): ScpiLinkStats {
    const sorted = Array.from(this.#latenciesMs.subarray(0, this.#latencyCount)).sort((a, b) => a - b);
    return {
      queries: this.queries,
      writes: this.writes,
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP95Ms: percentile(sorted, 0.95),
      receiveBytesPerS: this.#received.ratePerS(),
      sendBytesPerS: this.#sent.ratePerS(),
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      timeouts: this.timeouts,
      resyncs: this.resyncs,
      instrumentErrors: this.instrumentErrors,
      parseErrors: this.parseErrors,
      connects: this.connects,
    };
  }
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
