/**
 * Display-locked delivery, the arithmetic (no DOM, no timers): a frame clock that learns the display's
 * period from animation-frame times, and a controller that watches when a stream's records arrive within
 * that period and says how far to shift the stream (`shift_stream`) so that they land just before a frame.
 *
 * Why: a record drawn on the next animation frame waits, on average, half a frame when records and frames
 * run at slightly different rates (their phase drifts through each other). Landing each record a couple
 * of ms before the frame removes that wait — about 8 ms of a 60 Hz display's sample-to-pixel latency.
 */

/** Frame-to-frame times outside this range are not the display's period (a hidden tab, a stall). */
const PLAUSIBLE_FRAME_MS = { min: 4, max: 50 } as const;
/** Frame times kept: the period is measured over this many frames (2 s at 60 Hz). */
const FRAME_HISTORY = 121;
/** Frames needed before the clock trusts its estimate. */
const FRAMES_TO_TRUST = 11;

export class FrameClock {
  /** Start times of recent frames in an unbroken run (a stall or a hidden spell starts a new run). */
  readonly #framesMs: number[] = [];
  #lastFrameMs: number | undefined;
  #periodMs: number | undefined;

  /** One animation frame began at `frameMs` (requestAnimationFrame's timestamp). */
  frame(frameMs: number): void {
    const previous = this.#lastFrameMs;
    if (previous !== undefined && frameMs - previous < PLAUSIBLE_FRAME_MS.min) return;
    this.#lastFrameMs = frameMs;
    if (previous !== undefined && frameMs - previous > PLAUSIBLE_FRAME_MS.max) this.#framesMs.length = 0;
    this.#framesMs.push(frameMs);
    if (this.#framesMs.length > FRAME_HISTORY) this.#framesMs.shift();
    if (this.#framesMs.length >= FRAMES_TO_TRUST) this.#periodMs = this.#measure();
  }

  /**
   * The period over the whole run of frames: its span divided by the frames in it. Frame times come
   * rounded (to 0.1 ms in Chromium), so a single frame-to-frame time is too coarse for a stream's
   * interval — 16.7 instead of 16.667 drifts 2 ms a second. The median frame time only says how many
   * frames the span holds, so a dropped frame does not bias the result.
   */
  #measure(): number {
    const frames = this.#framesMs;
    const deltas = frames.slice(-32).map((t, i, recent) => (i === 0 ? 0 : t - recent[i - 1]!));
    const typicalMs = median(deltas.slice(1));
    const spanMs = frames.at(-1)! - frames[0]!;
    return spanMs / Math.max(1, Math.round(spanMs / typicalMs));
  }

  /** The display's frame period, ms, once enough frames were seen; undefined before. */
  get periodMs(): number | undefined {
    return this.#periodMs;
  }

  /**
   * How long before the next frame `atMs` is, ms (0 < slack ≤ period), or undefined when the clock cannot
   * say: no period yet, or no frame for more than two periods (frames stopped: hidden, or a long stall).
   */
  slackMs(atMs: number): number | undefined {
    const periodMs = this.#periodMs;
    const lastMs = this.#lastFrameMs;
    if (periodMs === undefined || lastMs === undefined) return undefined;
    const sinceMs = atMs - lastMs;
    if (sinceMs < 0 || sinceMs > 2 * periodMs) return undefined;
    const framesAhead = Math.max(1, Math.ceil(sinceMs / periodMs));
    return lastMs + framesAhead * periodMs - atMs;
  }
}

/**
 * A stream interval for display rate: the shortest whole number of frame periods that is at least
 * `minIntervalMs` (a 60 Hz display: one frame; 144 Hz with a 16 ms minimum: three), ms.
 */
export function displayIntervalMs(periodMs: number, minIntervalMs: number): number {
  return Math.max(1, Math.ceil(minIntervalMs / periodMs - 1e-9)) * periodMs;
}

export interface DisplayLockOptions {
  /** Aim: the latest records (see `lateFraction`) arrive this long before the frame, ms. */
  marginMs: number;
  /** Share of records allowed to arrive later than `marginMs` before the frame. */
  lateFraction: number;
  /** Records judged per decision. */
  windowRecords: number;
  /** Phase errors smaller than this are left alone, ms (no chatter). */
  deadbandMs: number;
  /** Records ignored after a shift was asked for: they were produced before it took effect. */
  settleRecords: number;
}

export const DEFAULT_DISPLAY_LOCK: DisplayLockOptions = {
  marginMs: 1,
  lateFraction: 0.03,
  windowRecords: 40,
  deadbandMs: 1,
  settleRecords: 4,
};

/** Phase error within which a stream counts as in step with the display, ms. */
const IN_STEP_MS = 3;

/** Wraps a phase difference into (−period/2, period/2]. */
function wrap(deltaMs: number, periodMs: number): number {
  let d = deltaMs % periodMs;
  if (d > periodMs / 2) d -= periodMs;
  if (d <= -periodMs / 2) d += periodMs;
  return d;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Steers one stream's phase. Feed it each record's arrival; every `windowRecords` records it compares the
 * late tail of their slack (time left before the next frame) with the margin and returns the shift to ask
 * for, if any. Slack is circular — a record just after a frame is late, not a period early — so the window
 * is centred on its circular mean before the tail is taken.
 */
export class DisplayLock {
  readonly #clock: FrameClock;
  readonly #options: DisplayLockOptions;
  #slacksMs: number[] = [];
  #settle = 0;
  /** Shifts asked for so far, and the latest phase error judged, ms (for the status line and tests). */
  shifts = 0;
  lastErrorMs: number | undefined;

  constructor(clock: FrameClock, options: Partial<DisplayLockOptions> = {}) {
    this.#clock = clock;
    this.#options = { ...DEFAULT_DISPLAY_LOCK, ...options };
  }

  /** Forgets what it saw (the stream restarted or was just shifted). */
  reset(settleRecords = this.#options.settleRecords): void {
    this.#slacksMs = [];
    this.#settle = settleRecords;
  }

  /**
   * In step: the last judged window landed within IN_STEP_MS of the aim. Looser than the deadband, so
   * the small corrections that follow drift and jitter do not make a status line flicker.
   */
  get locked(): boolean {
    return this.lastErrorMs !== undefined && Math.abs(this.lastErrorMs) < IN_STEP_MS;
  }

  /**
   * A record arrived at `atMs` (performance.now()). Returns the shift to ask the server for, ms (positive:
   * later), when a window is complete and its phase is off by more than the deadband; else undefined.
   */
  arrived(atMs: number): number | undefined {
    if (this.#settle > 0) {
      this.#settle--;
      return undefined;
    }
    const slackMs = this.#clock.slackMs(atMs);
    const periodMs = this.#clock.periodMs;
    if (slackMs === undefined || periodMs === undefined) return undefined;
    this.#slacksMs.push(slackMs);
    if (this.#slacksMs.length < this.#options.windowRecords) return undefined;
    const errorMs = this.#phaseError(this.#slacksMs, periodMs);
    this.#slacksMs = [];
    this.lastErrorMs = errorMs;
    if (Math.abs(errorMs) < this.#options.deadbandMs) return undefined;
    this.shifts++;
    this.reset();
    return errorMs;
  }

  /** How much later the records should come, ms, within (−period/2, period/2]. */
  #phaseError(slacksMs: readonly number[], periodMs: number): number {
    let sin = 0;
    let cos = 0;
    for (const s of slacksMs) {
      const angle = (2 * Math.PI * s) / periodMs;
      sin += Math.sin(angle);
      cos += Math.cos(angle);
    }
    let centreMs = (Math.atan2(sin, cos) * periodMs) / (2 * Math.PI);
    if (centreMs <= 0) centreMs += periodMs;
    const deviations = slacksMs.map((s) => wrap(s - centreMs, periodMs)).sort((a, b) => a - b);
    const tailIndex = Math.min(
      deviations.length - 1,
      Math.floor(this.#options.lateFraction * deviations.length),
    );
    const tailSlackMs = centreMs + deviations[tailIndex]!;
    return wrap(tailSlackMs - this.#options.marginMs, periodMs);
  }
}
