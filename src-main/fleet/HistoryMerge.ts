/**
 * Puts one bench's records into its BenchTimeline in seq order when they come by two ways: live, as core
 * NATS messages (the cheap path, but a message lost in a reconnect or dropped is lost), and read from the
 * bench's JetStream stream (the backfill when the bench is first seen, and any hole in the live seq).
 * Pure: no timers, no I/O; the caller (HistoryFollower) runs a stream reader while `catchingUp` is true,
 * from `readFromMs`, and calls `tick` with its clock.
 *
 * While catching up, live records are held (at most `maxHeld`, the oldest dropped first — the reader reads
 * them from the stream anyway) and merged once the stream's records reach them. The stream is the judge of
 * what was lost: it keeps every record the bench stored, in seq order, so a seq jump in what it delivers is
 * a real loss and the timeline marks it. When the stream supplies nothing for `stallMs` while records are
 * held (it is gone, or the broker is away), the held records are added as they are and the hole is a gap.
 */
import type { HistoryRecord } from '../../shared/protocol/index.js';
import type { BenchTimeline } from './BenchTimeline.js';

/** Records held while catching up, per bench: over a minute of a 110-record-per-second bench. */
export const MAX_HELD_DEFAULT = 8_192;
/**
 * How long the stream may supply nothing while records wait for it before the hole becomes a gap, ms. Only
 * a stream that is gone or a broker that is away waits this long; a loaded machine's backfill of twenty
 * benches (7.5 s to catch up in fleetLoad) must not be cut short by it.
 */
export const STALL_DEFAULT_MS = 10_000;
/**
 * A hole is read from the stream from this long before the last record that came in order, ms: the stream
 * is read by store time (the broker's clock), which a lab's NTP keeps well within this of ours.
 */
export const READ_MARGIN_DEFAULT_MS = 5_000;

export interface HistoryMergeOptions {
  timeline: BenchTimeline;
  /** Called with each record the timeline took, in seq order. */
  onAdded: (record: HistoryRecord) => void;
  /** Where the backfill starts, ms since epoch (store time). */
  backfillFromMs: number;
  /** Now, ms since epoch (the caller's clock): stall times count from here. */
  nowMs: number;
  maxHeld?: number;
  stallMs?: number;
  readMarginMs?: number;
}

/** What a stream reader knows of the record it delivers. */
export interface StoredInfo {
  /** Records left in the stream after this one for the reader (0: it is at the stream's end). */
  pending: number;
  /** When the stream stored it, ms since epoch (broker clock). */
  storedAtMs: number;
}

export interface MergeStats {
  droppedHeld: number;
  gaveUp: number;
  holes: number;
  heldDuplicates: number;
}

export class HistoryMerge {
  readonly #timeline: BenchTimeline;
  readonly #onAdded: (record: HistoryRecord) => void;
  readonly #maxHeld: number;
  readonly #stallMs: number;
  readonly #readMarginMs: number;
  readonly #backfillFromMs: number;
  /** Live records waiting for the stream, ascending seq, each seq once. */
  #held: HistoryRecord[] = [];
  #catchingUp = true;
  /** When the last record was added in order (store time, or our clock for a live one), ms. */
  #lastInOrderMs: number | undefined;
  /** When the reader last delivered anything, or records started waiting, ms (our clock). */
  #progressMs: number;
  #droppedHeld = 0;
  #gaveUp = 0;
  #holes = 0;
  #heldDuplicates = 0;

  constructor(options: HistoryMergeOptions) {
    this.#timeline = options.timeline;
    this.#onAdded = options.onAdded;
    this.#maxHeld = options.maxHeld ?? MAX_HELD_DEFAULT;
    this.#stallMs = options.stallMs ?? STALL_DEFAULT_MS;
    this.#readMarginMs = options.readMarginMs ?? READ_MARGIN_DEFAULT_MS;
    this.#backfillFromMs = options.backfillFromMs;
    this.#progressMs = options.nowMs;
  }

  /** True while a stream reader should run: the backfill, or a hole in the live seq not yet filled. */
  get catchingUp(): boolean {
    return this.#catchingUp;
  }

  /** Where a (re)started stream reader starts, ms since epoch (store time). */
  get readFromMs(): number {
    return this.#lastInOrderMs === undefined
      ? this.#backfillFromMs
      : this.#lastInOrderMs - this.#readMarginMs;
  }

  /** Live records waiting for the stream now. */
  get held(): number {
    return this.#held.length;
  }

