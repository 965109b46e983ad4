/** The recorder's public types, apart from its class so users of the API can import them cheaply. */
import type { DiskMargin, DiskSpaceProbe, Logger, OpenSampleSink } from '../../util/index.js';
import type { AcquisitionFault } from './meta.js';

/** A run of consecutive samples, one array per channel. */
export interface SampleBlock {
  /** Index of the block's first sample within the acquisition (0 for the very first block). */
  firstSample: number;
  /** One array per channel, in the acquisition's channel order, all of the same length. */
  channels: readonly Float32Array[];
}

/** Knobs with defaults; the store passes the same ones to every recorder. */
export interface RecorderTuning {
  /** Longest time written data may go without fdatasync, ms. Default 250. */
  syncIntervalMs?: number;
  /** Queue size at which the writer counts as fallen behind and the capture stops, bytes. Default 256 MiB. */
  maxQueuedBytes?: number;
  /** How often free space is checked during capture, ms. Default 1000. */
  diskCheckIntervalMs?: number;
  /** Default: statfs on the acquisition's folder. */
  diskSpace?: DiskSpaceProbe;
  /** Default: DEFAULT_DISK_MARGIN (the smaller of 500 MiB and 5 % of the volume). */
  diskMargin?: DiskMargin;
  /** How the sample file is opened; a test injects faults here. Default: the real file. */
  openSink?: OpenSampleSink;
}

export interface RecorderOptions extends RecorderTuning {
  acquisitionId: string;
  /** Path of samples.f32; created, or truncated if it exists. */
  filePath: string;
  channelCount: number;
  sampleRateHz: number;
  /** Epoch ms of sample 0 (goes into the file header). */
  t0Ms: number;
  /** Stop by itself after this many samples; samples of the last block beyond it are not kept. */
  targetSampleCount?: number;
  log: Logger;
}

/** recording ⇄ paused → stopping (writing out the queue) → finished (file final and closed). */
export type RecorderPhase = 'recording' | 'paused' | 'stopping' | 'finished';

/** stopped: stop() was called; target_reached: the configured length was captured; fault: see `fault`. */
export type FinishReason = 'stopped' | 'target_reached' | 'fault';

export interface RecorderStats {
  /** Samples accepted by append (queued or written). */
  receivedSampleCount: number;
  /** Whole samples handed to the OS: readable by others, and kept if this process crashes. */
  flushedSampleCount: number;
  /** Whole samples fdatasync'd: kept even on power loss. */
  durableSampleCount: number;
  /** Frames waiting for the writer, bytes. */
  queuedBytes: number;
  /** Worst time from a block's append to the completion of its write, ms. */
  maxLagMs: number;
  /** Samples offered while not recording (paused, stopping, finished) or in the block that faulted. */
  refusedSampleCount: number;
  /** Samples accepted but never written because a write failed. */
  lostSampleCount: number;
}

export interface RecorderResult {
  reason: FinishReason;
  /** Whole samples in the final file. */
  sampleCount: number;
  fault?: AcquisitionFault;
  stats: RecorderStats;
}

/**
 * flushed: after each write (for live views: new samples are readable); fault: once, the first fault
 * (the capture is stopping); finished: once, with the final result.
 */
export type RecorderEvent =
  | { type: 'flushed'; flushedSampleCount: number }
  | { type: 'fault'; fault: AcquisitionFault }
  | { type: 'finished'; result: RecorderResult };
