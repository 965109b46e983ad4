/**
 * RecordPump: records handed over in capped blocks with running indices; a record that does not continue
 * the previous one starts a segment at its own t0 (and one that does, none); a missed record is counted
 * and breaks contiguity; an instrument with no record yet is asked again after the pacing interval; a
 * record at another rate stops the pump once; the limit cuts the last record.
 */
import { describe, expect, it } from 'vitest';
import { RecordPump } from '../../../../src-main/acquisition/capture/sources/RecordPump.js';
import type {
  CapturedRecord,
  NoRecord,
  RecordReader,
} from '../../../../src-main/acquisition/capture/sources/types.js';
import { manualClock } from '../../../helpers/fakeInstruments.js';
import { ManualTimers } from '../../../helpers/manualTimers.js';

const RATE = 1_000; // 1 ms per sample

const record = (t0Ms: number, length: number, first = 0, rateHz = RATE): CapturedRecord => ({
  kind: 'record',
  t0Ms,
  sampleRateHz: rateHz,
  channels: [Float32Array.from({ length }, (_, i) => first + i)],
});

/** Lets the pump's loop run until it waits on the pacing timer (or ends). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(script: (CapturedRecord | NoRecord | Error)[], minReadIntervalMs = 5) {
  const timers = new ManualTimers();
  const reader: RecordReader = {
    next: async () => {
      const next = script.shift() ?? { kind: 'waiting', reason: 'waiting for trigger' };
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const log: string[] = [];
  const blocks: { first: number; values: number[] }[] = [];
  const errors: Error[] = [];
  const pump = new RecordPump({
    reader,
    channelCount: 1,
    sampleRateHz: RATE,
    clock: manualClock(),
    timers,
    minReadIntervalMs,
    maxBlockSamples: 4,
    onBlock: (b) => blocks.push({ first: b.firstSample, values: [...b.channels[0]!] }),
    onSegment: async (t0Ms) => void log.push(`segment at ${t0Ms}`),
    onMissed: (m) => log.push(`missed at ${m.sample} (${m.missedRecords}): ${m.reason}`),
    onError: (e) => errors.push(e),
  });
  return { timers, log, blocks, errors, pump, script };
}

describe('RecordPump', () => {
  it('hands records over in capped blocks, a new segment for each record that does not continue the last', async () => {
    const { timers, log, blocks, pump } = setup([
      record(1_000, 6, 0),
      record(1_006, 3, 6), // continues the first exactly: same segment
      record(1_050, 2, 100), // after dead time: a segment of its own
    ]);
    pump.start(0);
    for (let i = 0; i < 3; i++) {
      await settle();
      timers.advance(5);
    }
    await settle();
    expect(log).toEqual(['segment at 1000', 'segment at 1050']);
    expect(blocks).toEqual([
      { first: 0, values: [0, 1, 2, 3] },
      { first: 4, values: [4, 5] },
      { first: 6, values: [6, 7, 8] },
      { first: 9, values: [100, 101] },
    ]);
    expect(pump.produced).toBe(11);
    expect(pump.timeOf(10)).toBe(1_051);
    expect(pump.stats()).toEqual({ records: 3, missed_records: 0 });
    await pump.pause();
  });

  it('counts a missed record, and the next record starts a segment even where it would have continued', async () => {
    const { timers, log, pump } = setup([
      record(1_000, 2),
      { kind: 'missed', reason: 'the record was lost on the way' },
      record(1_002, 2),
    ]);
    pump.start(0);
    for (let i = 0; i < 3; i++) {
      await settle();
      timers.advance(5);
    }
    await settle();
    expect(log).toEqual([
      'segment at 1000',
      'missed at 2 (1): the record was lost on the way',
      'segment at 1002',
    ]);
    expect(pump.stats()).toEqual({ records: 2, missed_records: 1 });
    await pump.pause();
  });

  it('asks again after the pacing interval while the instrument has no record, and pausing ends the wait', async () => {
    const { timers, blocks, pump, script } = setup([]);
    pump.start(0);
    await settle();
    expect(timers.pending).toBe(1); // waiting, paced: not spinning on the instrument
    script.push(record(2_000, 1));
    timers.advance(4);
    await settle();
    expect(blocks).toEqual([]);
    timers.advance(1);
    await settle();
    expect(blocks).toEqual([{ first: 0, values: [0] }]);
    await pump.pause(); // resolves although a pacing timer was pending
    expect(pump.running).toBe(false);
  });

  it('stops once on a record at another rate, and on a failing read', async () => {
    const a = setup([record(1_000, 2), record(1_010, 2, 0, 2 * RATE)]);
    a.pump.start(0);
    await settle();
    a.timers.advance(5);
    await settle();
    expect(a.errors.map((e) => e.message)).toEqual([
      'records now come at 2000 Sa/s and the capture runs at 1000: the timebase or record length changed',
    ]);
    expect(a.pump.running).toBe(false);
    expect(a.pump.produced).toBe(2);

    const b = setup([new Error('link down')]);
    b.pump.start(0);
    await settle();
    expect(b.errors.map((e) => e.message)).toEqual(['link down']);
    expect(b.timers.pending).toBe(0);
  });

  it('cuts the last record at the limit and reads no more', async () => {
    const { timers, blocks, pump, script } = setup([record(1_000, 3), record(2_000, 3, 10)]);
    pump.setLimit(5);
    pump.start(0);
    await settle();
    timers.advance(5);
    await settle();
    expect(blocks).toEqual([
      { first: 0, values: [0, 1, 2] },
      { first: 3, values: [10, 11] },
    ]);
    script.push(record(3_000, 3));
    timers.advance(5);
    await settle();
    expect(pump.produced).toBe(5);
    expect(script).toHaveLength(1);
    await pump.pause();
  });
});

describe('RecordPump with a reader that ends (a single deep record)', () => {
  it('stops and reports onEnd once the reader has no more records', async () => {
    const ends: string[] = [];
    const script: (CapturedRecord | NoRecord)[] = [
      record(1_000, 3, 0),
      { kind: 'end', reason: 'the deep record was delivered' },
    ];
    const pump = new RecordPump({
      reader: { next: async () => script.shift() ?? record(9_000, 3, 100) },
      channelCount: 1,
      sampleRateHz: RATE,
      clock: manualClock(),
      timers: new ManualTimers(),
      minReadIntervalMs: 0,
      maxBlockSamples: 4,
      onBlock: () => undefined,
      onSegment: async () => undefined,
      onMissed: () => undefined,
      onError: (e) => {
        throw e;
      },
      onEnd: (reason) => ends.push(reason),
    });
    pump.start();
    await settle();
    await settle();
    expect(ends).toEqual(['the deep record was delivered']);
    expect(pump.running).toBe(false);
    expect(pump.produced).toBe(3);
  });

  it('cancels the record being read on pause, and a pause-made end is not reported as the end', async () => {
    const ends: string[] = [];
    let cancel: (() => void) | undefined;
    const reader: RecordReader = {
      next: () =>
        new Promise<NoRecord>((resolve) => {
          cancel = () => resolve({ kind: 'end', reason: 'cancelled' });
        }),
      cancel: () => cancel?.(),
    };
    const pump = new RecordPump({
      reader,
      channelCount: 1,
      sampleRateHz: RATE,
      clock: manualClock(),
      timers: new ManualTimers(),
      minReadIntervalMs: 0,
      maxBlockSamples: 4,
      onBlock: () => undefined,
      onSegment: async () => undefined,
      onMissed: () => undefined,
      onError: () => undefined,
      onEnd: (reason) => ends.push(reason),
    });
    pump.start();
    await settle();
    // Without the cancel this pause would wait for a read that never finishes.
    await pump.pause();
    expect(ends).toEqual([]);
    expect(pump.running).toBe(false);
  });
});
