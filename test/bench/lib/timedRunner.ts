/**
 * A ComputeRunner for the benchmarks that times every task: the real ComputePool running the timed worker
 * (timedComputeWorker.ts), with when each task was submitted, started and ended in its thread, and was
 * resolved back on the event loop, plus the worker thread's run and runqueue-wait time. The late-frame
 * reports (lateFrames.ts) are built from these.
 */
import { ComputePool, type ComputeRunner, type ComputeTask } from '../../../src-main/compute/index.js';
import type { ResultOf } from '../../../src-main/compute/computeTasks.js';
import type { TimedResult } from './timedComputeWorker.js';

/** Wall clock in ms since the epoch, fractional: comparable between threads. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface TaskTiming {
  kind: ComputeTask['kind'];
  /** Order of submission, from 0. */
  seq: number;
  /** What the caller's tagOf said (e.g. the frame), when it knew. */
  tag: number | undefined;
  submittedMs: number;
  startMs: number;
  endMs: number;
  resolvedMs: number;
  runNs: number | undefined;
  waitNs: number | undefined;
  /** The worker thread that ran it, and whether it was that thread's first of its kind and length. */
  threadId: number;
  firstOfShape?: boolean;
}

export class TimedRunner implements ComputeRunner {
  readonly #pool: ComputePool;
  readonly #tagOf: (task: ComputeTask) => number | undefined;
  /** Settled tasks, indexed by submission order (failed ones left empty). */
  readonly tasks: TaskTiming[] = [];
  #seq = 0;
  /** Every worker thread that has finished a task (kept across reset). */
  readonly #threadIds = new Set<number>();

  constructor(
    threads: number | undefined,
    tagOf: (task: ComputeTask) => number | undefined = () => undefined,
  ) {
    this.#pool = new ComputePool({ threads, workerUrl: new URL('./timedComputeWorker.ts', import.meta.url) });
    this.#tagOf = tagOf;
  }

  get threads(): number {
    return this.#pool.threads;
  }

  /** Worker threads that have finished a task so far: all of them are up once it equals `threads`. */
  get threadsUp(): number {
    return this.#threadIds.size;
  }

  /** Forgets the tasks so far (after a warm-up): submission order restarts at 0. */
  reset(): void {
    this.tasks.length = 0;
    this.#seq = 0;
  }

  async run<T extends ComputeTask>(task: T): Promise<ResultOf<T>> {
    const seq = this.#seq++;
    const tag = this.#tagOf(task);
    const submittedMs = wallMs();
    // The timed worker wraps the real result; the pool's types know only the real worker.
    const timed = (await this.#pool.run(task)) as unknown as TimedResult;
    this.#threadIds.add(timed.threadId);
    this.tasks[seq] = {
      kind: task.kind,
      seq,
      tag,
      submittedMs,
      startMs: timed.startMs,
      endMs: timed.endMs,
      resolvedMs: wallMs(),
      runNs: timed.runNs,
      waitNs: timed.waitNs,
      threadId: timed.threadId,
      firstOfShape: timed.firstOfShape,
    };
    return timed.result as ResultOf<T>;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
