/**
 * The compute worker, timed for the benchmarks' late-frame reports (TimedRunner): the real worker's work,
 * with when the task started and ended on the wall clock (comparable across threads) and how long this
 * thread ran and how long it sat runnable waiting for a core meanwhile (the kernel's schedstat for the
 * thread): a task whose wall time is much more than its run time was kept off the CPU by something else.
 */
import { threadId } from 'node:worker_threads';
import compute from '../../../src-main/compute/computeWorker.js';
import type { ComputeTask } from '../../../src-main/compute/index.js';
import { readSchedstat } from './schedstat.js';

export interface TimedResult {
  result: ReturnType<typeof compute>;
  /** Wall clock, ms since the epoch (performance.timeOrigin + now), fractional. */
  startMs: number;
  endMs: number;
  /** This thread on a CPU during the task, ns (undefined where /proc has no schedstat). */
  runNs: number | undefined;
  /** This thread runnable but waiting for a CPU during the task, ns. */
  waitNs: number | undefined;
  /** The worker thread that ran it (worker_threads.threadId). */
  threadId: number;
  /** The first task of its kind and record length on this thread: it met the thread's cold paths. */
  firstOfShape: boolean;
}

/** Kinds and record lengths this thread has run ("spectrum:100000"). */
const shapesSeen = new Set<string>();

function shapeOf(task: ComputeTask): string {
  // A warm task runs spectra of its length: it warms what the view's spectrum tasks will run.
  if (task.kind === 'warm') return `spectrum:${task.points}`;
  const points =
    task.kind === 'measure'
      ? task.channels.reduce((sum, samples) => sum + samples.length, 0)
      : 'samples' in task
        ? task.samples.length
        : task.spectrum.rmsV.length;
  return `${task.kind}:${points}`;
}

export default function timed(task: ComputeTask): TimedResult {
  const shape = shapeOf(task);
  const firstOfShape = !shapesSeen.has(shape);
  shapesSeen.add(shape);
  const before = readSchedstat();
  const startMs = performance.timeOrigin + performance.now();
  const result = compute(task);
  const endMs = performance.timeOrigin + performance.now();
  const after = readSchedstat();
  return {
    result,
    startMs,
    endMs,
    runNs: before && after ? after.runNs - before.runNs : undefined,
    waitNs: before && after ? after.waitNs - before.waitNs : undefined,
    threadId,
    firstOfShape,
  };
}
