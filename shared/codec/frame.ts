/**
 * Binary sample frames (server → client only). Layout, all little-endian; see docs/PROTOCOL.md:
 *
 *   offset size type  field
 *   0      4    u32   magic 0x31465442 ("BTF1" as bytes)
 *   4      1    u8    version (1)
 *   5      1    u8    kind (FrameKind)
 *   6      2    u16   flags (FrameFlags)
 *   8      4    u32   stream_id (announced in stream_started)
 *   12     4    u32   seq (per stream, wraps at 2^32)
 *   16     8    f64   t0_ms: time of the first sample, ms since epoch
 *   24     8    f64   dt_s: seconds between samples (for min/max pairs: between pairs)
 *   32     2    u16   channel_count
 *   34     2    u16   reserved (0)
 *   36     4    u32   samples_per_channel (values per channel block; 2 per pair when MINMAX)
 *   40     4    u32   channel_mask: bit i set = channel i+1 present, blocks in ascending order
 *   44     4    u32   meta_bytes: length of the UTF-8 JSON header after the fixed one (0: none)
 *   48     8    f64   x0: waveform — time of the first sample relative to the trigger, s;
 *                         acquisition block and review — index of the first sample; readings batch — 0
 *   56     ...  u8[]  JSON header, meta_bytes long, padded with spaces to a multiple of 8 bytes
 *   ...    ...  f32[] channel blocks, channel-major, samples_per_channel values each
 *
 * The header (and the padded JSON header) is a multiple of 8 bytes, so each channel block can be viewed in
 * place as a Float32Array. Only review replies (kind 4) and fleet waveforms (kind 5) carry a JSON header; for
 * kinds 1–3 meta_bytes is 0, which is what those frames always held in the field (it was reserved), so their
 * layout is unchanged.
 */

export const FRAME_MAGIC = 0x31465442;
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 56;

export const FrameKind = {
  waveform: 1,
  acquisitionBlock: 2,
  readingsBatch: 3,
  /** A `review_acquisition` reply: its JSON header plus one block per channel (reviewFrame.ts). */
  review: 4,
  /** A fleet bench's waveform, one channel: its JSON header names bench and instrument (fleetWaveformFrame.ts). */
  fleetWaveform: 5,
  /** Several fleet waveforms (kind 5 frames) of one flush in one message (fleetWaveformBundle.ts). */
  fleetWaveformBundle: 6,
} as const;
export type FrameKindValue = (typeof FrameKind)[keyof typeof FrameKind];

export const FrameFlags = {
  /** Values are (min, max) pairs from display decimation. */
  minMax: 1 << 0,
  /** Record is raw, full resolution. */
  fullResolution: 1 << 1,
  /** Oscilloscope record was triggered (x0 is relative to a real trigger). */
  triggered: 1 << 2,
} as const;

export interface FrameHeader {
  kind: FrameKindValue;
  flags: number;
  streamId: number;
  seq: number;
  t0Ms: number;
  dtS: number;
  channelMask: number;
  samplesPerChannel: number;
  x0: number;
}

export interface DecodedFrame extends FrameHeader {
  /** The frame's JSON header as text; undefined when it has none (meta_bytes 0). */
  meta: string | undefined;
  /** One view per present channel, in ascending channel order. Views alias the frame's bytes. */
  channels: Float32Array[];
  /** 1-based channel numbers matching `channels`. */
  channelNumbers: number[];
}

export class FrameDecodeError extends Error {
  override name = 'FrameDecodeError';
}

function popcount32(mask: number): number {
  let v = mask >>> 0;
  let count = 0;
  while (v) {
    v &= v - 1;
    count++;
  }
  return count;
}

/** Channel numbers (1-based) present in a mask. */
export function channelsInMask(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i++) if ((mask >>> i) & 1) out.push(i + 1);
  return out;
}

