/**
 * What the live view of a capture says about the capture and about itself, kept apart: the file on disk
 * never skips a sample, while the preview shows only the newest window each interval and skips the rest
 * when the capture is faster than that (a 100 kSa/s capture against 2,000 samples per 100 ms skips four
 * samples in five). Counting the preview's skips as "view gaps" read as gaps in the capture.
 */
import type { AcquisitionSummary } from '../../../shared/protocol/acquisition';

const ENDED_STATES: ReadonlySet<AcquisitionSummary['state']> = new Set(['complete', 'error', 'interrupted']);

/**
 * Samples the capture accepted but its file does not hold: 0 while it runs (the recorder writes every
 * sample in order or faults) and for a complete capture; a capture ended by a fault may have lost the
 * unwritten tail.
 */
export function samplesMissingFromFile(
  summary: Pick<AcquisitionSummary, 'state' | 'samples_captured' | 'flushed'>,
): number {
  if (!ENDED_STATES.has(summary.state)) return 0;
  return Math.max(0, summary.samples_captured - summary.flushed);
}

export interface PreviewDelivery {
  /** Samples of the capture the preview passed over to stay current. */
  skippedSamples: number;
  /** Most samples the preview receives per interval. */
  windowSamples: number;
  intervalMs: number;
}

/** One sentence on what the preview shows, naming its skips as the preview's, not the file's. */
export function previewNote({ skippedSamples, windowSamples, intervalMs }: PreviewDelivery): string {
  const window = `the newest ${windowSamples.toLocaleString('en-US')} samples every ${intervalMs} ms`;
  if (skippedSamples === 0) return `Preview: ${window}, none skipped.`;
  return (
    `Preview: ${window}; it skipped ${skippedSamples.toLocaleString('en-US')} samples to keep up. ` +
    'The file has every sample.'
  );
}
