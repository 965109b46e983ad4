/**
 * Warm tasks on a real two-thread pool (warmTask.ts): sent together, they run on different threads, so
 * opening a view warms every thread — without the rendezvous the first thread to finish could take both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TimedRunner } from '../../bench/lib/timedRunner.js';

describe('warm tasks on the compute pool', () => {
  let runner: TimedRunner | undefined;
  afterEach(async () => {
    await runner?.close();
  });

  it('puts one warm task on each thread', async () => {
    runner = new TimedRunner(2);
    // Starts both threads first: a thread still loading would be the rendezvous' only reason to wait.
    await Promise.all([1, 2].map(() => runner!.run(warm(1))));
    for (let round = 0; round < 3; round++) {
      runner.reset();
      // One thread busy for a while (a 1M-point spectrum, three times), the other briefly: both warm tasks
      // queue, and the first thread free takes the first of them.
      const busy = [runner.run({ ...warm(1), points: 1 << 20, rounds: 3 }), runner.run(warm(1))];
      const rendezvous = new Int32Array(new SharedArrayBuffer(4));
      await Promise.all([...busy, ...[1, 2].map(() => runner!.run({ ...warm(PARTIES), rendezvous }))]);
      const warmThreads = runner.tasks.slice(2).map((t) => t.threadId);
      expect(new Set(warmThreads).size).toBe(2);
    }
  });
});

const PARTIES = 2;

function warm(parties: number) {
  return {
    kind: 'warm' as const,
    // Small: without the rendezvous one thread would finish it and take the second before the other woke.
    points: 64,
    sampleRateHz: 1e3,
    window: 'hann' as const,
    display: { widthPx: 100, logFrequency: false },
    rounds: 1,
    rendezvous: new Int32Array(new SharedArrayBuffer(4)),
    parties,
    // Longer than the busy thread's task however loaded the machine: the outcome must not be a race.
    maxWaitMs: 60_000,
  };
}
