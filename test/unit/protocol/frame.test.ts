import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameDecodeError,
  FrameFlags,
  FrameKind,
  channelsInMask,
  decodeFrame,
  encodeFrame,
  maskOfChannels,
  type DecodedFrame,
  type FrameHeader,
  type FrameKindValue,
} from '../../../shared/codec/frame.js';

const KINDS: FrameKindValue[] = [FrameKind.waveform, FrameKind.acquisitionBlock, FrameKind.readingsBatch];

function header(overrides: Partial<FrameHeader> = {}): FrameHeader {
  return {
    kind: FrameKind.waveform,
    flags: FrameFlags.triggered,
    streamId: 7,
    seq: 41,
    t0Ms: 1_731_000_000_123.25,
    dtS: 1e-6,
    channelMask: 0b101,
    samplesPerChannel: 3,
    x0: -0.5e-3,
    ...overrides,
  };
}

function sampleFrame(): ArrayBuffer {
  return encodeFrame(header(), [new Float32Array([1, 2, 3]), new Float32Array([-1, -2, -3])]);
}

/** Deterministic 32-bit patterns (NaNs with payloads, infinities, subnormals included) from a seed. */
function randomBits(seed: number, length: number): Float32Array {
  const bits = new Uint32Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bits[i] = x >>> 0;
  }
  return new Float32Array(bits.buffer);
}

function expectSameValues(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`value ${i}: ${String(actual[i])} !== ${String(expected[i])}`);
    }
  }
}

