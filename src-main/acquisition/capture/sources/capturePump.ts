/**
 * The pump a capture runs on, by how its source delivers: a stream source is sampled in real time
 * (SamplePump), a record source is read record by record (RecordPump). CaptureRun and CaptureOutages drive
 * either through the same few calls.
 */
import type { Clock } from '../../../util/index.js';
import type { SampleBlock } from '../../storage/index.js';
import { RecordPump } from './RecordPump.js';
import { SamplePump } from './SamplePump.js';
import type { CaptureSource, DeepCaptureProgress } from './types.js';

export interface CapturePump {
  /** Samples handed over so far: the index of the next one. */
  readonly produced: number;
  readonly running: boolean;
  /** Wall time of sample `index`, epoch ms (valid for indices of the current segment). */
  timeOf(index: number): number;
  setLimit(totalSamples: number): void;
  /** Starts (or restarts) a segment; a record pump takes each record's own time instead of `t0Ms`. */
  start(t0Ms: number): void;
  pause(): Promise<void>;
  continue(): void;
  /** What the source achieved so far (a polled supply's read rate, a scope's missed records), if it counts. */
  stats(): Record<string, number> | undefined;
}

/** Where a capture's blocks and news go. */
export interface CapturePumpHooks {
  onBlock(block: SampleBlock): void;
  onError(error: Error): void;
  /** Record sources: a new time segment starts at the next sample, at `t0Ms`. */
  onSegment(t0Ms: number): Promise<void>;
  /** Record sources: a record was due and did not come. */
  onMissed(missed: { sample: number; reason: string; missedRecords: number }): void;
  /** Record sources: the reader has no more records (a single deep record delivered). */
  onEnd?(reason: string): void;
  /** Record sources: progress of a record that takes long to read (a deep download). */
  onProgress?(progress: DeepCaptureProgress): void;
}

export function openCapturePump(
  source: CaptureSource,
  plan: { channels: readonly string[]; sampleRateHz: number; triggerTimeoutS?: number },
  tuning: { clock: Clock; blockIntervalMs: number; maxBlockSamples: number },
  hooks: CapturePumpHooks,
): CapturePump {
  const common = {
    channelCount: plan.channels.length,
    sampleRateHz: plan.sampleRateHz,
    clock: tuning.clock,
    maxBlockSamples: tuning.maxBlockSamples,
    onBlock: hooks.onBlock,
    onError: hooks.onError,
  };
  if (source.pacing === 'records') {
    return new RecordPump({
      ...common,
      reader: source.openRecords(plan.channels, plan.sampleRateHz, {
        onProgress: hooks.onProgress,
        ...(plan.triggerTimeoutS !== undefined && { triggerTimeoutS: plan.triggerTimeoutS }),
      }),
      minReadIntervalMs: source.minReadIntervalMs,
      onSegment: hooks.onSegment,
      onMissed: hooks.onMissed,
      onEnd: hooks.onEnd,
    });
  }
  return new SamplePump({
    ...common,
    generator: source.open(plan.channels, plan.sampleRateHz),
    blockIntervalMs: source.blockIntervalMs ?? tuning.blockIntervalMs,
  });
}
