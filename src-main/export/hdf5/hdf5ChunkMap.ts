/**
 * The geometry both HDF5 passes share — how datasets divide into chunks, and chunks into the blocks of
 * frames the passes work through — and the check of the chunk map the layout pass learned, with the file's
 * end address read from its superblock.
 */
import { open } from 'node:fs/promises';
import type { ExportPlan } from '../common/index.js';
import { hdf5ChunkSamples } from './hdf5Structure.js';

/** Bytes of the marker a chunk carries in the layout pass (see hdf5Layout.ts). */
export const MARKER_BYTES = 16;
/**
 * Frames per block (both passes work a block at a time): about 8 MiB, 2 MiB per channel at 4 channels.
 * Half that cost 4 % more CPU (twice the writes and hash messages); the fill keeps three blocks' worth.
 */
const BLOCK_FRAME_BYTES = 8 << 20;

/** How the datasets divide into chunks, and the chunks into the blocks both passes work through. */
export interface ChunkGrid {
  samples: number;
  chunkSamples: number;
  chunkBytes: number;
  chunksPerDataset: number;
  chunksPerBlock: number;
  blockSamples: number;
  blocks: number;
}

export function chunkGrid(plan: ExportPlan): ChunkGrid {
  const samples = plan.sampleCount;
  const chunkSamples = hdf5ChunkSamples(plan);
  const chunksPerDataset = Math.ceil(samples / chunkSamples);
  const perBlock = Math.floor(BLOCK_FRAME_BYTES / (chunkSamples * 4 * plan.frameWidth));
  const chunksPerBlock = Math.max(1, Math.min(chunksPerDataset, perBlock));
  return {
    samples,
    chunkSamples,
    chunkBytes: chunkSamples * 4,
    chunksPerDataset,
    chunksPerBlock,
    blockSamples: chunksPerBlock * chunkSamples,
    blocks: Math.ceil(chunksPerDataset / chunksPerBlock),
  };
}

/** Whether chunk `chunk` has room for the marker (the last one of a dataset may hold just 1 to 3 samples). */
export function holdsMarker(grid: ChunkGrid, chunk: number): boolean {
  return Math.min(grid.chunkSamples, grid.samples - chunk * grid.chunkSamples) * 4 >= MARKER_BYTES;
}

/** Where HDF5 put one chunk. */
export interface ChunkRegion {
  dataset: number;
  chunk: number;
  offsetBytes: number;
}

export interface Hdf5Layout {
  /** The file's final size: HDF5's end-of-file address. */
  fileBytes: number;
  /** The dropped chunks, by offset; everything else in the file is on disk already. */
  regions: ChunkRegion[];
}

/** Byte extents [start, end) of the writes that went to disk. */
export type Extent = [number, number];

/**
 * Checks what the watch saw against what the first pass wrote: every marked chunk exactly once, inside the
 * file, no two overlapping, none overlapped by a write that went to disk. Returns what is wrong, if anything.
 */
export function checkChunkMap(
  grid: ChunkGrid,
  datasets: number,
  marked: boolean,
  seen: readonly ChunkRegion[],
  written: readonly Extent[],
  fileBytes: number,
): string | undefined {
  const last = grid.chunksPerDataset - 1;
  const expected = marked && last >= 0 ? last + (holdsMarker(grid, last) ? 1 : 0) : 0;
  if (seen.length !== expected * datasets) return `saw ${seen.length} chunks of ${expected * datasets}`;
  const keys = new Set<number>();
  for (const { dataset, chunk } of seen) {
    if (dataset >= datasets || chunk >= grid.chunksPerDataset || !holdsMarker(grid, chunk))
      return `unexpected chunk ${dataset}/${chunk}`;
    keys.add(dataset * grid.chunksPerDataset + chunk);
  }
  if (keys.size !== seen.length) return 'a chunk was written twice';
  const regions = [...seen].sort((a, b) => a.offsetBytes - b.offsetBytes);
  let end = 0;
  for (const { offsetBytes } of regions) {
    if (offsetBytes < end) return `chunks overlap at byte ${offsetBytes}`;
    end = offsetBytes + grid.chunkBytes;
  }
  if (end > fileBytes) return `a chunk ends at byte ${end}, past the end of the file (${fileBytes})`;
  const extents = [...written].sort((a, b) => a[0] - b[0]);
  for (let r = 0, e = 0; r < regions.length && e < extents.length;) {
    const start = regions[r]!.offsetBytes;
    const [from, to] = extents[e]!;
    if (to <= start) e++;
    else if (from >= start + grid.chunkBytes) r++;
    else return `a write to bytes ${from}..${to} overlaps a chunk`;
  }
  return undefined;
}

/**
 * HDF5's end-of-file address, from the superblock at offset 0: version 2 or 3, the kind h5wasm writes for
 * a file that tracks creation order (`track_order`). Anything else is reported as a problem.
 */
export async function endOfFileAddress(filePath: string): Promise<number | string> {
  const handle = await open(filePath, 'r');
  try {
    const superblock = new Uint8Array(48);
    const { bytesRead } = await handle.read(superblock, 0, 48, 0);
    const view = new DataView(superblock.buffer);
    const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    if (bytesRead < 48 || signature.some((b, i) => superblock[i] !== b)) return 'no HDF5 superblock at 0';
    const version = superblock[8]!;
    if (version !== 2 && version !== 3) return `superblock version ${version}`;
    if (superblock[9] !== 8 || view.getBigUint64(12, true) !== 0n) return 'unexpected superblock fields';
    const endBytes = Number(view.getBigUint64(28, true));
    const { size } = await handle.stat();
    return size <= endBytes ? endBytes : `file of ${size} bytes past its end address ${endBytes}`;
  } finally {
    await handle.close();
  }
}
