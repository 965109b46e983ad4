/**
 * samples.f32: a fixed 64-byte header, then one frame per sample — a float32 per channel, channels in
 * meta.json order — appended and never rewritten. Everything is little-endian.
 *
 *   offset size type   field
 *   0      4    u8[4]  magic "BTAQ"
 *   4      2    u16    format version (1)
 *   6      2    u16    header size in bytes (64); frames start here
 *   8      2    u16    channel count (1..8)
 *   10     2    u16    sample type (1 = float32)
 *   12     4    u32    reserved (0)
 *   16     8    f64    sample rate, Hz
 *   24     8    f64    t0: epoch ms of sample 0
 *   32     32   —      reserved (0)
 *   64     ...  f32[]  frames: channel_count values per sample, sample-major
 *
 * Why this shape: the sample count follows from the file size alone, (size − 64) / (4 × channels), so no
 * counter has to be kept in step with the data and a crash can at worst leave a torn last frame, which
 * recovery truncates. Sample-major frames make appending one block one write and let an exporter stream rows
 * (CSV) in order. The header is a multiple of 8 bytes so frames can be viewed in place as a Float32Array.
 */
import { AcquisitionError } from '../AcquisitionError.js';

export const SAMPLE_FILE_MAGIC = 'BTAQ';
export const SAMPLE_FILE_VERSION = 1;
export const SAMPLE_FILE_HEADER_BYTES = 64;
export const SAMPLE_TYPE_FLOAT32 = 1;
const BYTES_PER_VALUE = 4;

export interface SampleFileHeader {
  channelCount: number;
  sampleRateHz: number;
  /** Epoch ms of sample 0. */
  t0Ms: number;
}

/** Frames are written with the host's float layout; every platform Benchtop ships on is little-endian. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function assertLittleEndianHost(): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error('acquisition files need a little-endian host');
}

/** Bytes per frame (one sample of every channel). */
export function frameBytes(channelCount: number): number {
  return BYTES_PER_VALUE * channelCount;
}

/** Whole samples in a file of this size; a torn partial frame at the end does not count. */
export function sampleCountForFileSize(sizeBytes: number, channelCount: number): number {
  if (sizeBytes <= SAMPLE_FILE_HEADER_BYTES) return 0;
  return Math.floor((sizeBytes - SAMPLE_FILE_HEADER_BYTES) / frameBytes(channelCount));
}

/** File size holding exactly `sampleCount` whole frames. */
export function fileSizeForSampleCount(sampleCount: number, channelCount: number): number {
  return SAMPLE_FILE_HEADER_BYTES + sampleCount * frameBytes(channelCount);
}

export function encodeSampleFileHeader(header: SampleFileHeader): Uint8Array {
  const bytes = new Uint8Array(SAMPLE_FILE_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(SAMPLE_FILE_MAGIC), 0);
  view.setUint16(4, SAMPLE_FILE_VERSION, true);
  view.setUint16(6, SAMPLE_FILE_HEADER_BYTES, true);
  view.setUint16(8, header.channelCount, true);
  view.setUint16(10, SAMPLE_TYPE_FLOAT32, true);
  view.setFloat64(16, header.sampleRateHz, true);
  view.setFloat64(24, header.t0Ms, true);
  return bytes;
}

/** Reads and checks a header; throws AcquisitionError('corrupt') on anything this version cannot read. */
export function decodeSampleFileHeader(bytes: Uint8Array): SampleFileHeader {
  if (bytes.byteLength < SAMPLE_FILE_HEADER_BYTES) {
    throw new AcquisitionError('corrupt', `sample file header is ${bytes.byteLength} bytes, expected 64`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, SAMPLE_FILE_HEADER_BYTES);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== SAMPLE_FILE_MAGIC)
    throw new AcquisitionError('corrupt', 'not a Benchtop sample file (bad magic)');
  const version = view.getUint16(4, true);
  if (version !== SAMPLE_FILE_VERSION || view.getUint16(6, true) !== SAMPLE_FILE_HEADER_BYTES) {
    throw new AcquisitionError('corrupt', `sample file version ${version} is not supported`);
  }
  if (view.getUint16(10, true) !== SAMPLE_TYPE_FLOAT32) {
    throw new AcquisitionError('corrupt', 'sample file holds a sample type other than float32');
  }
  return {
    channelCount: view.getUint16(8, true),
    sampleRateHz: view.getFloat64(16, true),
    t0Ms: view.getFloat64(24, true),
  };
}

/** Int32 view of a Float32Array's bytes: copies through it keep every bit (see interleave). */
function bitsOf(values: Float32Array, offset = 0, length = values.length - offset): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset + offset * 4, length);
}

/**
 * Interleaves `count` samples of each channel, starting at `offset`, into frames. The copy also detaches
 * the data from the caller, who may reuse its arrays as soon as append() returns. Values are copied as bit
 * patterns: a float32 read into a JS number and written back may lose a NaN's payload (V8 quiets
 * signalling NaNs until the code is optimised), and a capture stores exactly what the instrument gave.
 */
export function interleave(channels: readonly Float32Array[], offset: number, count: number): Float32Array {
  const channelCount = channels.length;
  const out = new Float32Array(count * channelCount);
  const outBits = bitsOf(out);
  for (let c = 0; c < channelCount; c++) {
    const src = bitsOf(channels[c]!, offset, count);
    for (let i = 0, o = c; i < count; i++, o += channelCount) outBits[o] = src[i]!;
  }
  return out;
}

/** Splits `frameCount` frames into one array per wanted channel (indexes into the frame), bit for bit. */
export function deinterleave(
  frames: Float32Array,
  channelCount: number,
  frameCount: number,
  wanted: readonly number[],
): Float32Array[] {
  const frameBits = bitsOf(frames);
  return wanted.map((c) => {
    const out = new Float32Array(frameCount);
    const outBits = bitsOf(out);
    for (let i = 0, o = c; i < frameCount; i++, o += channelCount) outBits[i] = frameBits[o]!;
    return out;
  });
}
