/**
 * CSV export: the header row, then rows formatted from stored frames straight into one of two output
 * buffers — one is being written while the next chunk is formatted into the other — so the disk, the
 * reader and the formatter all stay busy. See csvFormat.ts for the text itself.
 */
import { csvHeader, csvMetadata, formatCsvRows, maxCsvRowBytes } from './csvFormat.js';
import {
  chunkSamplesFor,
  FRAME_CHUNK_BYTES,
  frameChunks,
  type StreamWriterContext,
  TimeTicks,
} from '../common/index.js';

interface OutputBuffer {
  bytes: Uint8Array;
  view: DataView;
  /** The write of this buffer's previous content, if still in flight. */
  writing: Promise<void> | undefined;
}

export async function writeCsv(ctx: StreamWriterContext): Promise<void> {
  const { plan, reader, file } = ctx;
  await file.write(csvMetadata(plan, ctx.provenance));
  await file.write(csvHeader(plan.channels));
  if (plan.sampleCount === 0) return;
  const chunkSamples = Math.min(chunkSamplesFor(plan.frameWidth, FRAME_CHUNK_BYTES), plan.sampleCount);
  const capacity = chunkSamples * maxCsvRowBytes(plan.channels.length);
  const outputs: OutputBuffer[] = [0, 1].map(() => {
    const bytes = new Uint8Array(capacity);
    return { bytes, view: new DataView(bytes.buffer), writing: undefined };
  });
  const ticks = new TimeTicks(plan.axis, plan.timeDecimals);
  const columns = plan.channels.map((c) => c.frameIndex);
  let turn = 0;
  for await (const chunk of frameChunks(reader, plan.fromSample, plan.toSample, chunkSamples)) {
    ctx.checkCancelled();
    const out = outputs[turn]!;
    turn ^= 1;
    await out.writing;
    const end = formatCsvRows(
      out.bytes,
      out.view,
      0,
      { ...chunk, frameWidth: plan.frameWidth, columns },
      ticks,
    );
    out.writing = file.write(out.bytes.subarray(0, end));
    ctx.progress((chunk.firstSample + chunk.count - plan.fromSample) / plan.sampleCount);
  }
  await Promise.all(outputs.map((o) => o.writing));
}