/** Mask for a list of 1-based channel numbers. */
export function maskOfChannels(channels: readonly number[]): number {
  let mask = 0;
  for (const ch of channels) {
    if (!Number.isInteger(ch) || ch < 1 || ch > 32) throw new RangeError(`channel ${ch} is not in 1..32`);
    mask |= 1 << (ch - 1);
  }
  return mask >>> 0;
}

/** Bytes the JSON header takes in a frame: its length rounded up to a multiple of 8. */
function paddedMetaBytes(metaBytes: number): number {
  return Math.ceil(metaBytes / 8) * 8;
}

/**
 * Encodes a frame into a fresh ArrayBuffer. `channels` must be in ascending channel order matching
 * `header.channelMask`, each exactly `samplesPerChannel` long. `meta`: a JSON header to carry (review).
 */
export function encodeFrame(
  header: FrameHeader,
  channels: readonly Float32Array[],
  meta?: string,
): ArrayBuffer {
  const count = checkBlocks(header, channels);
  const n = header.samplesPerChannel;
  const metaUtf8 = meta === undefined ? new Uint8Array(0) : new TextEncoder().encode(meta);
  const blocksAt = FRAME_HEADER_BYTES + paddedMetaBytes(metaUtf8.length);
  const buffer = new ArrayBuffer(blocksAt + count * n * 4);
  writeHeader(new DataView(buffer), header, count, metaUtf8.length);
  new Uint8Array(buffer, FRAME_HEADER_BYTES, blocksAt - FRAME_HEADER_BYTES).fill(0x20).set(metaUtf8);
  writeBlocks(new Float32Array(buffer, blocksAt, count * n), channels);
  return buffer;
}

/**
 * A frame in two parts: the 56-byte header alone, and the channel blocks alone (`encodeFrameBody`). Their
 * concatenation is exactly `encodeFrame(header, channels)`. A server sending the same samples to many
 * connections, each with its own stream id and seq, encodes the body once and only the header per
 * connection (the two go out as fragments of one WebSocket message).
 */
export function encodeFrameHeader(header: FrameHeader): ArrayBuffer {
  const buffer = new ArrayBuffer(FRAME_HEADER_BYTES);
  writeHeader(new DataView(buffer), header, popcount32(header.channelMask));
  return buffer;
}

/** The channel blocks of a frame, back to back (see `encodeFrameHeader`); `header` as for `encodeFrame`. */
export function encodeFrameBody(
  header: Pick<FrameHeader, 'channelMask' | 'samplesPerChannel'>,
  channels: readonly Float32Array[],
): ArrayBuffer {
  const count = checkBlocks(header, channels);
  const body = new Float32Array(count * header.samplesPerChannel);
  writeBlocks(body, channels);
  return body.buffer;
}

/** Checks the blocks against the mask and length; returns the channel count. */
function checkBlocks(
  header: Pick<FrameHeader, 'channelMask' | 'samplesPerChannel'>,
  channels: readonly Float32Array[],
): number {
  const count = popcount32(header.channelMask);
  if (count !== channels.length) {
    throw new RangeError(`channel mask has ${count} channels but ${channels.length} blocks were given`);
  }
  const n = header.samplesPerChannel;
  channels.forEach((block, c) => {
    if (block.length !== n)
      throw new RangeError(`channel block ${c} has ${block.length} values, expected ${n}`);
  });
  return count;
}

function writeHeader(view: DataView, header: FrameHeader, count: number, metaBytes = 0): void {
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint8(4, FRAME_VERSION);
  view.setUint8(5, header.kind);
  view.setUint16(6, header.flags, true);
  view.setUint32(8, header.streamId >>> 0, true);
  view.setUint32(12, header.seq >>> 0, true);
  view.setFloat64(16, header.t0Ms, true);
  view.setFloat64(24, header.dtS, true);
  view.setUint16(32, count, true);
  view.setUint32(36, header.samplesPerChannel, true);
  view.setUint32(40, header.channelMask >>> 0, true);
  view.setUint32(44, metaBytes, true);
  view.setFloat64(48, header.x0, true);
}

function writeBlocks(body: Float32Array, channels: readonly Float32Array[]): void {
  channels.forEach((block, c) => body.set(block, c * block.length));
}