function expectDecodeError(input: ArrayBuffer | ArrayBufferView, message?: RegExp): void {
  let thrown: unknown;
  try {
    decodeFrame(input);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(FrameDecodeError);
  if (message) expect((thrown as Error).message).toMatch(message);
}

function expectHeader(decoded: DecodedFrame, expected: FrameHeader): void {
  expect(decoded.kind).toBe(expected.kind);
  expect(decoded.flags).toBe(expected.flags);
  expect(decoded.streamId).toBe(expected.streamId);
  expect(decoded.seq).toBe(expected.seq);
  expect(Object.is(decoded.t0Ms, expected.t0Ms)).toBe(true);
  expect(Object.is(decoded.dtS, expected.dtS)).toBe(true);
  expect(Object.is(decoded.x0, expected.x0)).toBe(true);
  expect(decoded.channelMask).toBe(expected.channelMask);
  expect(decoded.samplesPerChannel).toBe(expected.samplesPerChannel);
}

const channelSet = fc
  .uniqueArray(fc.integer({ min: 1, max: 32 }), { minLength: 1, maxLength: 32 })
  .map((chs) => [...chs].sort((a, b) => a - b));
const headerFields = fc.record({
  kind: fc.constantFrom(...KINDS),
  flags: fc.integer({ min: 0, max: 0xffff }),
  streamId: fc.nat({ max: 0xffff_ffff }),
  seq: fc.nat({ max: 0xffff_ffff }),
  t0Ms: fc.double({ noNaN: true, noDefaultInfinity: true }),
  dtS: fc.double({ noNaN: true, noDefaultInfinity: true }),
  x0: fc.double({ noNaN: true, noDefaultInfinity: true }),
});

describe('frame layout', () => {
  it('writes the documented header at the documented offsets, little-endian', () => {
    const bytes = sampleFrame();
    const view = new DataView(bytes);
    expect(bytes.byteLength).toBe(FRAME_HEADER_BYTES + 2 * 3 * 4);
    expect(FRAME_HEADER_BYTES % 8).toBe(0);
    expect(new TextDecoder().decode(new Uint8Array(bytes, 0, 4))).toBe('BTF1');
    expect(view.getUint32(0, true)).toBe(FRAME_MAGIC);
    expect(view.getUint8(4)).toBe(FRAME_VERSION);
    expect(view.getUint8(5)).toBe(FrameKind.waveform);
    expect(view.getUint16(6, true)).toBe(FrameFlags.triggered);
    expect(view.getUint32(8, true)).toBe(7);
    expect(view.getUint32(12, true)).toBe(41);
    expect(view.getFloat64(16, true)).toBe(1_731_000_000_123.25);
    expect(view.getFloat64(24, true)).toBe(1e-6);
    expect(view.getUint16(32, true)).toBe(2);
    expect(view.getUint16(34, true)).toBe(0);
    expect(view.getUint32(36, true)).toBe(3);
    expect(view.getUint32(40, true)).toBe(0b101);
    expect(view.getUint32(44, true)).toBe(0);
    expect(view.getFloat64(48, true)).toBe(-0.5e-3);
    expect([...new Float32Array(bytes, 56)]).toEqual([1, 2, 3, -1, -2, -3]);
  });

  it('maps masks to 1-based channel numbers and back, up to channel 32', () => {
    expect(channelsInMask(0b101)).toEqual([1, 3]);
    expect(maskOfChannels([1, 3])).toBe(0b101);
    expect(maskOfChannels([32])).toBe(0x8000_0000);
    expect(channelsInMask(0xffff_ffff)).toHaveLength(32);
    expect(() => maskOfChannels([0])).toThrow(RangeError);
    expect(() => maskOfChannels([33])).toThrow(RangeError);
    expect(() => maskOfChannels([1.5])).toThrow(RangeError);
  });

  it('views decoded samples in place when the input is aligned (no copy)', () => {
    const bytes = sampleFrame();
    const decoded = decodeFrame(bytes);
    expect(decoded.channels[0]!.buffer).toBe(bytes);
    expect(decoded.channelNumbers).toEqual([1, 3]);
  });

  it('wraps seq and stream id into u32', () => {
    const decoded = decodeFrame(
      encodeFrame(header({ seq: 2 ** 32 + 5, streamId: -1, channelMask: 0, samplesPerChannel: 0 }), []),
    );
    expect(decoded.seq).toBe(5);
    expect(decoded.streamId).toBe(0xffff_ffff);
  });

  it('refuses to encode blocks that do not match the header', () => {
    expect(() => encodeFrame(header(), [new Float32Array(3)])).toThrow(RangeError);
    expect(() => encodeFrame(header(), [new Float32Array(3), new Float32Array(2)])).toThrow(RangeError);
  });
});

describe('encode → decode is the identity (property-based)', () => {
  it('for any channel set, header and float32 values (small records)', () => {
    const frame = fc
      .tuple(channelSet, fc.integer({ min: 0, max: 64 }), headerFields)
      .chain(([channels, n, fields]) =>
        fc.tuple(
          fc.constant(channels),
          fc.constant(fields),
          fc.array(fc.float32Array({ minLength: n, maxLength: n }), {
            minLength: channels.length,
            maxLength: channels.length,
          }),
          fc.constant(n),
        ),
      );
    fc.assert(
      fc.property(frame, ([channels, fields, blocks, n]) => {
        const h: FrameHeader = { ...fields, channelMask: maskOfChannels(channels), samplesPerChannel: n };
        const decoded = decodeFrame(encodeFrame(h, blocks));
        expectHeader(decoded, h);
        expect(decoded.channelNumbers).toEqual(channels);
        expect(decoded.channels).toHaveLength(channels.length);
        blocks.forEach((block, i) => expectSameValues(decoded.channels[i]!, block));
      }),
      { numRuns: 300 },
    );
  });

  it('for records of up to 4096 samples per channel, any bit pattern (NaN payloads included)', () => {
    fc.assert(
      fc.property(
        channelSet,
        fc.integer({ min: 0, max: 4096 }),
        headerFields,
        fc.nat(),
        (channels, n, fields, seed) => {
          const blocks = channels.map((_, i) => randomBits(seed + i, n));
          const h: FrameHeader = { ...fields, channelMask: maskOfChannels(channels), samplesPerChannel: n };
          const encoded = encodeFrame(h, blocks);
          expect(encoded.byteLength).toBe(FRAME_HEADER_BYTES + channels.length * n * 4);
          const decoded = decodeFrame(encoded);
          expectHeader(decoded, h);
          blocks.forEach((block, i) => {
            // Bit-exact, not just value-equal: a NaN keeps its payload.
            expect(new Uint32Array(decoded.channels[i]!.slice().buffer)).toEqual(
              new Uint32Array(block.buffer),
            );
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('from a Node Buffer at any byte offset (unaligned slices are copied once)', () => {
    fc.assert(
      fc.property(
        channelSet,
        fc.integer({ min: 0, max: 256 }),
        fc.integer({ min: 0, max: 15 }),
        (channels, n, pad) => {
          const blocks = channels.map((_, i) => randomBits(i + 1, n));
          const h = header({ channelMask: maskOfChannels(channels), samplesPerChannel: n });
          const encoded = new Uint8Array(encodeFrame(h, blocks));
          const backing = Buffer.alloc(encoded.length + pad + 3);
          backing.set(encoded, pad);
          const slice = backing.subarray(pad, pad + encoded.length);
          const decoded = decodeFrame(slice);
          expectHeader(decoded, h);
          blocks.forEach((block, i) => expectSameValues(decoded.channels[i]!, block));
          // Whatever the alignment, decoding never mutates the caller's bytes.
          expect(Buffer.compare(slice, Buffer.from(encoded))).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('from an ArrayBuffer created in another realm', () => {
    const encoded = new Uint8Array(sampleFrame());
    const foreign = vm.runInNewContext(`new ArrayBuffer(${encoded.length})`) as ArrayBuffer;
    expect(foreign instanceof ArrayBuffer).toBe(false);
    new Uint8Array(foreign).set(encoded);
    expect([...decodeFrame(foreign).channels[1]!]).toEqual([-1, -2, -3]);
  });
});

describe('decode rejects damaged frames with FrameDecodeError', () => {
  it('rejects every truncation, including inside the header', () => {
    const bytes = new Uint8Array(sampleFrame());
    for (let length = 0; length < bytes.length; length++) {
      expectDecodeError(
        bytes.slice(0, length),
        length < FRAME_HEADER_BYTES ? /shorter than its header/ : /header says/,
      );
    }
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array(sampleFrame());
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expectDecodeError(longer, /header says/);
  });

  function patched(patch: (view: DataView) => void): ArrayBuffer {
    const bytes = sampleFrame();
    patch(new DataView(bytes));
    return bytes;
  }

  it('rejects a bad magic', () => {
    expectDecodeError(
      patched((v) => v.setUint32(0, FRAME_MAGIC, false)),
      /magic/,
    );
    expectDecodeError(
      patched((v) => v.setUint8(3, 0x32)),
      /magic/,
    );
  });

  it('rejects another frame version', () => {
    expectDecodeError(
      patched((v) => v.setUint8(4, FRAME_VERSION + 1)),
      /version/,
    );
    expectDecodeError(
      patched((v) => v.setUint8(4, 0)),
      /version/,
    );
  });

  it('rejects an unknown frame kind', () => {
    expectDecodeError(
      patched((v) => v.setUint8(5, 0)),
      /kind/,
    );
    expectDecodeError(
      patched((v) => v.setUint8(5, 6)),
      /kind/,
    );
  });

  it('rejects a channel count that disagrees with the mask', () => {
    expectDecodeError(
      patched((v) => v.setUint16(32, 3, true)),
      /mask/,
    );
    expectDecodeError(
      patched((v) => v.setUint32(40, 0b111, true)),
      /mask/,
    );
    expectDecodeError(
      patched((v) => v.setUint32(40, 0, true)),
      /mask/,
    );
  });

  it('rejects a sample count that disagrees with the length, even a huge one', () => {
    expectDecodeError(
      patched((v) => v.setUint32(36, 4, true)),
      /header says/,
    );
    expectDecodeError(
      patched((v) => v.setUint32(36, 0xffff_ffff, true)),
      /header says/,
    );
  });

  it('rejects input that is not binary data at all (a Blob from a socket left at binaryType "blob")', () => {
    expectDecodeError(new Blob([new Uint8Array(64)]) as unknown as ArrayBuffer, /ArrayBuffer/);
  });
});

describe('decodeFrame fuzzing: only FrameDecodeError may escape', () => {
  function decodeOrDecodeError(bytes: Uint8Array): void {
    try {
      const decoded = decodeFrame(bytes);
      // Anything accepted must be self-consistent.
      expect(decoded.channels).toHaveLength(decoded.channelNumbers.length);
      for (const ch of decoded.channels) expect(ch.length).toBe(decoded.samplesPerChannel);
    } catch (err) {
      if (!(err instanceof FrameDecodeError)) throw err;
    }
  }

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodeOrDecodeError), { numRuns: 5_000 });
  });

  it('random bytes behind a valid magic and version', () => {
    const prefix = new Uint8Array(sampleFrame()).slice(0, 5);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 51, maxLength: 400 }), (tail) => {
        const bytes = new Uint8Array(prefix.length + tail.length);
        bytes.set(prefix);
        bytes.set(tail, prefix.length);
        decodeOrDecodeError(bytes);
      }),
      { numRuns: 5_000 },
    );
  });

  it('valid frames with random bytes overwritten (header included)', () => {
    const original = new Uint8Array(sampleFrame());
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: -8, max: 8 }),
        fc.integer({ min: 0, max: 7 }),
        (writes, lengthChange, offset) => {
          const length = Math.max(0, original.length + lengthChange);
          const backing = new Uint8Array(length + offset);
          backing.set(original.subarray(0, Math.min(length, original.length)), offset);
          for (const [at, value] of writes) if (at < length) backing[offset + at] = value;
          decodeOrDecodeError(backing.subarray(offset));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
