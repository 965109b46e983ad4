/**
 * The connection's attempts to reach the backend, and the waits between them: each attempt resolves the
 * endpoint and hands it on to open a socket; a failed attempt is retried after a jittered backoff wait
 * (backoff.ts) that grows until an attempt succeeds, and never gives up while waiting can help. A problem
 * waiting cannot fix (no token, a refused token or origin, another protocol version) stops the retries
 * until `skipWait` or `start`. Attempts are numbered: one overtaken by a newer attempt, or by `stop`,
 * while its endpoint was being resolved opens nothing.
 *
 * Apart from ConnectionManager.ts, which keeps the socket: it opens one for each endpoint handed on and
 * reports how the attempt ended (`connected` on welcome, `failed` on a close), and shows the loop's state
 * through the callbacks of RetryLoopOptions, so this is driven in tests without a socket.
 */
import type { BackendEndpoint } from '../../shared/bridge';
import { backoffDelayMs } from './backoff';
import { problemFromEndpointError, type ConnectionProblem } from './connectionProblem';

export interface RetryLoopOptions {
  /** The backend's address and token, resolved anew for every attempt. */
  getEndpoint(): Promise<BackendEndpoint>;
  /** An attempt begins (before its endpoint is resolved). */
  attempting(): void;
  /** The current attempt's endpoint: open a socket to it. */
  open(endpoint: BackendEndpoint): void;
  /** An attempt failed, for `problem`: told before the loop waits or gives up. */
  failed(problem: ConnectionProblem): void;
  /** A backoff wait began; the next attempt is at `nextAttemptAtMs` (on `now`'s clock, ms). */
  waiting(nextAttemptAtMs: number): void;
  /** The loop gave up on a problem waiting cannot fix. */
  halted(): void;
  /** Wall clock, ms since the epoch. */
  now(): number;
  /** Uniform in [0, 1), for the backoff's jitter (Math.random by default). */
  random?: () => number;
}

export class RetryLoop {
  readonly #o: RetryLoopOptions;
  /** Failed attempts since the last success: the backoff's exponent. */
  #failures = 0;
  /** Set while a backoff wait is pending (cleared when it ends, is skipped, or the loop stops). */
  #waitTimer: ReturnType<typeof setTimeout> | undefined;
  /** Numbers each attempt: an attempt overtaken by a newer one (or by stop) must not open a socket. */
  #attemptSeq = 0;
  #stopped = true;
  /** Stopped because of a problem waiting cannot fix (not by stop()): skipWait() starts again. */
  #halted = false;

  constructor(options: RetryLoopOptions) {
    this.#o = options;
  }

  /** Not trying: before `start`, after `stop`, or given up. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Starts trying at once, unless already trying. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#halted = false;
    void this.#attempt();
  }

  /** Stops trying (until `start`): a wait is cancelled, an attempt under way opens nothing. */
  stop(): void {
    this.#stopped = true;
    this.#halted = false;
    this.#attemptSeq++;
    this.#clearWait();
  }

  /**
   * Ends a backoff wait and tries at once. Only during a wait, not while an attempt is under way; or after
   * the loop gave up (the user may have fixed what waiting could not).
   */
  skipWait(): void {
    if (this.#halted) return this.start();
    if (this.#stopped || this.#waitTimer === undefined) return;
    this.#clearWait();
    void this.#attempt();
  }

  /** An attempt succeeded: the next failure waits the shortest backoff again. */
  connected(): void {
    this.#failures = 0;
  }

  /** The attempt (or the connection it opened) failed: wait and retry, or give up if waiting cannot help. */
  failed(problem: ConnectionProblem): void {
    this.#o.failed(problem);
    if (problem.retry) return this.#wait();
    this.#stopped = true;
    this.#halted = true;
    this.#clearWait();
    this.#o.halted();
  }

  async #attempt(): Promise<void> {
    const seq = ++this.#attemptSeq;
    this.#o.attempting();
    let endpoint: BackendEndpoint;
    try {
      endpoint = await this.#o.getEndpoint();
    } catch (err) {
      if (this.#stopped || seq !== this.#attemptSeq) return;
      return this.failed(problemFromEndpointError(err));
    }
    // Stopped, or overtaken by a newer attempt, while the endpoint was being resolved.
    if (this.#stopped || seq !== this.#attemptSeq) return;
    this.#o.open(endpoint);
  }

  #wait(): void {
    const delayMs = backoffDelayMs(this.#failures++, this.#o.random);
    this.#o.waiting(this.#o.now() + delayMs);
    this.#clearWait();
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = undefined;
      void this.#attempt();
    }, delayMs);
  }

  #clearWait(): void {
    clearTimeout(this.#waitTimer);
    this.#waitTimer = undefined;
  }
}
