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

const setImmediateReal = globalThis.setImmediate;

/**
 * Resolves once real monotonic time reaches `dueMs` (at once when it has), never before it. Node's timers
 * run on the event loop's cached time, so a timer can fire up to a millisecond before `performance.now()`
 * reaches its due time: a 2 ms reply latency came out as ~1.4 ms and the emulator answered faster than it
 * models (measured: a DP832 read of 12 queries in 16.8 ms against 24 ms of modelled latency). So the timer
 * is armed for the whole milliseconds ahead and the last fraction is waited out on the event loop's check
 * phase. A loaded machine still fires it late; callers compute every due time from their schedule, so the
 * lateness delays only what was waiting and is never added to the times after it.
 */
export async function realSleepUntil(dueMs: number): Promise<void> {
  const aheadMs = dueMs - monotonicNow();
  if (aheadMs <= 0) return;
  if (aheadMs >= 1) await realSleep(Math.floor(aheadMs));
  while (monotonicNow() < dueMs) await new Promise<void>((resolve) => setImmediateReal(resolve));
}
