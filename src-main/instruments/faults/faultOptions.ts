/** What the fault decorator (FaultyDriver) injects, and how often. */

/** How late a stalled reply comes, ms, unless `stallMs` says otherwise. */
export const DEFAULT_STALL_MS = 10_000;

export interface FaultOptions {
  /** Added to every reply, ms (a slow link). Default 0. */
  latencyMs?: number;
  /** Probability in [0, 1] that a reply comes `stallMs` late. Default 0. */
  stallProbability?: number;
  /** How late a stalled reply comes, ms. Default DEFAULT_STALL_MS. */
  stallMs?: number;
  /** Probability in [0, 1] that a command is carried out but its reply never comes. Default 0. */
  lostReplyProbability?: number;
  /** Probability in [0, 1] that a reply cannot be understood (DriverError 'protocol'). Default 0. */
  garbledReplyProbability?: number;
  /** Probability in [0, 1] that a read is dropped and resolves with no sample. Default 0. */
  dropReadProbability?: number;
  /** 1-based read numbers (counted over all stream types) that throw an Error. */
  throwOnReads?: readonly number[];
  /** The first this-many reads succeed; then the link drops. */
  disconnectAfterReads?: number;
  /** A dropped link comes back by itself after this long, ms; without it, only `reconnect()` heals it. */
  reconnectAfterMs?: number;
  /** Seed for the random faults, so a seeded run fails the same calls. Default 1. */
  seed?: number;
}
