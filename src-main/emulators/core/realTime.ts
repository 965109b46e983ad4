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

/**
 * Resolves once real monotonic time reaches `dueMs` (at once when it has). The timer may fire late on a
 * loaded machine; callers compute every due time from their schedule, so the lateness delays only what
 * was waiting and is never added to the times after it. (Yielding to the event loop until the deadline
 * would hide the lateness, but costs a third more CPU per DS1054Z update on a machine that has none spare:
 * measured, no gain at a load average of 17.)
 */
export async function realSleepUntil(dueMs: number): Promise<void> {
  const aheadMs = dueMs - monotonicNow();
  if (aheadMs > 0) await realSleep(aheadMs);
}
