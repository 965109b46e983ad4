/** The store's option and event types, apart from its class. */
import type { Clock, Logger } from '../../util/index.js';
import type { AcquisitionFault, AcquisitionMeta, AcquisitionState } from './meta.js';
import type { MetaFiles } from './metaFile.js';
import type { RecorderTuning } from './recorderTypes.js';

export interface AcquisitionStoreOptions {
  /** Root data directory; created if missing. */
  dataDir: string;
  log: Logger;
  /** Source of t0 and of created/updated times. Default: the system clock. */
  clock?: Clock;
  /** Recorded in meta.json. Default: the app's version. */
  appVersion?: string;
  /** Passed to every recorder; diskSpace and diskMargin also govern the check before arm and start. */
  recorder?: RecorderTuning;
  /** Run recover() in open(). Default true. */
  recover?: boolean;
  /** How meta.json is written; a test injects a full disk here. Default: the files (metaFile.ts). */
  metaFiles?: MetaFiles;
  /** How often an ending that could not be written is retried, ms. Default 5000. */
  finalRetryIntervalMs?: number;
  /** Most acquisitions the data folder keeps; create() is refused beyond (`limit_exceeded`). Default 10,000. */
  maxAcquisitions?: number;
}

export interface CreateOptions {
  /** Channel names the instrument offers; the config may only ask for these. */
  allowedChannels: readonly string[];
  /** The instrument's settings now, stored as given (any JSON object). Default {}. */
  instrumentSettings?: unknown;
}

export interface StartOptions {
  /** Epoch ms of the next sample (sample 0 for start). Default: now. */
  t0Ms?: number;
}

/**
 * What the store reports, for the server to broadcast as `event` messages:
 * - created: a new idle acquisition;
 * - state_changed: every transition, including the final one (complete, error with `meta.error`,
 *   interrupted) and those made by recovery;
 * - fault: the recorder hit a fault and is stopping (state_changed to error follows once the files are
 *   final);
 * - deleted: the folder is gone.
 * Each event carries its own copy of the metadata.
 */
export type AcquisitionStoreEvent =
  | { type: 'created'; meta: AcquisitionMeta }
  | { type: 'state_changed'; meta: AcquisitionMeta; previousState: AcquisitionState }
  | { type: 'fault'; acquisitionId: string; fault: AcquisitionFault }
  | { type: 'deleted'; acquisitionId: string };
