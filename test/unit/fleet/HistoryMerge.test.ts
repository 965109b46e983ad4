import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../shared/protocol/index.js';
import { BenchTimeline } from '../../../src-main/fleet/BenchTimeline.js';
import { HistoryMerge } from '../../../src-main/fleet/HistoryMerge.js';

/** Records 10 ms apart, as a 100 Hz bench makes them; the clock below is the test's own. */
const record = (seq: number): HistoryRecord => ({
  bench: 'b',
  seq,
  timestamp: 1_000_000 + seq * 10,
  kind: 'readings',
  equipment_id: 'psu',
  data: [seq],
});

function rig(options: { maxHeld?: number; stallMs?: number } = {}) {
  const timeline = new BenchTimeline({ silenceGapMs: 60_000 });
  const added: number[] = [];
  const merge = new HistoryMerge({
    timeline,
    onAdded: (r) => added.push(r.seq),
    backfillFromMs: 940_000,
    nowMs: 0,
    stallMs: options.stallMs ?? 1_000,
    maxHeld: options.maxHeld,
    readMarginMs: 5_000,
  });
  const stored = (seq: number, pending: number, nowMs = 0) =>
    merge.stored(record(seq), { pending, storedAtMs: record(seq).timestamp + 1 }, nowMs);
  /** The backfill of 1..n, then live from there. */
  const backfilled = (n: number) => {
    for (let seq = 1; seq <= n; seq++) stored(seq, n - seq);
    expect(merge.catchingUp).toBe(false);
  };
  return { timeline, added, merge, stored, backfilled };
}

