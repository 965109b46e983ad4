/**
 * Review replies as binary frames (shared/codec/reviewFrame.ts): what is encoded decodes to the JSON
 * reply it stands for, and a frame that is cut short, of another kind or inconsistent is refused with a
 * sentence that says which (and the request id, where the header still reads).
 */
import { describe, expect, it } from 'vitest';
import {
  FRAME_HEADER_BYTES,
  FrameFlags,
  FrameKind,
  decodeFrame,
  encodeFrame,
} from '../../../shared/codec/frame.js';
import {
  ReviewFrameError,
  decodeReviewFrame,
  encodeReviewFrame,
  isReviewFrame,
} from '../../../shared/codec/reviewFrame.js';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review.js';

function reply(overrides: Partial<AcquisitionReviewMessage> = {}): AcquisitionReviewMessage {
  return {
    type: 'acquisition_review',
    request_id: 12,
    acquisition_id: 'acq_a48e2486ca96',
    sample_count: 20_000,
    sample_rate_hz: 10_000,
    t0_ms: 1_765_069_200_000,
    running: false,
    from_sample: 0,
    to_sample: 20_000,
    kind: 'minmax',
    pixels: 3,
    level: 1,
    channels: [
      { name: 'CH1', unit: 'V', min: [-1, null, -0.5], max: [1, null, 0.75] },
      { name: 'M1', unit: 'V²', min: [0, 0.25, 0.5], max: [1, 1.5, 2] },
    ],
    markers: {
      trigger_sample: 4,
      segments: [{ sample: 10_000, t0_ms: 1_765_069_215_000 }],
      alarms: [{ sample: 5, name: 'hi', level: 'warning', text: 'CH1 high', raised_ms: 1 }],
      events: [{ sample: 10_000, level: 'info', kind: 'acquisition_state', text: 'resumed', timestamp: 2 }],
    },
    ...overrides,
  };
}

/** `fn` throws a ReviewFrameError whose message matches `pattern`; returns it. */
function refusal(fn: () => unknown, pattern: RegExp): ReviewFrameError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ReviewFrameError);
    expect((err as Error).message).toMatch(pattern);
    return err as ReviewFrameError;
  }
  throw new Error('expected the frame to be refused');
}

