/**
 * Stored frames of a sample range, in chunks, with the next chunk read while the caller works on the
 * current one. A fixed ring of buffers serves the whole pass, so memory is a few chunks whatever the
 * capture's size.
 */
import type { AcquisitionReader } from '../../acquisition/index.js';

export interface FrameChunk {
  /** Capture index of the first frame. */
  firstSample: number;
  /** Frames in the chunk. */
  count: number;
  /** `count` frames as stored: every channel, interleaved, meta.json order. */
  frames: Float32Array;
  /** The same memory as bit patterns (for the number formatter). */
  bits: Int32Array;
}

/** Samples per chunk for about `targetBytes` of frames (at least one sample). */
export function chunkSamplesFor(channelCount: number, targetBytes: number): number {
  return Math.max(1, Math.floor(targetBytes / (4 * channelCount)));
}

/**
 * Yields frames [fromSample, toSample) in chunks of `chunkSamples`, reading one chunk ahead. With the
 * default two buffers a yielded chunk is valid until the caller asks for the next one; with `buffers` = 3 it
 * stays valid until the caller asks for the one after that — room for a write of it to be in flight while
 * the next chunk is worked on. Anything still using a chunk's memory must be finished by then.
 */
export async function* frameChunks(
  reader: AcquisitionReader,
  fromSample: number,
  toSample: number,
  chunkSamples: number,
  buffers: 2 | 3 = 2,
): AsyncGenerator<FrameChunk, void, undefined> {
  if (toSample <= fromSample) return;
  const width = reader.meta.channels.length;
  const size = Math.min(chunkSamples, toSample - fromSample) * width;
  const ring = Array.from({ length: buffers }, () => new Float32Array(size));
  const read = (slot: number, first: number): Promise<FrameChunk> => {
    const count = Math.min(chunkSamples, toSample - first);
    const frames = ring[slot]!.subarray(0, count * width);
    const bits = new Int32Array(frames.buffer, frames.byteOffset, frames.length);
    const done = reader.readFramesInto(frames, first, count).then(() => ({
      firstSample: first,
      count,
      frames,
      bits,
    }));
    // Awaited on the next turn; until then a failure must not count as an unhandled rejection.
    done.catch(() => undefined);
    return done;
  };
  let slot = 0;
  let pending: Promise<FrameChunk> | undefined = read(slot, fromSample);
  try {
    while (pending !== undefined) {
      const chunk: FrameChunk = await pending;
      const next = chunk.firstSample + chunk.count;
      slot = (slot + 1) % buffers;
      pending = next < toSample ? read(slot, next) : undefined;
      yield chunk;
    }
  } finally {
    // Never leave a read in flight into a buffer (or on a reader) the caller may be about to close.
    await pending?.catch(() => undefined);
  }
}
