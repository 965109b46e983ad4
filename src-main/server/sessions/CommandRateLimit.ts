/**
 * The per-connection command rate limit: a token bucket of `commandsPerS` with bursts of `burst`. A
 * message over the rate is refused (answered, not run), so a script learns to slow down. Refusals draw on
 * a second bucket of the same size: a client that keeps sending at more than twice the rate — a flood, not
 * a script a little too eager — exhausts it and is to be closed, so that even the refusals cannot pile up
 * for a client that never reads them.
 */
import { TokenBucket } from './TokenBucket.js';

/** What to do with one incoming message. */
export type RateVerdict = 'run' | 'refuse' | 'close';

export class CommandRateLimit {
  readonly #commands: TokenBucket;
  readonly #refusals: TokenBucket;

  constructor(commandsPerS: number, burst: number) {
    this.#commands = new TokenBucket(commandsPerS, burst);
    this.#refusals = new TokenBucket(commandsPerS, burst);
  }

  /** Judges one message arriving at `nowMs` (a monotonic clock, ms). */
  judge(nowMs: number): RateVerdict {
    if (this.#commands.tryTake(nowMs)) return 'run';
    return this.#refusals.tryTake(nowMs) ? 'refuse' : 'close';
  }
}
