/**
 * At most one log line per reason per interval, for what outsiders can trigger at will (refused Origins
 * and Hosts): a script knocking a thousand times a second must not fill the disk or bury the lines that
 * matter. Lines held back are counted, and the next line for that reason says how many there were.
 */
import type { Logger } from './log.js';

export const DEFAULT_LOG_THROTTLE_INTERVAL_MS = 60_000;

export class LogThrottle {
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #now: () => number;
  /** Per reason: when its last line was written (ms) and how many have been held back since. */
  readonly #reasons = new Map<string, { loggedAtMs: number; suppressed: number }>();

  constructor(log: Logger, options: { intervalMs?: number; now?: () => number } = {}) {
    this.#log = log;
    this.#intervalMs = options.intervalMs ?? DEFAULT_LOG_THROTTLE_INTERVAL_MS;
    this.#now = options.now ?? (() => performance.now());
  }

  /**
   * Writes `message` as a warning unless a line for `reason` was written less than the interval ago.
   * `reason` is a fixed category chosen by the caller — never text from outside, so the table stays small.
   */
  warn(reason: string, message: string): void {
    const nowMs = this.#now();
    const entry = this.#reasons.get(reason);
    if (entry && nowMs - entry.loggedAtMs < this.#intervalMs) {
      entry.suppressed++;
      return;
    }
    const held = entry?.suppressed ?? 0;
    this.#reasons.set(reason, { loggedAtMs: nowMs, suppressed: 0 });
    this.#log.warn(held > 0 ? `${message} (and ${held} more like it since the last such line)` : message);
  }
}
