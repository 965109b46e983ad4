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
