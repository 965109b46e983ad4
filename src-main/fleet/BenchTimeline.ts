/**
 * One bench's history as a dashboard backend holds it: records in seq order, each once (backfill and the
 * live feed overlap; a consumer re-delivers after a broker restart), and gaps marked where records are
 * missing (a seq jump: records lost while the broker was away) or where the bench was silent (no record
 * for longer than `silenceGapMs`: the bench itself was away). Pure: no timers, no I/O.
 */
import type { HistoryRecord } from '../../shared/protocol/index.js';

/** A stretch of time without data; the dashboard draws a break here instead of joining the points. */
export interface HistoryGap {
  /** Timestamp of the last record before the gap, ms since epoch. */
  fromMs: number;
  /** Timestamp of the first record after it. */
  toMs: number;
  /** Records known lost (seq jump); 0 when the bench was silent. */
  missingRecords: number;
}

/** The bench publishes every 100 ms; a second without anything means it was not there. */
export const SILENCE_GAP_DEFAULT_MS = 1_000;

export class BenchTimeline {
  readonly #keepMs: number;
  readonly #silenceGapMs: number;
  readonly #records: HistoryRecord[] = [];
  readonly #gaps: HistoryGap[] = [];
  #lastSeq = 0;
  #lastTimestampMs: number | undefined;
  #duplicates = 0;

  /**
   * @param keepMs how far back records are kept, ms, measured from the newest record (default 60 s).
   */
  constructor(options: { keepMs?: number; silenceGapMs?: number } = {}) {
    this.#keepMs = options.keepMs ?? 60_000;
    this.#silenceGapMs = options.silenceGapMs ?? SILENCE_GAP_DEFAULT_MS;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Records dropped because they were already held. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Adds a record; false when it was a duplicate (or older than one already held) and was dropped. */
  add(record: HistoryRecord): boolean {
    if (record.seq <= this.#lastSeq) {
      this.#duplicates++;
      return false;
    }
    const last = this.#lastTimestampMs;
    if (last !== undefined) {
      const missing = record.seq - this.#lastSeq - 1;
      if (missing > 0 || record.timestamp - last > this.#silenceGapMs) {
        this.#gaps.push({ fromMs: last, toMs: record.timestamp, missingRecords: Math.max(0, missing) });
      }
    }
    this.#lastSeq = record.seq;
    this.#lastTimestampMs = Math.max(last ?? record.timestamp, record.timestamp);
    this.#records.push(record);
    this.#trim();
    return true;
  }

  records(): readonly HistoryRecord[] {
    return this.#records;
  }

  gaps(): readonly HistoryGap[] {
    return this.#gaps;
  }

  #trim(): void {
    const cutoffMs = (this.#lastTimestampMs ?? 0) - this.#keepMs;
    let drop = 0;
    while (drop < this.#records.length && (this.#records[drop]?.timestamp ?? Infinity) < cutoffMs) drop++;
    if (drop > 0) this.#records.splice(0, drop);
    while (this.#gaps.length > 0 && (this.#gaps[0]?.toMs ?? Infinity) < cutoffMs) this.#gaps.shift();
  }
}
