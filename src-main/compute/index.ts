/**
 * The compute pool: measurements and spectra of scope records in worker threads, off the event loop
 * (docs/ARCHITECTURE.md, "The compute pool"). `createCompute` builds the pool and the two services on it,
 * sharing one copy of each record between them.
 */
export {
  ComputePool,
  type ComputePoolOptions,
  type ComputeRunner,
  InlineRunner,
  MAX_COMPUTE_THREADS,
} from './ComputePool.js';
export type { ComputeTask, DisplayJson, SharedSpectrum } from './computeTasks.js';
export { LatestWins, type Outcome } from './LatestWins.js';
export { INLINE_MAX_POINTS, PoolMeasurer } from './PoolMeasurer.js';
export { SharedRecords } from './SharedRecords.js';
export {
  type SpectrumJsonView,
  type SpectrumRequest,
  SpectrumService,
  type SpectrumView,
} from './SpectrumService.js';
export { createCompute, type Compute } from './createCompute.js';