describe('HistoryMerge', () => {
  it('reads the backfill from its start, then takes live records in order straight in', () => {
    const { merge, added, timeline, backfilled } = rig();
    expect(merge.catchingUp).toBe(true);
    expect(merge.readFromMs).toBe(940_000);
    backfilled(3);
    for (const seq of [4, 5, 6]) merge.live(record(seq), 10);
    expect(added).toEqual([1, 2, 3, 4, 5, 6]);
    expect(merge.catchingUp).toBe(false);
    expect(timeline.gaps()).toEqual([]);
  });

  it('holds live records that arrive during the backfill and merges them after it: no duplicates, seq order', () => {
    const { merge, added, timeline, stored } = rig();
    stored(1, 5);
    stored(2, 4);
    // Live from 5 on (subscribed before the backfill read that far).
    for (const seq of [5, 6, 7]) merge.live(record(seq), 10);
    expect(added).toEqual([1, 2]);
    expect(merge.held).toBe(3);
    stored(3, 4);
    stored(4, 3);
    // 4 reached the held 5: 5..7 go in, the reader is done.
    expect(added).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(merge.catchingUp).toBe(false);
    // The reader's copies still in flight are skipped; a live repeat counts as a duplicate.
    stored(5, 2);
    merge.live(record(7), 20);
    merge.live(record(8), 20);
    expect(added).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(timeline.duplicates).toBe(1);
    expect(timeline.gaps()).toEqual([]);
  });

  it('ends a backfill whose stream reaches its end with nothing live waiting', () => {
    const { merge, added, stored } = rig();
    stored(1, 1);
    expect(merge.catchingUp).toBe(true);
    stored(2, 0);
    expect(merge.catchingUp).toBe(false);
    expect(added).toEqual([1, 2]);
  });

  it('lets the first live record of a bench with nothing in the backfill window wait at most stallMs', () => {
    const { merge, added } = rig();
    merge.live(record(40), 0);
    expect(merge.catchingUp).toBe(true);
    // The stream has nothing from the backfill's start (no progress); the record waits at most stallMs.
    merge.tick(999);
    expect(added).toEqual([]);
    merge.tick(1_000);
    expect(added).toEqual([40]);
    expect(merge.catchingUp).toBe(false);
    merge.live(record(41), 1_010);
    expect(added).toEqual([40, 41]);
  });

  it('fills a hole in the live seq from the stream before adding the records after it', () => {
    const { merge, added, timeline, backfilled, stored } = rig();
    backfilled(3);
    merge.live(record(4), 100);
    // 5 and 6 lost on the live path.
    merge.live(record(7), 130);
    merge.live(record(8), 140);
    expect(merge.catchingUp).toBe(true);
    expect(merge.stats.holes).toBe(1);
    // Read from a margin before the last record that came in order.
    expect(merge.readFromMs).toBe(100 - 5_000);
    expect(added).toEqual([1, 2, 3, 4]);
    // The reader starts early: what is held is skipped silently.
    for (const seq of [3, 4]) stored(seq, 9 - seq, 150);
    stored(5, 3, 150);
    expect(merge.catchingUp).toBe(true);
    stored(6, 2, 150);
    expect(added).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(merge.catchingUp).toBe(false);
    expect(timeline.gaps()).toEqual([]);
    expect(timeline.duplicates).toBe(0);
  });

  it('marks the gap the stream itself has (the records were never stored) as soon as it shows it', () => {
    const { merge, added, timeline, backfilled, stored } = rig();
    backfilled(3);
    merge.live(record(9), 100);
    merge.live(record(10), 110);
    // The stream's next record after 3 is 9: 4..8 were lost before it (the broker was away).
    stored(9, 1, 120);
    expect(added).toEqual([1, 2, 3, 9, 10]);
    expect(merge.catchingUp).toBe(false);
    expect(timeline.gaps()).toEqual([
      { fromMs: record(3).timestamp, toMs: record(9).timestamp, missingRecords: 5 },
    ]);
  });

  it('turns a hole the stream supplies nothing for within stallMs into a gap, and goes on live', () => {
    const { merge, added, timeline, backfilled } = rig({ stallMs: 1_000 });
    backfilled(3);
    merge.live(record(6), 100);
    merge.live(record(7), 600);
    merge.tick(1_099);
    expect(added).toEqual([1, 2, 3]);
    merge.tick(1_100);
    expect(added).toEqual([1, 2, 3, 6, 7]);
    expect(merge.stats.gaveUp).toBe(1);
    expect(merge.catchingUp).toBe(false);
    expect(timeline.gaps()).toEqual([
      { fromMs: record(3).timestamp, toMs: record(6).timestamp, missingRecords: 2 },
    ]);
    merge.live(record(8), 1_200);
    expect(added.at(-1)).toBe(8);
  });

  it('counts stall time from the last record the stream delivered, so a slow but moving backfill is not cut', () => {
    const { merge, added, stored } = rig({ stallMs: 1_000 });
    merge.live(record(50), 0);
    for (let seq = 1; seq < 50; seq++) {
      stored(seq, 60 - seq, seq * 500);
      merge.tick(seq * 500 + 999);
    }
    expect(merge.stats.gaveUp).toBe(0);
    expect(added).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(merge.catchingUp).toBe(false);
  });

  it('holds out-of-order and repeated live records once each, in seq order', () => {
    const { merge, added, timeline, backfilled, stored } = rig();
    backfilled(2);
    for (const seq of [5, 4, 7, 5, 6]) merge.live(record(seq), 100);
    expect(merge.held).toBe(4);
    expect(merge.stats.heldDuplicates).toBe(1);
    expect(timeline.duplicates).toBe(0);
    stored(3, 4, 110);
    expect(added).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(merge.catchingUp).toBe(false);
  });

  it('ends a hole the live feed fills itself', () => {
    const { merge, added, backfilled } = rig();
    backfilled(2);
    merge.live(record(4), 100);
    expect(merge.catchingUp).toBe(true);
    merge.live(record(3), 101);
    expect(added).toEqual([1, 2, 3, 4]);
    expect(merge.catchingUp).toBe(false);
  });

  it('bounds the records held: the oldest go, and the stream supplies them', () => {
    const { merge, added, timeline, stored } = rig({ maxHeld: 4 });
    for (let seq = 11; seq <= 20; seq++) merge.live(record(seq), 0);
    expect(merge.held).toBe(4);
    expect(merge.stats.droppedHeld).toBe(6);
    for (let seq = 1; seq <= 16; seq++) stored(seq, 30 - seq, 10);
    expect(added).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(merge.catchingUp).toBe(false);
    expect(timeline.gaps()).toEqual([]);
  });

  it('reads a second hole from after the first, from the stream records that came in order', () => {
    const { merge, added, backfilled, stored } = rig();
    backfilled(2);
    merge.live(record(4), 100);
    stored(3, 1, 110);
    expect(merge.catchingUp).toBe(false);
    merge.live(record(5), 120);
    merge.live(record(7), 130);
    // The last record in order came live at 120 (our clock).
    expect(merge.readFromMs).toBe(120 - 5_000);
    stored(6, 1, 140);
    expect(added).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
