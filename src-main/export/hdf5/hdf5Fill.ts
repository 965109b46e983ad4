/**
 * Second pass of the HDF5 export: the file goes out front to back into the export's ExportFile — which
 * hashes it as it goes, so the SHA-256 needs no read-back — made of what the first pass left on disk
 * (metadata, and the holes between) and, in each chunk's place, that chunk's samples.
 *
 * The first pass wrote the chunks block by block, each dataset's chunks of a block in turn, and HDF5 put
 * them in that order; so the frames of a block are read once and split into every channel's column at
 * once, into a SharedArrayBuffer that the hash worker reads in place. Two such blocks alternate: one is
 * filled while the other's columns are still being written and hashed, and the next block's frames are read
 * meanwhile. Any other order is still handled, at the cost of reading blocks again.
 */
import type { FileHandle } from 'node:fs/promises';
import { deinterleave, type StreamWriterContext } from '../common/index.js';
import type { ChunkGrid, Extent, Hdf5Layout } from './hdf5ChunkMap.js';

/** Bytes copied from the first pass's file per write. */
const COPY_BYTES = 1 << 20;

interface Columns {
  block: number;
  /** One column per channel of the plan, each `blockSamples` long (zero past the last sample). */
  columns: Int32Array[];
  /** Writes still using the columns. */
  busy: Promise<void>[];
}

/**
 * Writes the whole file described by `layout` into `ctx.file`: bytes outside the chunks from `laidOut` (the
 * first pass's file), chunks from the capture. Progress goes from `progressFrom` to 1.
 */
