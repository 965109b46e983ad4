import { describe, expect, it } from 'vitest';
import {
  type ComputeRunner,
  type ComputeTask,
  InlineRunner,
  PoolMeasurer,
  SharedRecords,
} from '../../../src-main/compute/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { measureRecord } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { recordingLogger, sineRecord } from '../../helpers/computeFixtures.js';

function record(length: number, amplitude = 1): ScopeRecord {
  return sineRecord({ length, amplitude });
}

/** Inline, except that the tasks of `failing` channels fail as a crashed worker's would. */
class FailingRunner implements ComputeRunner {
  readonly #inline = new InlineRunner();
  failNext = 0;
  tasks = 0;
  run<T extends ComputeTask>(task: T) {
    this.tasks++;
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
    expect(runner.tasks).toBe(4);
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
    expect(runner.tasks).toBe(8);
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
    expect(runner.tasks).toBe(4);
  });
});
