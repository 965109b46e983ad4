import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../shared/protocol/index.js';
import { BenchTimeline } from '../../../src-main/fleet/BenchTimeline.js';

const record = (seq: number, timestamp: number): HistoryRecord => ({
  bench: 'b',
  seq,
  timestamp,
  kind: 'readings',
  equipment_id: 'psu',
  data: [],
});

describe('BenchTimeline', () => {
  it('keeps each record once, whatever order backfill and live deliver them in', () => {
    const t = new BenchTimeline();
    for (const seq of [1, 2, 3]) t.add(record(seq, seq * 100));
    expect(t.add(record(2, 200))).toBe(false);
    expect(t.add(record(3, 300))).toBe(false);
    expect(t.add(record(4, 400))).toBe(true);
    expect(t.records().map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(t.duplicates).toBe(2);
    expect(t.gaps()).toEqual([]);
  });

  it('marks a seq jump as a gap with the records lost', () => {
    const t = new BenchTimeline();
    t.add(record(1, 100));
    t.add(record(5, 200));
    expect(t.gaps()).toEqual([{ fromMs: 100, toMs: 200, missingRecords: 3 }]);
  });

  it('marks a silence longer than silenceGapMs as a gap (the bench was away)', () => {
    const t = new BenchTimeline({ silenceGapMs: 1_000 });
    t.add(record(1, 100));
    t.add(record(2, 1_000));
    t.add(record(3, 2_500));
    expect(t.gaps()).toEqual([{ fromMs: 1_000, toMs: 2_500, missingRecords: 0 }]);
  });

  it('keeps only keepMs of records behind the newest, and the gaps inside it', () => {
    const t = new BenchTimeline({ keepMs: 1_000, silenceGapMs: 10_000 });
    t.add(record(1, 0));
    t.add(record(3, 500));
    for (let seq = 4; seq < 10; seq++) t.add(record(seq, seq * 250));
    expect(t.records()[0]?.timestamp).toBeGreaterThanOrEqual(9 * 250 - 1_000);
    expect(t.gaps()).toEqual([]);
  });

  it('keeps exactly the last keepMs across many trims (the head index and its compaction)', () => {
    const t = new BenchTimeline({ keepMs: 1_000, silenceGapMs: 10_000 });
    // 110 records a second for 3 minutes; every 1,000th is missing, so gaps are trimmed too.
    let held = 0;
    let checkedWithGap = 0;
    for (let seq = 1; seq <= 19_800; seq++) {
      if (seq % 1_000 === 0) continue;
      const timestampMs = Math.round((seq * 1_000) / 110);
      t.add(record(seq, timestampMs));
      held++;
      if (seq % 37 !== 0) continue;
      const newestMs = timestampMs;
      const kept = t.records();
      expect(kept.length).toBe(t.size);
      expect(kept.every((r) => r.timestamp >= newestMs - 1_000)).toBe(true);
      expect(kept.at(-1)?.seq).toBe(seq);
      // Nothing inside the window was dropped: seqs run on, with only the known holes.
      const first = kept[0]?.seq ?? 0;
      const expected = [];
      for (let s = first; s <= seq; s++) if (s % 1_000 !== 0) expected.push(s);
      expect(kept.map((r) => r.seq)).toEqual(expected);
      // A hole's gap is kept while the record after it is.
      let holes = 0;
      for (let h = first - 1; h <= seq; h++) if (h > 0 && h % 1_000 === 0) holes++;
      expect(t.gaps()).toHaveLength(holes);
      if (holes > 0) checkedWithGap++;
    }
    expect(held).toBe(19_781);
    expect(checkedWithGap).toBeGreaterThan(10);
    expect(t.gaps()).toHaveLength(0);
  });

  it('hands out records and gaps as they are then: later adds and trims do not change them', () => {
    const t = new BenchTimeline({ keepMs: 1_000 });
    t.add(record(1, 0));
    t.add(record(3, 100));
    const records = t.records();
    const gaps = t.gaps();
    for (let seq = 4; seq < 40; seq++) t.add(record(seq, seq * 100));
    expect(records.map((r) => r.seq)).toEqual([1, 3]);
    expect(gaps).toEqual([{ fromMs: 0, toMs: 100, missingRecords: 1 }]);
  });
});
