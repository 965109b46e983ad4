/**
 * Display-locked streams, wired to the page: the frame clock runs on requestAnimationFrame while any
 * stream is locked, each locked stream's arrivals go to its DisplayLock, and the shifts it asks for are
 * sent as `shift_stream`. A stream is locked by starting it here at display rate; the lock survives
 * reconnects (the restarted stream is judged afresh) and ends with `release`.
 *
 * The backend serves every subscriber of a stream from one shared read per tick, so only one of them — the
 * first to shift, in any window or dashboard — steers its phase. A shift answered `moved: false` means this
 * page follows another's phase: its records still come every tick (on the same display they land where the
 * leader's do), and it asks again only now and then, to take the lead once the leader has gone.
 */
import type { StreamShiftedMessage, StreamStartedMessage } from '../../shared/protocol/server';
import { streamKey, type ConnectionManager, type StreamSpec } from './ConnectionManager';
import { DisplayLock, FrameClock, displayIntervalMs } from './displayLock';

/** Used when no frames come to measure (a hidden page): the common display rate. */
const FALLBACK_FRAME_MS = 1000 / 60;
/** How long to wait for the frame clock before using the fallback, ms. */
const MEASURE_TIMEOUT_MS = 1_000;
/**
 * After a declined shift (another subscriber leads the phase), how long before asking again, ms: long
 * enough not to pester the backend every judged window, short enough to take the lead soon after the
 * leader has gone.
 */
export const FOLLOWER_RETRY_MS = 5_000;

type LockedSpec = Omit<StreamSpec, 'interval_ms'>;

interface Locked {
  spec: LockedSpec;
  lock: DisplayLock;
  /** A shift_stream is on its way: no second one until it is answered. */
  shifting: boolean;
  /** The server refused shift_stream (an older backend): the stream runs unlocked at display rate. */
  unsupported: boolean;
  /** The latest shift was declined (another subscriber leads the phase); no asking before `retryAtMs`. */
  following: boolean;
  /** performance.now() before which no shift is asked, ms (0: ask at will). */
  retryAtMs: number;
  /** Shifts sent to the server. */
  shiftsSent: number;
  /** Unregisters the stream's data handler. */
  off(): void;
}

export interface DisplayLockStatus {
  /** The latest judged window was in phase. */
  locked: boolean;
  /** Shifts sent to the server (asked for, moved or declined). */
  shifts: number;
  /** The latest phase error judged, ms (positive: records came early). */
  lastErrorMs: number | undefined;
  unsupported: boolean;
  /** Another subscriber of the shared stream steers its phase: this page's shifts are declined. */
  following: boolean;
}

/** What the status line says of a display-rate stream. */
export type DisplayLockState = 'locked' | 'locking' | 'following' | 'unsupported';

/** The status line's word for a stream's lock: in step wins, whoever steers the phase. */
export function displayLockState(status: DisplayLockStatus): DisplayLockState {
  if (status.unsupported) return 'unsupported';
  if (status.locked) return 'locked';
  return status.following ? 'following' : 'locking';
}

export class DisplayPacer {
  readonly clock = new FrameClock();
  readonly #connection: ConnectionManager;
  readonly #locked = new Map<string, Locked>();
  #frameRequest = 0;
  #measuring = 0;

  constructor(connection: ConnectionManager) {
    this.#connection = connection;
    // A (re)started stream may be on a new producer with a phase and a leader of its own: judge it afresh.
    connection.handlers.on('stream_started', (message) => {
      const entry = this.#locked.get(streamKey(message));
      if (!entry) return;
      entry.lock.reset();
      entry.following = false;
      entry.retryAtMs = 0;
    });
  }

