/**
 * What an instrument offers to acquisitions: a continuous, gap-free stream of samples per channel at a
 * chosen rate — unlike a stream's reads, which are snapshots at display rate. See docs/ARCHITECTURE.md,
 * "Acquisition sources".
 */
import type { AcquisitionChannel } from '../../config.js';

/** Produces the samples of one capture, block after block, with no gap and no overlap. */
export interface SampleGenerator {
  /**
   * Writes the next `count` samples of every chosen channel into `out[c][0, count)`, continuing exactly
   * where the previous call ended. `firstTimeMs` is the wall time (epoch ms) of the first of them; after a
   * pause it is later than the previous block's end, and the signal moves on accordingly. Calls never
   * overlap. Rejects when the instrument fails; the capture then stops with that reason.
   */
  generate(count: number, firstTimeMs: number, out: readonly Float32Array[]): Promise<void>;
}

/** One instrument's acquisition capability. */
export interface CaptureSource {
  readonly equipmentId: string;
  /** Every channel that may be captured, with its unit, in the instrument's order. */
  readonly channels: readonly AcquisitionChannel[];
  /** Highest sample rate per channel, Hz. */
  readonly maxSampleRateHz: number;
  /** The instrument's settings now, kept with the acquisition (meta.json `instrument_settings`). */
  settings(): Promise<Record<string, unknown>>;
  /** A generator of the named channels (in that order) at `sampleRateHz`, starting at phase 0. */
  open(channels: readonly string[], sampleRateHz: number): SampleGenerator;
}
