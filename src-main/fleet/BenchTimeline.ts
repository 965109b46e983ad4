/**
 * One bench's history as a dashboard backend holds it: records in seq order, each once (backfill and the
 * live feed overlap; a consumer re-delivers after a broker restart), and gaps marked where records are
 * missing (a seq jump: records lost while the broker was away) or where the bench was silent (no record
 * for longer than `silenceGapMs`: the bench itself was away). Pure: no timers, no I/O.
 *
 * Records are appended at the tail and dropped from a moving head index; the array is compacted only when
 * the dropped part is at least half of it, so trimming costs O(1) per record amortised. (Splicing the head
 * off per record moved the whole minute — 6,600 records of a 110-per-second bench — on every add.)
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
  #records: HistoryRecord[] = [];
  /** Index of the oldest record kept; those before it are dropped and await compaction. */
  #head = 0;
  #gaps: HistoryGap[] = [];
  #gapHead = 0;
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

  /** Records held, oldest first (a copy: O(n), for history replies rather than per record). */
  records(): readonly HistoryRecord[] {
    return this.#records.slice(this.#head);
  }

  /** Records held. */
  get size(): number {
    return this.#records.length - this.#head;
  }

  gaps(): readonly HistoryGap[] {
    return this.#gaps.slice(this.#gapHead);
  }

  #trim(): void {
    const cutoffMs = (this.#lastTimestampMs ?? 0) - this.#keepMs;
    const records = this.#records;
    while (this.#head < records.length && (records[this.#head]?.timestamp ?? Infinity) < cutoffMs) {
      this.#head++;
    }
    if (this.#head > 0 && this.#head * 2 >= records.length) {
      this.#records = records.slice(this.#head);
      this.#head = 0;
    }
    const gaps = this.#gaps;
    while (this.#gapHead < gaps.length && (gaps[this.#gapHead]?.toMs ?? Infinity) < cutoffMs) this.#gapHead++;
    if (this.#gapHead > 0 && this.#gapHead * 2 >= gaps.length) {
      this.#gaps = gaps.slice(this.#gapHead);
      this.#gapHead = 0;
    }
  }
}
