/**
 * Fires a callback every `intervalMs` on absolute deadlines (start + n·interval), so timer jitter never
 * accumulates into drift the way chained setInterval/setTimeout does. A tick that cannot run before the
 * next deadline has passed is skipped and counted — never silently lost.
 */

export interface TickInfo {
  /** Index of this tick since start (skipped ticks are not run but do advance the index). */
  index: number;
  /** When this tick was due, ms on the timer's monotonic clock. */
  dueMs: number;
  /** How late it ran, ms. */
  lagMs: number;
}

export type MonotonicNow = () => number;

/** Deadline arithmetic, pure: given the time now, the next tick to run and how many were missed. */
export function nextTick(
  startMs: number,
  intervalMs: number,
  nextIndex: number,
  nowMs: number,
): { index: number; dueMs: number; skipped: number } {
  const dueMs = startMs + nextIndex * intervalMs;
  if (nowMs < dueMs + intervalMs) return { index: nextIndex, dueMs, skipped: 0 };
  // Late by one interval or more: jump to the latest deadline that has passed, counting the rest.
  const latest = Math.floor((nowMs - startMs) / intervalMs);
  return { index: latest, dueMs: startMs + latest * intervalMs, skipped: latest - nextIndex };
}

export class DeadlineTimer {
  readonly intervalMs: number;
  readonly #onTick: (tick: TickInfo) => void;
  readonly #now: MonotonicNow;
  #startMs = 0;
  #nextIndex = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #skipped = 0;
  #ticks = 0;
  #lastLagMs = 0;
  /** When the first and the latest tick of this run actually ran, and their indices (-1: none yet). */
  #firstRunMs = 0;
  #firstIndex = -1;
  #lastRunMs = 0;
  #lastIndex = -1;
  /** Phase shifts applied since the first tick of this run, ms: taken out of the mean period. */
  #shiftedSinceFirstMs = 0;

  constructor(
    intervalMs: number,
    onTick: (tick: TickInfo) => void,
    now: MonotonicNow = () => performance.now(),
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be positive, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.#onTick = onTick;
    this.#now = now;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }
  get skippedTicks(): number {
    return this.#skipped;
  }
  get ticks(): number {
    return this.#ticks;
  }
  get lastLagMs(): number {
    return this.#lastLagMs;
  }

  /**
   * Mean period between the ticks that actually ran, per deadline, since start, ms: (last run − first run)
   * ÷ (deadlines between them). Nominal when timing holds; skipped deadlines are not hidden in it (they are
   * in `skippedTicks`). NaN before the second tick.
   */
  get meanPeriodMs(): number {
    const deadlines = this.#lastIndex - this.#firstIndex;
    return this.#firstIndex >= 0 && deadlines > 0
      ? (this.#lastRunMs - this.#firstRunMs - this.#shiftedSinceFirstMs) / deadlines
      : Number.NaN;
  }

  /** When the next tick is due, ms on the timer's clock (meaningful while running). */
  get nextDueMs(): number {
    return this.#startMs + this.#nextIndex * this.intervalMs;
  }

  /**
   * Starts ticking. The first tick is due immediately, or at `firstDueMs` (on the timer's clock) to continue
   * another timer's grid; a time already past runs at once.
   */
  start(firstDueMs?: number): void {
    if (this.#timer !== undefined) return;
    this.#startMs = firstDueMs ?? this.#now();
    this.#nextIndex = 0;
    this.#firstIndex = -1;
    this.#lastIndex = -1;
    this.#shiftedSinceFirstMs = 0;
    this.#schedule();
  }

  /**
   * Moves every deadline not yet run by `deltaMs` (later when positive): the grid's phase changes, its
   * period does not. This is how a client lands a stream's ticks just before its display's frames. The
   * pending tick is rescheduled at once; a tick already run never runs again, and a deadline moved into
   * the past runs at once (late, not skipped, as long as |deltaMs| is below one interval).
   */
  shift(deltaMs: number): void {
    if (!Number.isFinite(deltaMs)) throw new RangeError(`shift must be a finite number, got ${deltaMs}`);
    this.#startMs += deltaMs;
    if (this.#firstIndex >= 0) this.#shiftedSinceFirstMs += deltaMs;
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#schedule();
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    const dueMs = this.#startMs + this.#nextIndex * this.intervalMs;
    const delayMs = Math.max(0, dueMs - this.#now());
    this.#timer = setTimeout(this.#fire, delayMs);
  }

  readonly #fire = (): void => {
    const now = this.#now();
    const tick = nextTick(this.#startMs, this.intervalMs, this.#nextIndex, now);
    this.#skipped += tick.skipped;
    this.#nextIndex = tick.index + 1;
    this.#ticks++;
    this.#lastLagMs = now - tick.dueMs;
    if (this.#firstIndex < 0) {
      this.#firstIndex = tick.index;
      this.#firstRunMs = now;
    }
    this.#lastRunMs = now;
    this.#lastIndex = tick.index;
    try {
      this.#onTick({ index: tick.index, dueMs: tick.dueMs, lagMs: this.#lastLagMs });
    } finally {
      // The callback may have stopped us; only reschedule if still running.
      if (this.#timer !== undefined) this.#schedule();
    }
  };
}
