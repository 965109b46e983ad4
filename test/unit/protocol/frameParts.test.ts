import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  encodeFrameBody,
  encodeFrameHeader,
  FrameKind,
  FRAME_HEADER_BYTES,
  type FrameHeader,
} from '../../../shared/codec/frame.js';

describe('a frame in two parts (shared body, per-connection header)', () => {
  const header: FrameHeader = {
    kind: FrameKind.waveform,
    flags: 1,
    streamId: 7,
    seq: 42,
    t0Ms: 1_731_067_200_000.25,
    dtS: 1e-6,
    channelMask: 0b1010,
    samplesPerChannel: 3,
    x0: -0.5,
  };
  const blocks = [new Float32Array([1, 2, 3]), new Float32Array([-1, -2, -3])];

  it('concatenates to exactly the bytes of encodeFrame', () => {
    const head = new Uint8Array(encodeFrameHeader(header));
    const body = new Uint8Array(encodeFrameBody(header, blocks));
    expect(head.length).toBe(FRAME_HEADER_BYTES);
    const joined = new Uint8Array(head.length + body.length);
    joined.set(head);
    joined.set(body, head.length);
    expect(joined).toEqual(new Uint8Array(encodeFrame(header, blocks)));
    const decoded = decodeFrame(joined);
    expect(decoded.channelNumbers).toEqual([2, 4]);
    expect([...decoded.channels[1]!]).toEqual([-1, -2, -3]);
  });

  it('checks the blocks against the mask and length', () => {
    expect(() => encodeFrameBody(header, [blocks[0]!])).toThrow(RangeError);
    expect(() => encodeFrameBody(header, [blocks[0]!, new Float32Array(2)])).toThrow(RangeError);
  });
});
