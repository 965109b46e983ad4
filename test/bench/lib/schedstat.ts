/**
 * The calling thread's scheduler statistics (Linux /proc/thread-self/schedstat): nanoseconds on a CPU and
 * nanoseconds runnable but waiting for one. The benchmarks read it around a task or a frame to tell a
 * late result that was working from one that was waiting for a core (other processes, or our own threads
 * competing). Undefined where the file does not exist (not Linux, or schedstats off).
 */
import { readFileSync } from 'node:fs';

export interface Schedstat {
  runNs: number;
  waitNs: number;
}

export function readSchedstat(): Schedstat | undefined {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/);
    const runNs = Number(run);
    const waitNs = Number(wait);
    return Number.isFinite(runNs) && Number.isFinite(waitNs) ? { runNs, waitNs } : undefined;
  } catch {
    return undefined;
  }
}
