/**
 * Warming the pool's threads for a view that opens: each thread runs the view's spectrum task a few times
 * on made-up samples of the view's length, so that the first-use costs — the PFFFT instance, the window
 * and transform plan for that size, fresh memory, code not yet optimised — are paid before the view's
 * frames, not in them. A fresh thread's first 10k–1M-point spectrum took 60–730 ms under load (the next
 * ones 1–35 ms), and with four views on two threads the second thread met its own first task frames later.
 *
 * Every thread must get one: piscina hands a task to any idle thread, so a thread that finished its warm
 * task quickly could take a second while another thread got none. Each warm task therefore waits (up to
 * `maxWaitMs`: a thread busy with a long task must not hold the others for long) until all `parties` warm
 * tasks have started, which puts them on `parties` different threads.
 */
import { type FftWindow, nextPowerOfTwo } from '../../shared/dsp/fft/index.js';
import type { DisplayShape, SpectrumTask } from './computeTasks.js';

export interface WarmTask {
  kind: 'warm';
  /** The view's record length, sample rate and window, and how it shows the spectrum. */
  points: number;
  sampleRateHz: number;
  window: FftWindow;
  display: DisplayShape;
  /** Spectra to run: the first pays the first-use costs, the next ones the code's optimisation. */
  rounds: number;
  /** One Int32 in a SharedArrayBuffer, 0 at first, counting the warm tasks started. */
  rendezvous: Int32Array;
  /** Warm tasks sent together (the pool's threads); 1 on a single thread, which then never waits. */
  parties: number;
  /** At most this long it waits for the others to start, ms (SpectrumService: WARM_RENDEZVOUS_MS). */
  maxWaitMs: number;
}

/**
 * How long a view's warm tasks wait for each other, ms: long enough for a thread to finish a measurement
 * or a spectrum it was running, short against the view's first reply, which waits for them.
 */
export const WARM_RENDEZVOUS_MS = 250;

/**
 * Waits for the other warm tasks, then runs `task.rounds` spectrum tasks through `run` (runComputeTask).
 * Resolves with the ms spent on the spectra (not the wait).
 */
export function runWarmTask(task: WarmTask, run: (spectrum: SpectrumTask) => unknown): number {
  const { rendezvous, parties } = task;
  let started = Atomics.add(rendezvous, 0, 1) + 1;
  Atomics.notify(rendezvous, 0);
  const untilMs = performance.now() + task.maxWaitMs;
  while (started < parties) {
    const leftMs = untilMs - performance.now();
    if (leftMs <= 0) break;
    Atomics.wait(rendezvous, 0, started, leftMs);
    started = Atomics.load(rendezvous, 0);
  }
  // A sine in noise, as a record would be (the same branches taken as on real data), in shared memory.
  const samples = new Float32Array(new SharedArrayBuffer(task.points * Float32Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.sin(i * 0.05) + 0.01 * Math.sin(i * 7.3);
  const bins = nextPowerOfTwo(task.points) / 2 + 1;
  const into = new Float64Array(new SharedArrayBuffer(bins * Float64Array.BYTES_PER_ELEMENT));
  const startMs = performance.now();
  for (let r = 0; r < task.rounds; r++) {
    run({
      kind: 'spectrum',
      samples,
      sampleRateHz: task.sampleRateHz,
      window: task.window,
      into,
      display: task.display,
    });
  }
  return performance.now() - startMs;
}
