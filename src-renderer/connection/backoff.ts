/**
 * Reconnect delays: exponential backoff with full jitter (delay drawn uniformly from [0, min(cap, base·2^n)]),
 * so a restarted server is not hit by every client at the same instant, yet the first retry is quick.
 */
export interface BackoffPolicy {
  /** Upper bound of the first retry's delay, ms. */
  baseMs: number;
  /** Largest delay, ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 5_000 };

/** Delay before retry number `attempt` (0 for the first retry), ms. */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
  policy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.floor(random() * ceiling);
}
