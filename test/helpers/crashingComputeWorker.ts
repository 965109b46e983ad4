/**
 * A compute worker that fails on purpose for tests of the pool: a measure task whose first channel's first
 * sample is CRASH_EXIT ends its thread (process.exit in a worker), CRASH_THROW throws; anything else is the real
 * worker's work.
 */
import compute from '../../src-main/compute/computeWorker.js';
import type { ComputeTask } from '../../src-main/compute/index.js';

export const CRASH_EXIT = -12345;
export const CRASH_THROW = -54321;

export default function crashing(task: ComputeTask): ReturnType<typeof compute> {
  const first = task.kind === 'measure' ? task.channels[0]?.[0] : undefined;
  if (first === CRASH_EXIT) process.exit(3);
  if (first === CRASH_THROW) throw new Error('deliberate failure');
  return compute(task);
}
