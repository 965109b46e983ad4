/**
 * The warm task (src-main/compute/warmTask.ts): it runs the view's spectrum task on made-up samples of the
 * view's length, and goes ahead at once when all the warm tasks sent with it have started.
 */
import { describe, expect, it } from 'vitest';
import type { SpectrumTask } from '../../../src-main/compute/computeTasks.js';
import { runWarmTask, type WarmTask } from '../../../src-main/compute/warmTask.js';

function warmTask(more: Partial<WarmTask> = {}): WarmTask {
  return {
    kind: 'warm',
    points: 10_000,
    sampleRateHz: 1e6,
    window: 'blackman_harris',
    display: { widthPx: 640, logFrequency: true, significantDigits: 7 },
    rounds: 3,
    rendezvous: new Int32Array(new SharedArrayBuffer(4)),
    parties: 1,
    maxWaitMs: 0,
    ...more,
  };
}

describe('runWarmTask', () => {
  it("runs the view's spectrum task `rounds` times on samples of the view's length, in shared memory", () => {
    const ran: SpectrumTask[] = [];
    const task = warmTask();
    runWarmTask(task, (spectrum) => ran.push(spectrum));
    expect(ran).toHaveLength(3);
    for (const spectrum of ran) {
      expect(spectrum).toMatchObject({ kind: 'spectrum', sampleRateHz: 1e6, window: 'blackman_harris' });
      expect(spectrum.display).toEqual(task.display);
      expect(spectrum.samples).toHaveLength(10_000);
      expect(spectrum.samples.buffer).toBeInstanceOf(SharedArrayBuffer);
      // The bins of a 10k-point record: an FFT of 16384, one-sided.
      expect(spectrum.into).toHaveLength(8_193);
    }
    expect(Atomics.load(task.rendezvous, 0)).toBe(1);
  });

  it('goes ahead without waiting when the other warm tasks have started, and counts itself in', () => {
    // Were it to wait, the test would time out.
    const task = warmTask({ parties: 3, rounds: 1, maxWaitMs: 1e9 });
    Atomics.store(task.rendezvous, 0, 2);
    let ran = 0;
    runWarmTask(task, () => ran++);
    expect(ran).toBe(1);
    expect(Atomics.load(task.rendezvous, 0)).toBe(3);
  });
});
