import { describe, expect, it } from 'vitest';
import {
  type ComputeRunner,
  type ComputeTask,
  InlineRunner,
  PoolMeasurer,
  SharedRecords,
} from '../../../src-main/compute/index.js';
import { taskGroups } from '../../../src-main/compute/PoolMeasurer.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { measureRecord } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { recordingLogger, sineRecord } from '../../helpers/computeFixtures.js';

function record(length: number, amplitude = 1): ScopeRecord {
  return sineRecord({ length, amplitude });
}

/**
 * Inline, except that the next `failNext` tasks fail as a crashed worker's would; it says it runs
 * `threads` tasks at once, so the measurer gives it that many per record.
 */
class FailingRunner implements ComputeRunner {
  readonly #inline = new InlineRunner();
  readonly threads: number;
  failNext = 0;
  tasks = 0;
  /** Channels each task measured, in order of submission. */
  readonly channelsPerTask: number[] = [];
  constructor(threads = 2) {
    this.threads = threads;
  }
  run<T extends ComputeTask>(task: T) {
    this.tasks++;
    if (task.kind === 'measure') this.channelsPerTask.push(task.channels.length);
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('worker exited with code 3'));
    }
    return this.#inline.run(task);
  }
  close() {
    return Promise.resolve();
  }
}

describe('PoolMeasurer', () => {
  it('measures every channel exactly as measureRecord does, with the record’s timestamp', async () => {
    const r = record(20_000);
    const measurer = new PoolMeasurer({
      inlineMaxPoints: 0,
      runner: new InlineRunner(),
      records: new SharedRecords(),
      log: recordingLogger(),
    });
    const measured = await measurer.measure('scope_1', r, 1234);
    expect(measured).toEqual({ timestampMs: 1234, values: measureRecord(r) });
  });

  it('measures a record asked for twice once, copying its channels once', async () => {
    const r = record(1_000);
    const runner = new FailingRunner();
    const records = new SharedRecords();
    const measurer = new PoolMeasurer({ inlineMaxPoints: 0, runner, records, log: recordingLogger() });
    const [a, b] = await Promise.all([measurer.measure('scope_1', r, 1), measurer.measure('scope_1', r, 1)]);
    expect(a).toBe(b);
    expect(runner.tasks).toBe(2);
    expect(records.copiedBytes).toBe(4 * 1_000 * 4);
  });

  it('answers a record replaced while waiting with the newer record’s figures and never measures it', async () => {
    const runner = new FailingRunner();
    const measurer = new PoolMeasurer({
      inlineMaxPoints: 0,
      runner,
      records: new SharedRecords(),
      log: recordingLogger(),
    });
    const [first, second, third] = [record(1_000, 1), record(1_000, 2), record(1_000, 3)];
    const all = await Promise.all([
      measurer.measure('scope_1', first, 10),
      measurer.measure('scope_1', second, 20),
      measurer.measure('scope_1', third, 30),
    ]);
    expect(all.map((m) => m?.timestampMs)).toEqual([10, 30, 30]);
    expect(all[1]!.values).toEqual(measureRecord(third));
    expect(measurer.replaced).toBe(1);
    expect(runner.tasks).toBe(4);
  });

  it('logs a failed record, answers it with nothing, and measures the next record', async () => {
    const runner = new FailingRunner();
    const log = recordingLogger();
    const measurer = new PoolMeasurer({ inlineMaxPoints: 0, runner, records: new SharedRecords(), log });
    runner.failNext = 1;
    const failed = await measurer.measure('scope_1', record(1_000), 1);
    expect(failed).toBeUndefined();
    expect(measurer.failures).toBe(1);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(
      /measuring a record of scope_1 failed \(worker exited with code 3\).*next record is measured/,
    );
    const next = record(1_000, 2);
    await expect(measurer.measure('scope_1', next, 2)).resolves.toEqual({
      timestampMs: 2,
      values: measureRecord(next),
    });
  });

  it('measures a failed record again when it is asked for again (a stopped scope’s last record)', async () => {
    const runner = new FailingRunner();
    const measurer = new PoolMeasurer({
      inlineMaxPoints: 0,
      runner,
      records: new SharedRecords(),
      log: recordingLogger(),
    });
    const r = record(1_000);
    runner.failNext = 1;
    expect(await measurer.measure('scope_1', r, 1)).toBeUndefined();
    expect(await measurer.measure('scope_1', r, 1)).toEqual({ timestampMs: 1, values: measureRecord(r) });
  });
  it('measures a small record on the event loop, in its lane, with the same figures; a large one in the pool', async () => {
    const runner = new FailingRunner();
    const measurer = new PoolMeasurer({
      runner,
      records: new SharedRecords(),
      log: recordingLogger(),
      inlineMaxPoints: 4 * 10_000,
    });
    const small = record(10_000);
    const got = await measurer.measure('scope_1', small, 5);
    expect(runner.tasks).toBe(0);
    expect(measurer.measuredInline).toBe(1);
    expect(got).toEqual({ timestampMs: 5, values: measureRecord(small) });
    await measurer.measure('scope_1', record(10_001), 6);
    expect(runner.tasks).toBe(2);
  });

  it('hands a record to the pool in one task per thread (at most one per channel), figures unchanged', async () => {
    const r = record(20_000);
    for (const [threads, split] of [
      [1, [4]],
      [2, [2, 2]],
      [3, [2, 2]],
      [4, [1, 1, 1, 1]],
      [8, [1, 1, 1, 1]],
    ] as const) {
      const runner = new FailingRunner(threads);
      const measurer = new PoolMeasurer({
        inlineMaxPoints: 0,
        runner,
        records: new SharedRecords(),
        log: recordingLogger(),
      });
      const measured = await measurer.measure('scope_1', r, 7);
      expect(runner.channelsPerTask, `${threads} threads`).toEqual(split);
      expect(measured).toEqual({ timestampMs: 7, values: measureRecord(r) });
    }
  });
});