  /**
   * Starts `spec` at display rate (whole frames, no shorter than `minIntervalMs`) and keeps it locked to
   * the display until `release`. Restarting a locked stream here re-measures the interval.
   */
  async start(spec: LockedSpec, minIntervalMs: number): Promise<StreamStartedMessage> {
    const key = streamKey(spec);
    const intervalMs = displayIntervalMs(await this.framePeriodMs(), minIntervalMs);
    this.#locked.get(key)?.off();
    const entry: Locked = {
      spec,
      lock: new DisplayLock(this.clock),
      shifting: false,
      unsupported: false,
      following: false,
      retryAtMs: 0,
      shiftsSent: 0,
      off: this.#connection.handlers.onStream(key, () => this.#arrived(entry)),
    };
    this.#locked.set(key, entry);
    this.#run();
    try {
      return await this.#connection.startStream({ ...spec, interval_ms: intervalMs });
    } catch (err) {
      this.release(spec);
      throw err;
    }
  }

  /** Stops locking a stream (it was stopped, or restarted at a fixed interval). */
  release(spec: Pick<StreamSpec, 'equipment_id' | 'stream_type' | 'channel'>): void {
    const key = streamKey(spec);
    this.#locked.get(key)?.off();
    this.#locked.delete(key);
  }

  isLocked(key: string): boolean {
    return this.#locked.has(key);
  }

  status(key: string): DisplayLockStatus | undefined {
    const entry = this.#locked.get(key);
    if (!entry) return undefined;
    const { lock } = entry;
    return {
      locked: lock.locked,
      shifts: entry.shiftsSent,
      lastErrorMs: lock.lastErrorMs,
      unsupported: entry.unsupported,
      following: entry.following,
    };
  }

  /** The display's frame period, ms: measured over a few frames, or 60 Hz's if frames do not come. */
  async framePeriodMs(): Promise<number> {
    if (this.clock.periodMs !== undefined) return this.clock.periodMs;
    this.#measuring++;
    this.#run();
    try {
      const deadline = performance.now() + MEASURE_TIMEOUT_MS;
      while (this.clock.periodMs === undefined && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      return this.clock.periodMs ?? FALLBACK_FRAME_MS;
    } finally {
      this.#measuring--;
    }
  }

  /** Runs the frame clock while anything needs it; it stops by itself otherwise. */
  #run(): void {
    if (this.#frameRequest !== 0 || typeof requestAnimationFrame !== 'function') return;
    const onFrame = (frameMs: number): void => {
      this.clock.frame(frameMs);
      this.#frameRequest = this.#locked.size > 0 || this.#measuring > 0 ? requestAnimationFrame(onFrame) : 0;
    };
    this.#frameRequest = requestAnimationFrame(onFrame);
  }

  #arrived(entry: Locked): void {
    if (entry.unsupported) return;
    const nowMs = performance.now();
    // Judged even while following, so the status says whether the leader's phase suits this display too.
    const shiftMs = entry.lock.arrived(nowMs);
    if (shiftMs === undefined || entry.shifting || nowMs < entry.retryAtMs) return;
    entry.shifting = true;
    entry.shiftsSent++;
    const { spec } = entry;
    this.#connection
      .request<StreamShiftedMessage>({
        type: 'shift_stream',
        equipment_id: spec.equipment_id,
        stream_type: spec.stream_type,
        channel: spec.channel,
        shift_ms: shiftMs,
      })
      .then(
        (answer) => {
          // An older backend answers without `moved`: it always moved the stream.
          entry.following = answer.moved === false;
          entry.retryAtMs = entry.following ? performance.now() + FOLLOWER_RETRY_MS : 0;
          // Moved: the records in flight were produced on the old grid. Declined: nothing changed, and
          // the lock already started a fresh window when it asked.
          if (!entry.following) entry.lock.reset();
        },
        (err: unknown) => {
          // A server without shift_stream answers unknown_type: stop asking, keep the stream.
          if ((err as { code?: string }).code === 'unknown_type') entry.unsupported = true;
        },
      )
      .finally(() => {
        entry.shifting = false;
      });
  }
}
