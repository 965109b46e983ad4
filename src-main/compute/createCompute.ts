/** The backend's compute: one runner (normally the worker pool), the measurer and the spectra on it. */
import type { Logger } from '../util/index.js';
import type { ComputeRunner } from './ComputePool.js';
import { PoolMeasurer } from './PoolMeasurer.js';
import { SharedRecords } from './SharedRecords.js';
import { SpectrumService } from './SpectrumService.js';

export interface Compute {
  measurer: PoolMeasurer;
  spectra: SpectrumService;
  /** Ends the runner's threads; the backend calls it last, once nothing asks for work any more. */
  close(): Promise<void>;
}

export function createCompute(runner: ComputeRunner, log: Logger): Compute {
  const records = new SharedRecords();
  return {
    measurer: new PoolMeasurer({ runner, records, log }),
    spectra: new SpectrumService({ runner, records }),
    close: () => runner.close(),
  };
}
