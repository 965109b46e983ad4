/**
 * `server.listen` on a fixed port that waits a moment for the port to come free. A backend restarted on
 * its port (a supervisor's restart, `benchtop serve --port 8080` run again while the previous run is still
 * closing its captures) would otherwise fail at once with EADDRINUSE for a port freed a second later. Port
 * 0 (the OS picks a free one) never retries, and neither does any other error; once the window has
 * passed, the last EADDRINUSE is what the caller gets (the CLI words it, naming the port and --port).
 */
import type { Server } from 'node:net';
import type { Timers } from './clock.js';

export interface ListenRetry {
  /** How long a fixed port taken by someone else is waited for, ms. Default 3,000; 0 tries once. */
  windowMs?: number;
  /** Between attempts, ms. Default 100. */
  stepMs?: number;
  /** Tests run the waits by hand. */
  timers?: Timers;
  /** Told once, at the first refusal, so a person sees why start-up pauses. */
  onWaiting?(port: number, windowMs: number): void;
}

export const DEFAULT_LISTEN_RETRY_MS = 3_000;
const DEFAULT_STEP_MS = 100;
/** Kept referenced (unlike systemTimers): a start-up waiting for its port must not let the process exit. */
const waitTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function listenOnce(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Listens on `host:port`, retrying EADDRINUSE on a fixed port for `retry.windowMs`. */
export async function listenRetrying(
  server: Server,
  port: number,
  host: string,
  retry: ListenRetry = {},
): Promise<void> {
  const windowMs = retry.windowMs ?? DEFAULT_LISTEN_RETRY_MS;
  const stepMs = Math.max(1, retry.stepMs ?? DEFAULT_STEP_MS);
  const timers = retry.timers ?? waitTimers;
  // Counted in attempts, not read off a clock: on a loaded machine each attempt's own time only lengthens
  // the wait, which errs on the side of letting a slow previous run finish closing.
  const attempts = 1 + Math.floor(windowMs / stepMs);
  for (let attempt = 1; ; attempt++) {
    try {
      return await listenOnce(server, port, host);
    } catch (err) {
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || port === 0 || attempt >= attempts) throw err;
      if (attempt === 1) retry.onWaiting?.(port, windowMs);
      await new Promise<void>((resolve) => timers.setTimeout(resolve, stepMs));
    }
  }
}