export async function fillHdf5(
  ctx: StreamWriterContext,
  grid: ChunkGrid,
  layout: Hdf5Layout,
  laidOut: FileHandle,
  progressFrom: number,
): Promise<void> {
  const { plan, reader, file } = ctx;
  const width = plan.frameWidth;
  const columnsOf = plan.channels.map((c) => c.frameIndex);
  const frames = new Float32Array(grid.blockSamples * width);
  const slots: Columns[] = [0, 1].map(() => {
    const shared = new SharedArrayBuffer(grid.blockSamples * 4 * columnsOf.length);
    const columns = columnsOf.map(
      (_, d) => new Int32Array(shared, d * grid.blockSamples * 4, grid.blockSamples),
    );
    return { block: -1, columns, busy: [] };
  });
  let lastSlot = 1;
  let reading: { block: number; done: Promise<void> } | undefined;
  const rowsIn = (block: number): number =>
    Math.min(grid.blockSamples, grid.samples - block * grid.blockSamples);
  const read = (block: number): { block: number; done: Promise<void> } => {
    const done = reader.readFramesInto(frames, plan.fromSample + block * grid.blockSamples, rowsIn(block));
    done.catch(() => undefined); // awaited when needed; one abandoned on failure is not unhandled
    return { block, done };
  };

  const columnsFor = async (block: number): Promise<Columns> => {
    const ready = slots.find((s) => s.block === block);
    if (ready !== undefined) return ready;
    if (reading?.block !== block) {
      await reading?.done.catch(() => undefined);
      reading = read(block);
    }
    await reading.done;
    reading = undefined;
    lastSlot ^= 1;
    const slot = slots[lastSlot]!;
    await Promise.all(slot.busy);
    slot.busy = [];
    const rows = rowsIn(block);
    deinterleave(new Int32Array(frames.buffer, 0, rows * width), width, rows, columnsOf, slot.columns);
    if (rows < grid.blockSamples) for (const column of slot.columns) column.fill(0, rows);
    slot.block = block;
    if (block + 1 < grid.blocks) reading = read(block + 1);
    return slot;
  };

  const { regions, fileBytes } = layout;
  const progress = (position: number): void =>
    ctx.progress(progressFrom + ((1 - progressFrom) * position) / fileBytes);
  // The bytes between chunks (metadata, holes) come from the first pass's file. Pieces up to COPY_BYTES —
  // every gap but the whole file of the fallback — are read one gap ahead and their writes not waited for,
  // so that the chunk writes never stall behind them; longer gaps go one piece in flight at a time.
  const gaps = gapsBetween(layout, grid.chunkBytes);
  const gapWrites: Promise<void>[] = [];
  const readPiece = (from: number, to: number): Promise<Uint8Array> => {
    const read = readFully(laidOut, from, to);
    read.catch(() => undefined); // awaited when its turn comes; abandoned on failure
    return read;
  };
  let ahead: { from: number; bytes: Promise<Uint8Array> } | undefined;
  const readAhead = (gap: Extent | undefined): void => {
    ahead =
      gap !== undefined && gap[1] - gap[0] <= COPY_BYTES
        ? { from: gap[0], bytes: readPiece(...gap) }
        : undefined;
  };
  readAhead(gaps[0]);
  const copy = async (g: number): Promise<void> => {
    const [from, to] = gaps[g]!;
    if (ahead?.from === from) {
      gapWrites.push(file.write(await ahead.bytes));
      readAhead(gaps[g + 1]);
      return;
    }
    let previous: Promise<void> = Promise.resolve();
    for (let at = from; at < to; at += COPY_BYTES) {
      const written = file.write(await readPiece(at, Math.min(to, at + COPY_BYTES)));
      await previous;
      previous = written;
      progress(Math.min(to, at + COPY_BYTES));
    }
    gapWrites.push(previous);
    readAhead(gaps[g + 1]);
  };

  try {
    let position = 0;
    for (let i = 0, g = 0; position < fileBytes;) {
      ctx.checkCancelled();
      const first = regions[i];
      if (position < (first?.offsetBytes ?? fileBytes)) {
        await copy(g);
        position = gaps[g++]![1];
        continue;
      }
      // A run of chunks of one dataset, consecutive in the file and in the same block: one write.
      const block = Math.floor(first!.chunk / grid.chunksPerBlock);
      let j = i + 1;
      for (; j < regions.length; j++) {
        const [r, previous] = [regions[j]!, regions[j - 1]!];
        if (r.dataset !== first!.dataset || r.chunk !== previous.chunk + 1) break;
        if (r.offsetBytes !== previous.offsetBytes + grid.chunkBytes) break;
        if (Math.floor(r.chunk / grid.chunksPerBlock) !== block) break;
      }
      const slot = await columnsFor(block);
      const column = slot.columns[first!.dataset]!;
      const from = (first!.chunk - block * grid.chunksPerBlock) * grid.chunkBytes;
      const bytes = new Uint8Array(column.buffer, column.byteOffset + from, (j - i) * grid.chunkBytes);
      slot.busy.push(file.write(bytes));
      position += bytes.byteLength;
      i = j;
      progress(position);
    }
    await Promise.all([...gapWrites, ...slots.flatMap((s) => s.busy)]);
  } finally {
    // Never leave a read in flight into `frames` (or on a reader the caller may be about to close).
    await reading?.done.catch(() => undefined);
    await ahead?.bytes.catch(() => undefined);
  }
}

/** The extents of the file outside the chunks, in order. */
function gapsBetween(layout: Hdf5Layout, chunkBytes: number): Extent[] {
  const gaps: Extent[] = [];
  let position = 0;
  for (const { offsetBytes } of layout.regions) {
    if (position < offsetBytes) gaps.push([position, offsetBytes]);
    position = offsetBytes + chunkBytes;
  }
  if (position < layout.fileBytes) gaps.push([position, layout.fileBytes]);
  return gaps;
}

/** Bytes [from, to) of `handle`; past its end (a hole HDF5 never wrote) zeros, as a fresh buffer holds. */
async function readFully(handle: FileHandle, from: number, to: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(to - from);
  for (let got = 0; got < bytes.byteLength;) {
    const { bytesRead } = await handle.read(bytes, got, bytes.byteLength - got, from + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return bytes;
}
