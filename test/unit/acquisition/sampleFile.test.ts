import { describe, expect, it } from 'vitest';
import { AcquisitionError } from '../../../src-main/acquisition/index.js';
import {
  decodeSampleFileHeader,
  deinterleave,
  encodeSampleFileHeader,
  fileSizeForSampleCount,
  interleave,
  SAMPLE_FILE_HEADER_BYTES,
  sampleCountForFileSize,
} from '../../../src-main/acquisition/storage/sampleFile.js';

describe('sample file layout', () => {
  it('round-trips the header, little-endian at the documented offsets', () => {
    const header = { channelCount: 3, sampleRateHz: 2.5e6, t0Ms: 1_700_000_000_123.25 };
    const bytes = encodeSampleFileHeader(header);
    expect(bytes.byteLength).toBe(64);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('BTAQ');
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint16(6, true)).toBe(64);
    expect(view.getUint16(8, true)).toBe(3);
    expect(view.getUint16(10, true)).toBe(1);
    expect(view.getFloat64(16, true)).toBe(2.5e6);
    expect(view.getFloat64(24, true)).toBe(header.t0Ms);
    expect(decodeSampleFileHeader(bytes)).toEqual(header);
  });

  it('refuses a wrong magic, a newer version and a short header', () => {
    const good = encodeSampleFileHeader({ channelCount: 1, sampleRateHz: 1, t0Ms: 0 });
    const badMagic = good.slice();
    badMagic[0] = 0x58;
    const newer = good.slice();
    new DataView(newer.buffer).setUint16(4, 2, true);
    for (const bytes of [badMagic, newer, good.subarray(0, 63)]) {
      expect(() => decodeSampleFileHeader(bytes)).toThrow(AcquisitionError);
    }
  });

  it('derives the sample count from the size, ignoring a torn last frame', () => {
    expect(sampleCountForFileSize(0, 4)).toBe(0);
    expect(sampleCountForFileSize(SAMPLE_FILE_HEADER_BYTES, 4)).toBe(0);
    expect(sampleCountForFileSize(SAMPLE_FILE_HEADER_BYTES + 15, 4)).toBe(0);
    expect(sampleCountForFileSize(SAMPLE_FILE_HEADER_BYTES + 16, 4)).toBe(1);
    expect(sampleCountForFileSize(SAMPLE_FILE_HEADER_BYTES + 16 * 1000 + 7, 4)).toBe(1000);
    expect(fileSizeForSampleCount(1000, 4)).toBe(SAMPLE_FILE_HEADER_BYTES + 16_000);
  });

  it('interleaves sample-major and de-interleaves any channel subset, bit-exact', () => {
    const a = Float32Array.of(1, 2, 3);
    const b = Float32Array.of(-0, NaN, Infinity);
    const c = Float32Array.of(1e-45, -3.4e38, 0.1);
    const frames = interleave([a, b, c], 0, 3);
    expect(Array.from(frames.subarray(0, 3))).toEqual([1, -0, Math.fround(1e-45)]);
    const [c2, a2] = deinterleave(frames, 3, 3, [2, 0]);
    expect(Buffer.from(c2!.buffer).equals(Buffer.from(c.buffer))).toBe(true);
    expect(Buffer.from(a2!.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    const [b2] = deinterleave(frames, 3, 3, [1]);
    expect(Buffer.from(b2!.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('keeps NaN payloads, signalling ones included, through interleave and de-interleave', () => {
    // Run once, cold: V8's interpreter quiets a signalling NaN read into a number (0x7f800001 -> 0x7fc00001).
    const patterns = Uint32Array.of(0x7f800001, 0xff812345, 0x7fa00000, 0x7fc00000, 0xffffffff, 0x00000001);
    const a = new Float32Array(patterns.buffer.slice(0));
    const b = Float32Array.of(1, 2, 3, 4, 5, 6);
    const frames = interleave([b, a], 0, patterns.length);
    const [a2] = deinterleave(frames, 2, patterns.length, [1]);
    expect(Array.from(new Uint32Array(a2!.buffer))).toEqual(Array.from(patterns));
    // An offset into a view that itself starts inside its buffer.
    const view = new Float32Array(a.buffer, 4, 4);
    const [tail] = deinterleave(interleave([view], 1, 3), 1, 3, [0]);
    expect(Array.from(new Uint32Array(tail!.buffer))).toEqual(Array.from(patterns.subarray(2, 5)));
  });
});
