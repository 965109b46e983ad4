/** Time sources, injectable so tests can drive simulated time. */
export interface Clock {
  /** Wall-clock time, ms since epoch, monotonic within a run (never jumps back with NTP). */
  nowMs(): number;
}

const origin = performance.timeOrigin;

/** performance.timeOrigin + performance.now(): epoch-based yet monotonic. */
export const systemClock: Clock = {
  nowMs: () => origin + performance.now(),
};

/** A pending one-shot timer, as `Timers.setTimeout` returned it. */
export type TimerHandle = unknown;

/** One-shot timers, injectable so tests can run a countdown by hand instead of waiting for it. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's timers, unref'd: a countdown never keeps the process alive on its own. */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
