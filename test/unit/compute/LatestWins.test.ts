import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../../src-main/compute/index.js';

/** A scheduler under the test's hand: each job waits until the test settles it. */
function manualRunner() {
  const started: { job: string; resolve: (r: string) => void; reject: (e: Error) => void }[] = [];
  const run = (job: string) =>
    new Promise<string>((resolve, reject) => {
      started.push({ job, resolve, reject });
    });
  return { started, run };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LatestWins', () => {
  it('runs one job per key at a time; a newer job replaces the waiting one, whose caller gets the newer result', async () => {
    const { started, run } = manualRunner();
    const lanes = new LatestWins<string, string>(run);
    const settled: string[] = [];
    const submit = (job: string) =>
      lanes.submit('scope', job).then((o) => settled.push(`${job}→${o.job}:${o.result}`));
    const all = [submit('r1'), submit('r2'), submit('r3'), submit('r4')];
    await flush();
    // r1 runs; r2 and r3 were each replaced while waiting; r4 waits.
    expect(started.map((s) => s.job)).toEqual(['r1']);
    expect(lanes.replaced).toBe(2);
    expect(lanes.pending).toBe(2);
    started[0]!.resolve('m1');
    await flush();
    expect(started.map((s) => s.job)).toEqual(['r1', 'r4']);
    started[1]!.resolve('m4');
    await Promise.all(all);
    expect(settled).toEqual(['r1→r1:m1', 'r2→r4:m4', 'r3→r4:m4', 'r4→r4:m4']);
    expect(lanes.pending).toBe(0);
  });

  it('settles the jobs of one key in submission order even when a later one would finish first', async () => {
    const { started, run } = manualRunner();
    const lanes = new LatestWins<string, string>(run);
    const order: string[] = [];
    const a = lanes.submit('scope', 'old').then((o) => order.push(o.job));
    const b = lanes.submit('scope', 'new').then((o) => order.push(o.job));
    await flush();
    // The newer record cannot even start before the older one has finished.
    expect(started.map((s) => s.job)).toEqual(['old']);
    started[0]!.resolve('x');
    await flush();
    started[1]!.resolve('y');
    await Promise.all([a, b]);
    expect(order).toEqual(['old', 'new']);
  });

  it('keeps keys apart: another instrument’s record is not replaced and runs at once', async () => {
    const { started, run } = manualRunner();
    const lanes = new LatestWins<string, string>(run);
    void lanes.submit('scope_1', 'a1');
    void lanes.submit('scope_2', 'b1');
    await flush();
    expect(started.map((s) => s.job)).toEqual(['a1', 'b1']);
    expect(lanes.replaced).toBe(0);
  });

  it('rejects a failed job (and those following it) and goes on with the next one', async () => {
    const { started, run } = manualRunner();
    const lanes = new LatestWins<string, string>(run);
    const first = lanes.submit('scope', 'r1');
    const waiting = lanes.submit('scope', 'r2');
    const replacing = lanes.submit('scope', 'r3');
    await flush();
    started[0]!.reject(new Error('worker died'));
    await expect(first).rejects.toThrow('worker died');
    await flush();
    expect(started.map((s) => s.job)).toEqual(['r1', 'r3']);
    started[1]!.reject(new Error('again'));
    await expect(waiting).rejects.toThrow('again');
    await expect(replacing).rejects.toThrow('again');
    const next = lanes.submit('scope', 'r4');
    await flush();
    started[2]!.resolve('m4');
    await expect(next).resolves.toEqual({ job: 'r4', result: 'm4' });
  });

  it('treats a runner that throws at once like a failed job', async () => {
    const lanes = new LatestWins<string, string>(() => {
      throw new Error('cannot start');
    });
    await expect(lanes.submit('scope', 'r1')).rejects.toThrow('cannot start');
    expect(lanes.pending).toBe(0);
  });
});