describe('taskGroups', () => {
  const channels = (...lengths: number[]): Float32Array[] => lengths.map((n) => new Float32Array(n));
  const shape = (groups: Float32Array[][]): number[][] => groups.map((g) => g.map((c) => c.length));

  it('splits neighbouring channels into at most `threads` groups, the largest as small as can be', () => {
    expect(shape(taskGroups(channels(5, 6, 7, 8), 2))).toEqual([
      [5, 6],
      [7, 8],
    ]);
    expect(shape(taskGroups(channels(1000, 10, 10, 10), 2))).toEqual([[1000], [10, 10, 10]]);
    expect(shape(taskGroups(channels(10, 10, 10, 1000), 2))).toEqual([[10, 10, 10], [1000]]);
    // Four tasks would not finish sooner than three: the largest holds two channels either way.
    expect(shape(taskGroups(channels(4, 4, 4, 4, 4, 4), 4))).toEqual([
      [4, 4],
      [4, 4],
      [4, 4],
    ]);
    expect(shape(taskGroups(channels(4, 4, 4, 4), 3))).toEqual([
      [4, 4],
      [4, 4],
    ]);
    expect(taskGroups([], 2)).toEqual([]);
    expect(shape(taskGroups(channels(3), 4))).toEqual([[3]]);
    expect(shape(taskGroups(channels(3, 3), 0))).toEqual([[3, 3]]);
  });

  it('keeps every channel once, in order', () => {
    const list = channels(9, 1, 4, 4, 2, 8, 5);
    for (let threads = 1; threads <= 8; threads++) {
      const groups = taskGroups(list, threads);
      expect(groups.length).toBeLessThanOrEqual(threads);
      expect(groups.flat()).toEqual(list);
      expect(groups.every((g) => g.length > 0)).toBe(true);
    }
  });

  it('splits channels of one length as evenly as the threads allow, every channel once and in order', () => {
    for (let n = 1; n <= 9; n++) {
      const list = channels(...Array.from({ length: n }, () => 16));
      for (let threads = 1; threads <= 6; threads++) {
        const groups = taskGroups(list, threads);
        expect(groups.flat()).toEqual(list);
        expect(groups.length).toBeLessThanOrEqual(threads);
        // The largest task holds as few channels as any split into `threads` tasks could.
        expect(Math.max(...groups.map((g) => g.length))).toBe(Math.ceil(n / Math.min(threads, n)));
      }
    }
  });
});