describe('review frames', () => {
  it('round-trips a min/max reply: pairs per column, null as NaN, header fields as sent', () => {
    const sent = reply();
    const frame = encodeReviewFrame(sent);
    expect(isReviewFrame(frame)).toBe(true);
    expect(decodeReviewFrame(frame)).toEqual(sent);
    // The blocks are float32 (min, max) pairs after an 8-byte-aligned JSON header.
    const raw = decodeFrame(frame);
    expect(raw.kind).toBe(FrameKind.review);
    expect(raw.flags & FrameFlags.minMax).toBe(FrameFlags.minMax);
    expect(raw.samplesPerChannel).toBe(6);
    expect(Array.from(raw.channels[0]!)).toEqual([-1, 1, NaN, NaN, -0.5, 0.75]);
    expect(raw.channels[0]!.byteOffset % 8).toBe(0);
    expect(JSON.parse(raw.meta!)).not.toHaveProperty('channels.0.min');
  });

  it('round-trips a samples reply (max is min) without t0, with a string request id, from a Node Buffer', () => {
    const { t0_ms: _t0, ...rest } = reply();
    const sent: AcquisitionReviewMessage = {
      ...rest,
      request_id: 'r-7',
      kind: 'samples',
      pixels: 4,
      level: 0,
      from_sample: 100,
      to_sample: 104,
      channels: [{ name: 'CH2', unit: 'V', min: [0.125, -2, null, 3], max: [0.125, -2, null, 3] }],
    };
    const frame = encodeReviewFrame(sent);
    const decoded = decodeReviewFrame(Buffer.from(frame));
    expect(decoded).toEqual(sent);
    expect(decoded.channels[0]!.max).toBe(decoded.channels[0]!.min);
    expect(decodeFrame(frame).samplesPerChannel).toBe(4);
  });

  it('is far smaller than the JSON reply for a full-width overview', () => {
    const columns = 1_440;
    const values = (k: number): number[] => Array.from({ length: columns }, (_, i) => Math.sin(i + k) / 3);
    const wide = reply({
      pixels: columns,
      channels: [0, 1, 2, 3].map((k) => ({
        name: `CH${k + 1}`,
        unit: 'V',
        min: values(k),
        max: values(k + 1),
      })),
    });
    expect(encodeReviewFrame(wide).byteLength).toBeLessThan(JSON.stringify(wide).length / 3);
  });

  it('refuses a truncated frame, naming the sizes and the request it answers', () => {
    const frame = encodeReviewFrame(reply());
    const err = refusal(() => decodeReviewFrame(frame.slice(0, frame.byteLength - 4)), /bytes, header says/);
    expect(err.message).toMatch(/^review reply refused: /);
    expect(err.requestId).toBe(12);
    // Cut inside the fixed header: nothing to go on, not even the request.
    const short = refusal(() => decodeReviewFrame(frame.slice(0, 20)), /shorter than its header/);
    expect(short.requestId).toBeUndefined();
  });

  it('refuses a frame of another kind', () => {
    const waveform = encodeFrame(
      {
        kind: FrameKind.waveform,
        flags: 0,
        streamId: 1,
        seq: 0,
        t0Ms: 0,
        dtS: 1e-6,
        channelMask: 1,
        samplesPerChannel: 2,
        x0: 0,
      },
      [new Float32Array([1, 2])],
    );
    expect(isReviewFrame(waveform)).toBe(false);
    refusal(() => decodeReviewFrame(waveform), /frame kind 1 \(waveform\) is not a review reply \(kind 4\)/);
  });

  it('refuses a header that disagrees with its blocks or is not a review header', () => {
    const header = { ...reply(), channels: [{ name: 'CH1', unit: 'V' }] };
    const frameOf = (meta: unknown, blocks: Float32Array[], samplesPerChannel: number): ArrayBuffer =>
      encodeFrame(
        {
          kind: FrameKind.review,
          flags: FrameFlags.minMax,
          streamId: 0,
          seq: 0,
          t0Ms: 0,
          dtS: 1e-4,
          channelMask: (1 << blocks.length) - 1,
          samplesPerChannel,
          x0: 0,
        },
        blocks,
        typeof meta === 'string' ? meta : JSON.stringify(meta),
      );
    const six = (): Float32Array => new Float32Array(6);
    expect(decodeReviewFrame(frameOf(header, [six()], 6)).channels[0]!.name).toBe('CH1');
    refusal(
      () => decodeReviewFrame(frameOf(header, [six(), six()], 6)),
      /lists 1 channels but the frame carries 2/,
    );
    refusal(
      () => decodeReviewFrame(frameOf(header, [new Float32Array(4)], 4)),
      /need 6 values per channel, the frame has 4/,
    );
    const badKind = refusal(
      () => decodeReviewFrame(frameOf({ ...header, kind: 'pixels' }, [six()], 6)),
      /kind is wrong/,
    );
    expect(badKind.requestId).toBe(12);
    refusal(() => decodeReviewFrame(frameOf('{"type":', [six()], 6)), /JSON header is not JSON/);
    const noMeta = encodeFrame(
      {
        kind: FrameKind.review,
        flags: 0,
        streamId: 0,
        seq: 0,
        t0Ms: 0,
        dtS: 1,
        channelMask: 1,
        samplesPerChannel: 1,
        x0: 0,
      },
      [new Float32Array(1)],
    );
    refusal(() => decodeReviewFrame(noMeta), /no JSON header/);
    expect(new DataView(noMeta).getUint32(44, true)).toBe(0);
    expect(noMeta.byteLength).toBe(FRAME_HEADER_BYTES + 4);
  });
});
