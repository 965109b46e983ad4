import type { SampleSink } from './sampleSink.js';

/** The chunks with their first `skip` bytes removed (after a short write). */
function dropBytes(chunks: readonly Uint8Array[], skip: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let left = skip;
  for (const chunk of chunks) {
    if (left >= chunk.byteLength) {
      left -= chunk.byteLength;
      continue;
    }
    rest.push(left > 0 ? chunk.subarray(left) : chunk);
    left = 0;
  }
  return rest;
}

/**
 * Writes every byte of `chunks` at `positionBytes`, retrying after short writes, and reports progress after
 * each underlying write so a caller knows exactly how far the file got if a later write throws.
 */
export async function writeFully(
  sink: SampleSink,
  chunks: readonly Uint8Array[],
  positionBytes: number,
  onWritten: (bytes: number) => void,
): Promise<void> {
  let pending = chunks;
  let position = positionBytes;
  while (pending.length > 0) {
    const written = await sink.writev(pending, position);
    if (!(written > 0)) throw new Error(`write made no progress at byte ${position}`);
    onWritten(written);
    position += written;
    pending = dropBytes(pending, written);
  }
}
