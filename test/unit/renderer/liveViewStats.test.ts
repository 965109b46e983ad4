/**
 * A capture's live view reports the capture (its file never skips) apart from its own delivery (the
 * preview skips windows to stay current): a complete 100 kSa/s capture used to read "View gaps 393,998".
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameKind } from '../../../shared/codec/frame';
import { AcquisitionFeed } from '../../../src-renderer/data/AcquisitionFeed';
import { previewNote, samplesMissingFromFile } from '../../../src-renderer/panels/acquisitions/liveViewStats';

/** A binary acquisition block of `count` samples starting at sample `first`, 100 kSa/s. */
function block(first: number, count: number): ReturnType<typeof decodeFrame> {
  const values = new Float32Array(count).fill(0.5);
  return decodeFrame(
    encodeFrame(
      {
        kind: FrameKind.acquisitionBlock,
        flags: 0,
        streamId: 1,
        seq: 0,
        t0Ms: 1_795_237_455_000 + first / 100,
        dtS: 1e-5,
        channelMask: 1,
        samplesPerChannel: count,
        x0: first,
      },
      [values],
    ),
  );
}

describe('capture live view statistics', () => {
  it('counts what the preview skipped as the preview’s, and no gaps in a complete file', () => {
    // GIVEN a 100 kSa/s capture previewed 2,000 samples per 100 ms: each window jumps 8,000 samples ahead
    const feed = new AcquisitionFeed('acq_0123456789ab', ['CH1']);
    for (let k = 0; k < 50; k++) feed.accept(block(k * 10_000, 2_000));
    // THEN the preview knows what it skipped
    expect(feed.previewSkippedSamples).toBe(49 * 8_000);
    expect(
      previewNote({ skippedSamples: feed.previewSkippedSamples, windowSamples: 2_000, intervalMs: 100 }),
    ).toBe(
      'Preview: the newest 2,000 samples every 100 ms; it skipped 392,000 samples to keep up. The file has every sample.',
    );
    // AND the complete capture's file has no gaps
    expect(samplesMissingFromFile({ state: 'complete', samples_captured: 500_000, flushed: 500_000 })).toBe(
      0,
    );
  });

  it('says so when the preview skipped nothing', () => {
    expect(previewNote({ skippedSamples: 0, windowSamples: 2_000, intervalMs: 100 })).toBe(
      'Preview: the newest 2,000 samples every 100 ms, none skipped.',
    );
  });

  it('reports samples missing from the file only for a capture that ended without writing them', () => {
    // Still being written: what is not flushed yet is on its way, not missing.
    expect(samplesMissingFromFile({ state: 'running', samples_captured: 90_000, flushed: 80_000 })).toBe(0);
    expect(samplesMissingFromFile({ state: 'error', samples_captured: 90_000, flushed: 80_000 })).toBe(
      10_000,
    );
    expect(samplesMissingFromFile({ state: 'interrupted', samples_captured: 5, flushed: 5 })).toBe(0);
  });
});
