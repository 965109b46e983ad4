/**
 * The live view of a running capture shows the capture: stretches its preview skipped are filled from disk
 * (no "view gaps" where the file is complete), and breaks appear only at the capture's own segment starts.
 */
import { describe, expect, it } from 'vitest';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { FrameFlags, FrameKind, type DecodedFrame } from '../../../shared/codec/frame';
import { AcquisitionFeed } from '../../../src-renderer/data/AcquisitionFeed';
import { fillPoints, mergePreview, sampleTimeS } from '../../../src-renderer/panels/acquisitions/previewFill';

const capture = {
  sample_rate: 1_000,
  segments: [
    { first_sample: 0, t0_ms: 10_000 },
    { first_sample: 5_000, t0_ms: 20_000 }, // a pause: the second run starts 5 s after the first ended
  ],
};

function frame(first: number, count: number, t0Ms: number): DecodedFrame {
  return {
    kind: FrameKind.acquisitionBlock,
    flags: FrameFlags.fullResolution,
    streamId: 1,
    seq: 0,
    t0Ms,
    dtS: 0.001,
    channelMask: 1,
    samplesPerChannel: count,
    x0: first,
    channels: [Float32Array.from({ length: count }, (_, i) => first + i)],
    channelNumbers: [1],
  } as DecodedFrame;
}

describe('live view fills from disk', () => {
  it('records each stretch the preview skipped', () => {
    const feed = new AcquisitionFeed('acq_0123456789ab', ['CH1']);
    feed.accept(frame(0, 10, 10_000));
    feed.accept(frame(100, 10, 10_100));
    feed.accept(frame(110, 10, 10_110));
    expect(feed.skips).toEqual([{ fromSample: 10, toSample: 100 }]);
    expect(feed.previewSkippedSamples).toBe(90);
  });

  it('maps samples to time through their segment', () => {
    expect(sampleTimeS(capture, 0)).toBe(10);
    expect(sampleTimeS(capture, 4_999)).toBeCloseTo(14.999, 9);
    expect(sampleTimeS(capture, 5_000)).toBe(20);
  });

  it('fills a skipped stretch with its columns and breaks only at a segment start', () => {
    const reply: AcquisitionReviewMessage = {
      type: 'acquisition_review',
      acquisition_id: 'acq_0123456789ab',
      sample_count: 10_000,
      sample_rate_hz: 1_000,
      running: true,
      from_sample: 10,
      to_sample: 100,
      kind: 'minmax',
      pixels: 3,
      level: 0,
      channels: [{ name: 'CH1', unit: 'V', min: [10, 40, 70], max: [39, 69, 99] }],
      markers: { segments: [], alarms: [], events: [] },
    };
    const fill = fillPoints(reply, capture);
    expect(fill.timesS).toEqual([10.01, 10.01, 10.04, 10.04, 10.07, 10.07]);
    expect(fill.values[0]).toEqual([10, 39, 40, 69, 70, 99]);
    // Preview: samples 0..9 and 100..101 of the first run, then 5,000 of the second.
    const preview: [number[], (number | null)[]] = [
      [10, 10.001, 10.1, 10.101, 20],
      [0, 1, 100, 101, 5_000],
    ];
    const [xs, ys] = mergePreview(preview, [fill], capture);
    // No break between the preview and the fill (the file is complete there) ...
    expect(xs.slice(0, 10)).toEqual([10, 10.001, 10.01, 10.01, 10.04, 10.04, 10.07, 10.07, 10.1, 10.101]);
    expect(ys!.slice(0, 10)).not.toContain(null);
    // ... and exactly one, just before the second segment.
    expect(ys!.filter((v) => v === null)).toHaveLength(1);
    expect(ys![10]).toBeNull();
    expect(xs[11]).toBe(20);
  });
});
