/**
 * One instrument's command queue: calls run strictly one at a time, in the order they were made, because a
 * real instrument answers one query at a time over its link. Each call has a timeout that aborts it
 * through its AbortSignal and rejects the caller with DriverError('timeout') at once.
 *
 * A timed-out call may still complete afterwards (the reply was already on its way). Its value is never
 * handed to anyone as an answer — only to the caller's own `onLate`, marked as late — and the next call
 * does not start until the aborted one has settled, so a driver never sees two calls at once. A driver
 * that does not settle within `abortGraceMs` of the abort is wedged: the queue moves on and reports it
 * (the host then treats the link as lost and reconnects it, which is what clears a wedged link).
 */
import { DriverError } from '../InstrumentDriver.js';

/** How one call runs. */
export interface QueuedCallOptions<T> {
  /** Longest the call may take before it is aborted, ms. */
  timeoutMs: number;
  /**
   * Checked when the call's turn comes: an error refuses it without calling the driver (the instrument
   * went offline while it waited).
   */
  admit?(): Error | undefined;
  /**
   * Receives the value of a call that completed after its timeout (never given to anyone else), e.g. to
   * announce a setting the instrument applied late. Exceptions are contained.
   */
  onLate?(value: T): void;
  /**
   * The signal to give the call instead of one of its own, for a call no abort could stop (a simulator's:
   * InstrumentDriver.inMemory) — a shared signal that never fires. An AbortSignal of its own costs several
   * µs to make, more than a simulated supply's whole read at a hundred a second per bench. The call still
   * times out.
   */
  signal?: AbortSignal;
}

export interface CommandQueueOptions {
  /** How long an aborted call has to settle before the link is judged wedged, ms. */
  abortGraceMs: number;
  /** A timed-out call did not settle within the grace; `what` names it. */
  onWedged(what: string): void;
}

export class CommandQueue {
  readonly #options: CommandQueueOptions;
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #running = false;
  #lateDiscarded = 0;

  constructor(options: CommandQueueOptions) {
    this.#options = options;
  }

  /** Calls waiting for their turn (the one running not included). */
  get waiting(): number {
    return this.#waiting;
  }

  /** True while a call (or an aborted call's grace) holds the instrument. */
  get busy(): boolean {
    return this.#running;
  }

  /** Late completions of timed-out calls, discarded rather than delivered as an answer. */
  get lateDiscarded(): number {
    return this.#lateDiscarded;
  }

  /**
   * Runs `call` once every call made before it has finished, with a signal that aborts at its timeout.
   * Resolves or rejects with the call's own outcome; rejects DriverError('timeout') when it takes longer
   * than `timeoutMs`, or with the `admit` error when refused.
   */
  run<T>(what: string, call: (signal: AbortSignal) => Promise<T>, options: QueuedCallOptions<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting++;
      this.#tail = this.#tail.then(() => {
        this.#waiting--;
        return this.#execute(what, call, options, resolve, reject);
      });
    });
  }

  /**
   * Resolves when the instrument is free for the next call. Callbacks rather than promise races: this runs
   * for every read of every stream, and each race would allocate a handful of promises per call.
   */
  #execute<T>(
    what: string,
    call: (signal: AbortSignal) => Promise<T>,
    options: QueuedCallOptions<T>,
    resolve: (value: T) => void,
    reject: (error: unknown) => void,
  ): Promise<void> {
    const refusal = options.admit?.();
    if (refusal !== undefined) {
      reject(refusal);
      return Promise.resolve();
    }
    this.#running = true;
    return new Promise<void>((release) => {
      let controller: AbortController | undefined;
      const signal = options.signal ?? (controller = new AbortController()).signal;
      let timedOut = false;
      let released = false;
      let grace: ReturnType<typeof setTimeout> | undefined;
      const free = (): void => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        clearTimeout(grace);
        this.#running = false;
        release();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        const error = new DriverError(`${what} timed out after ${options.timeoutMs} ms`, 'timeout', {
          timeout_ms: options.timeoutMs,
        });
        controller?.abort(error);
        reject(error);
        grace = setTimeout(() => {
          free();
          this.#options.onWedged(what);
        }, this.#options.abortGraceMs);
      }, options.timeoutMs);
      let promise: Promise<T>;
      try {
        promise = call(signal);
      } catch (err) {
        promise = Promise.reject(err);
      }
      promise.then(
        (value) => {
          free();
          if (!timedOut) return resolve(value);
          this.#lateDiscarded++;
          try {
            options.onLate?.(value);
          } catch {
            // The caller was already answered (timeout); its late handler failing must not stop the queue.
          }
        },
        (err: unknown) => {
          free();
          if (!timedOut) reject(err);
        },
      );
    });
  }
}
