/**
 * The emulator's own time: Node's timers and monotonic clock as they were when this module loaded. An
 * emulated instrument is a separate device, so a test that fakes the process's timers (to drive a
 * driver's timeouts by hand) must not freeze the instrument's replies and settle times with them.
 */
const setTimer = globalThis.setTimeout;
const monotonicNow = performance.now.bind(performance);

/** Resolves after `ms` of real time; the timer never keeps the process alive on its own. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimer(resolve, ms).unref());
}

/** Real monotonic time, ms. */
export function realNowMs(): number {
  return monotonicNow();
}