  /**
   * Counters: held records dropped over `maxHeld`, holes the stream could not fill in time, holes seen,
   * and live records dropped as copies of one held (the timeline counts the other duplicates).
   */
  get stats(): MergeStats {
    return {
      droppedHeld: this.#droppedHeld,
      gaveUp: this.#gaveUp,
      holes: this.#holes,
      heldDuplicates: this.#heldDuplicates,
    };
  }

  /** A record from the live (core) subscription, validated; `nowMs` on the caller's clock. */
  live(record: HistoryRecord, nowMs: number): void {
    const lastSeq = this.#timeline.lastSeq;
    if (!this.#catchingUp) {
      // The first record ever, or the next one: the common case, straight in.
      if (record.seq === lastSeq + 1 || lastSeq === 0 || record.seq <= lastSeq) {
        if (this.#timeline.add(record)) {
          this.#lastInOrderMs = nowMs;
          this.#onAdded(record);
        }
        return;
      }
      this.#catchingUp = true;
      this.#holes++;
    } else if (record.seq <= lastSeq) {
      this.#timeline.add(record); // counted as the duplicate it is
      return;
    }
    if (this.#held.length === 0) this.#progressMs = nowMs;
    this.#hold(record);
    // The live feed itself filled the hole (or the bench's first record came): the live edge is here.
    if (this.#drainContiguous() && this.#held.length === 0) this.#catchingUp = false;
  }

  /** A record read from the stream, validated. Records already held by the timeline are skipped. */
  stored(record: HistoryRecord, info: StoredInfo, nowMs: number): void {
    if (!this.#catchingUp) return;
    this.#progressMs = nowMs;
    const wasHolding = this.#held.length > 0;
    if (record.seq > this.#timeline.lastSeq) {
      // The stream has nothing between the last seq and this one: held records before it go first.
      this.#addHeldWhile((seq) => seq < record.seq);
      this.#add(record, info.storedAtMs);
      this.#dropHeldThrough(record.seq);
    }
    this.#drainContiguous();
    // Caught up: every held record is in (the reader reached the live feed), or the stream has no more
    // and nothing live is waiting (a backfill before any live record came).
    if (this.#held.length === 0 && (wasHolding || info.pending === 0)) this.#catchingUp = false;
  }

  /** Gives up on a hole the stream has supplied nothing for in `stallMs`: the held records go in as they are. */
  tick(nowMs: number): void {
    if (!this.#catchingUp || this.#held.length === 0) return;
    if (nowMs - this.#progressMs < this.#stallMs) return;
    this.#gaveUp++;
    this.#addHeldWhile(() => true);
    this.#catchingUp = false;
  }

  #hold(record: HistoryRecord): void {
    const held = this.#held;
    // Live records come in seq order almost always: a binary search only when this one is not the last.
    if (held.length === 0 || (held.at(-1)?.seq ?? 0) < record.seq) held.push(record);
    else {
      let lo = 0;
      let hi = held.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((held[mid]?.seq ?? 0) < record.seq) lo = mid + 1;
        else hi = mid;
      }
      if (held[lo]?.seq === record.seq) {
        this.#heldDuplicates++;
        return;
      }
      held.splice(lo, 0, record);
    }
    if (held.length > this.#maxHeld) {
      held.shift();
      this.#droppedHeld++;
    }
  }

  /** Adds held records that follow on from the timeline's last seq; true when any was added. */
  #drainContiguous(): boolean {
    return this.#addHeldWhile((seq) => seq <= this.#timeline.lastSeq + 1) > 0;
  }

  /** Adds the held records from the oldest while `take(seq)`, then removes them at once (no shift per record). */
  #addHeldWhile(take: (seq: number) => boolean): number {
    const held = this.#held;
    let n = 0;
    for (; n < held.length; n++) {
      const record = held[n];
      if (record === undefined || !take(record.seq)) break;
      this.#add(record, undefined);
    }
    if (n > 0) held.splice(0, n);
    return n;
  }

  /** Forgets held records up to `seq`: the stream's copies of them are in. */
  #dropHeldThrough(seq: number): void {
    let n = 0;
    while (n < this.#held.length && (this.#held[n]?.seq ?? Infinity) <= seq) n++;
    if (n > 0) this.#held.splice(0, n);
  }

  #add(record: HistoryRecord, storedAtMs: number | undefined): void {
    if (!this.#timeline.add(record)) return;
    // A live record's own arrival is not known here; its timestamp is the bench's clock, close enough.
    this.#lastInOrderMs = storedAtMs ?? record.timestamp;
    this.#onAdded(record);
  }
}
