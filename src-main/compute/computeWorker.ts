/**
 * The compute pool's worker (piscina loads it in each thread): one task in, its result out. It imports
 * only shared/ analysis code, so a thread starts in milliseconds and holds nothing of the backend.
 * scripts/build-main.mjs bundles it next to each backend bundle (ComputePool finds it there).
 */
import { type ComputeTask, runComputeTask } from './computeTasks.js';

export default function compute(task: ComputeTask): ReturnType<typeof runComputeTask> {
  return runComputeTask(task);
}
