/**
 * Where the backend's heavy analysis runs: a piscina pool of worker threads running computeWorker.ts, so
 * measuring four 1M-point channels (20 ms of CPU) or a 1M-point FFT (tens of ms) never holds up the event
 * loop that serves every stream and client (docs/ARCHITECTURE.md, "The compute pool"). A worker that
 * throws rejects only its task; one that dies is replaced by piscina, and its task rejects with the reason.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { type ComputeTask, type ResultOf, runComputeTask } from './computeTasks.js';

/** Runs compute tasks somewhere; ComputePool in threads, InlineRunner on the caller's. */
export interface ComputeRunner {
  run<T extends ComputeTask>(task: T): Promise<ResultOf<T>>;
  /**
   * Worker threads its tasks run on side by side (a warm-up sends one task to each: warmTask.ts); absent
   * for a runner on the caller's thread, which is not warmed (that would cost the caller what it saves).
   */
  readonly threads?: number;
  /** Ends the threads (idempotent); tasks still running reject. */
  close(): Promise<void>;
}

export interface ComputePoolOptions {
  /** Worker threads. Default: the machine's cores, 1 to 4 (the event loop mostly waits meanwhile). */
  threads?: number;
  /**
   * The worker module (tests give one of their own). Default: computeWorker next to this module — the
   * TypeScript source under tsx/vitest, or the bundled `computeWorker.js` beside the backend bundle.
   */
  workerUrl?: URL;
}

export const MAX_COMPUTE_THREADS = 4;

export class ComputePool implements ComputeRunner {
  readonly #threads: number;
  readonly #workerUrl: URL;
  #pool: Piscina<ComputeTask, ResultOf<ComputeTask>> | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: ComputePoolOptions = {}) {
    this.#threads = options.threads ?? Math.max(1, Math.min(MAX_COMPUTE_THREADS, availableParallelism()));
    this.#workerUrl = options.workerUrl ?? defaultWorkerUrl();
  }

  get threads(): number {
    return this.#threads;
  }

  /** Worker threads running now (0 before the first task and once closed). */
  get liveThreads(): number {
    return this.#pool?.threads.length ?? 0;
  }

  run<T extends ComputeTask>(task: T): Promise<ResultOf<T>> {
    if (this.#closed) return Promise.reject(new Error('the compute pool is closed'));
    return this.#started().run(task) as Promise<ResultOf<T>>;
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool?.destroy() ?? Promise.resolve();
    return this.#closed;
  }

  /**
   * The threads, started on the first task (a bench without a scope never starts them) and kept at full
   * strength from then on: piscina replaces a thread that dies only up to `minThreads`, and with fewer
   * the next task waited for ever after a crash (computePool.test.ts).
   */
  #started(): Piscina<ComputeTask, ResultOf<ComputeTask>> {
    this.#pool ??= new Piscina({
      filename: this.#workerUrl.href,
      minThreads: this.#threads,
      maxThreads: this.#threads,
      // Starting a thread costs more than the tasks it would run.
      idleTimeout: Number.POSITIVE_INFINITY,
      // A TypeScript worker (source checkouts, tests, benchmarks) needs tsx's loader in its thread.
      execArgv: this.#workerUrl.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
    });
    return this.#pool;
  }
}

/** The same tasks on the calling thread: for tests and tools that want no threads. */
export class InlineRunner implements ComputeRunner {
  run<T extends ComputeTask>(task: T): Promise<ResultOf<T>> {
    try {
      return Promise.resolve(runComputeTask(task));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  async close(): Promise<void> {
    // Nothing to end.
  }
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './computeWorker.ts' : './computeWorker.js', here);
}
