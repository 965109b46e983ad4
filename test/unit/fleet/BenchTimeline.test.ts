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
});