/**
 * Checks the 56-byte header's common part — length, magic, version, kind — of a frame whose kind the caller
 * knows, and returns a view over its bytes; `fail` names what is wrong in the caller's words (its own error
 * class and prefix).
 */
export function checkFramePreamble(
  bytes: Uint8Array,
  kind: FrameKindValue,
  fail: (message: string) => never,
): DataView {
  const length = bytes.byteLength;
  if (length < FRAME_HEADER_BYTES)
    fail(`${length} bytes, shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  if (view.getUint32(0, true) !== FRAME_MAGIC) fail('bad magic');
  if (view.getUint8(4) !== FRAME_VERSION) fail(`unsupported version ${view.getUint8(4)}`);
  const found = view.getUint8(5);
  if (found !== kind) fail(`kind ${found}, expected ${kind}`);
  return view;
}

/**
 * Decodes a frame without copying samples when the bytes are 4-byte aligned (always true for a
 * browser's ArrayBuffer message); unaligned input (a Node Buffer slice) is copied once.
 */
export function decodeFrame(input: ArrayBuffer | ArrayBufferView): DecodedFrame {
  let buffer: ArrayBuffer;
  let offset: number;
  let length: number;
  // isView rather than `instanceof ArrayBuffer`: an ArrayBuffer from another realm (an iframe, a node:vm
  // context) fails instanceof, and reading it as a view would find no bytes ("bad frame magic").
  if (ArrayBuffer.isView(input)) {
    buffer = input.buffer as ArrayBuffer;
    offset = input.byteOffset;
    length = input.byteLength;
  } else {
    buffer = input;
    offset = 0;
    length = input.byteLength;
    // JavaScript callers can hand over anything; a browser socket left at binaryType "blob" gives a Blob.
    if (typeof length !== 'number')
      throw new FrameDecodeError('expected an ArrayBuffer or a typed-array view');
  }
  if (length < FRAME_HEADER_BYTES)
    throw new FrameDecodeError(`frame of ${length} bytes is shorter than its header`);
  if (offset % 4 !== 0) {
    const copy = new Uint8Array(length);
    copy.set(new Uint8Array(buffer, offset, length));
    buffer = copy.buffer;
    offset = 0;
  }
  const view = new DataView(buffer, offset, length);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw new FrameDecodeError('bad frame magic');
  const version = view.getUint8(4);
  if (version !== FRAME_VERSION) throw new FrameDecodeError(`unsupported frame version ${version}`);
  const kind = view.getUint8(5);
  if (kind < 1 || kind > 5) throw new FrameDecodeError(`unknown frame kind ${kind}`);
  const count = view.getUint16(32, true);
  const n = view.getUint32(36, true);
  const channelMask = view.getUint32(40, true);
  if (popcount32(channelMask) !== count)
    throw new FrameDecodeError('channel count does not match channel mask');
  const metaBytes = view.getUint32(44, true);
  const blocksAt = FRAME_HEADER_BYTES + paddedMetaBytes(metaBytes);
  const expected = blocksAt + count * n * 4;
  if (length !== expected) throw new FrameDecodeError(`frame is ${length} bytes, header says ${expected}`);
  const meta =
    metaBytes === 0
      ? undefined
      : new TextDecoder().decode(new Uint8Array(buffer, offset + FRAME_HEADER_BYTES, metaBytes));
  const channels: Float32Array[] = [];
  for (let c = 0; c < count; c++) {
    channels.push(new Float32Array(buffer, offset + blocksAt + c * n * 4, n));
  }
  return {
    meta,
    kind: kind as FrameKindValue,
    flags: view.getUint16(6, true),
    streamId: view.getUint32(8, true),
    seq: view.getUint32(12, true),
    t0Ms: view.getFloat64(16, true),
    dtS: view.getFloat64(24, true),
    channelMask,
    samplesPerChannel: n,
    x0: view.getFloat64(48, true),
    channels,
    channelNumbers: channelsInMask(channelMask),
  };
}
