/**
 * Reconnect delays for an instrument link: capped exponential backoff. No jitter: each host retries one
 * instrument of its own, so there is no crowd of clients to spread out, and fixed delays keep the retry
 * schedule predictable for the person watching (and for tests).
 */
export interface ReconnectBackoff {
  /** Delay before the first retry, ms. */
  initialMs: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** Growth per failed attempt (≥ 1). */
  factor: number;
}

export const DEFAULT_RECONNECT_BACKOFF: Readonly<ReconnectBackoff> = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
};

/** Delay before retry number `attempt` (0 for the first), ms: initial · factor^attempt, at most maxMs. */
export function reconnectDelayMs(
  attempt: number,
  policy: ReconnectBackoff = DEFAULT_RECONNECT_BACKOFF,
): number {
  const exponent = Math.max(0, Math.min(attempt, 64));
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
}
