/**
 * NPY export: one float32 array, samples × channels in C order, which is exactly the stored frame layout —
 * so with every channel in stored order the frames go to disk as read, without a copy; a subset or
 * reordering is compacted into a buffer first. Provenance goes in the sidecar (see exportAcquisition.ts).
 */
import {
  chunkSamplesFor,
  FRAME_CHUNK_BYTES,
  frameChunks,
  type StreamWriterContext,
} from '../common/index.js';
import { npyHeader } from './npyFormat.js';

export async function writeNpy(ctx: StreamWriterContext): Promise<void> {
  const { plan, reader, file } = ctx;
  const columns = plan.channels.map((c) => c.frameIndex);
  const width = plan.frameWidth;
  await file.write(npyHeader('<f4', [plan.sampleCount, columns.length]));
  if (plan.sampleCount === 0) return;
  const asStored = columns.length === width && columns.every((c, i) => c === i);
  const chunkSamples = Math.min(chunkSamplesFor(width, FRAME_CHUNK_BYTES), plan.sampleCount);
  const compact = asStored ? undefined : new Float32Array(chunkSamples * columns.length);
  for await (const chunk of frameChunks(reader, plan.fromSample, plan.toSample, chunkSamples)) {
    ctx.checkCancelled();
    let values = chunk.frames;
    if (compact !== undefined) {
      const { frames, count } = chunk;
      const n = columns.length;
      for (let c = 0; c < n; c++) {
        const from = columns[c]!;
        for (let i = 0, src = from, dst = c; i < count; i++, src += width, dst += n)
          compact[dst] = frames[src]!;
      }
      values = compact.subarray(0, count * n);
    }
    // Awaited before the next chunk: the frame buffer (or `compact`) is reused for it.
    await file.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    ctx.progress((chunk.firstSample + chunk.count - plan.fromSample) / plan.sampleCount);
  }
}
