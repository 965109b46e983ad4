/**
 * First pass of the HDF5 export: HDF5 lays the file out, and we learn where. h5wasm creates the file as
 * the export will have it (attributes, datasets at their final size, chunked) and writes every chunk — but
 * with a marker instead of the samples: 16 bytes (this export's random nonce, the dataset's index, the
 * chunk's) at the start of a chunk whose other bytes are whatever the buffer held. The write watch (see
 * hdf5WriteWatch.ts) drops each marked chunk and records its offset; the metadata goes to disk. Once the
 * file is closed its metadata is final (superblock, object headers, chunk index) and the chunks are holes
 * that the second pass (hdf5Fill.ts) fills with the samples, hashing the whole file in offset order.
 *
 * Costs about a tenth of the time of writing the samples: HDF5 still copies each chunk into its cache, but
 * nothing reaches the disk. With `marked` false the same pass writes the real samples instead (the
 * fallback: a plain HDF5 export, the second pass then copies it). A last chunk of fewer than 4 samples
 * cannot hold a marker, so it is always written with its samples, as metadata would be.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { deinterleave, type WriterContext } from '../common/index.js';
import type { H5wasm } from './h5wasmLoader.js';
import {
  checkChunkMap,
  chunkGrid,
  endOfFileAddress,
  holdsMarker,
  type ChunkRegion,
  type Extent,
  type Hdf5Layout,
} from './hdf5ChunkMap.js';
import { closeQuietly, createHdf5File, hdf5Failure } from './hdf5Structure.js';
import { watchWrites } from './hdf5WriteWatch.js';

const NONCE_BYTES = 8;

function writeMarker(heap: Uint8Array, at: number, nonce: Uint8Array, dataset: number, chunk: number): void {
  heap.set(nonce, at);
  const view = new DataView(heap.buffer, at + NONCE_BYTES, 8);
  view.setUint32(0, dataset, true);
  view.setUint32(4, chunk, true);
}

function hasNonce(bytes: Uint8Array, nonce: Uint8Array): boolean {
  for (let i = 0; i < NONCE_BYTES; i++) if (bytes[i] !== nonce[i]) return false;
  return true;
}

/**
 * Writes the HDF5 file at `filePath` (created exclusively) and closes it: with markers for the chunks
 * (`marked`, the layout pass) or with the samples. Progress goes from 0 to `progressShare`. Resolves with
 * the layout, or with what was wrong with it.
 */
export async function writeLayout(
  h5wasm: H5wasm,
  ctx: WriterContext,
  filePath: string,
  marked: boolean,
  progressShare: number,
): Promise<{ layout: Hdf5Layout } | { problem: string }> {
  const { plan, reader } = ctx;
  const grid = chunkGrid(plan);
  const module = await h5wasm.ready;
  const nonce = randomBytes(NONCE_BYTES);
  const seen: ChunkRegion[] = [];
  const written: Extent[] = [];
  const stopWatching = watchWrites(module.FS, {
    path: filePath,
    onWrite(bytes, positionBytes, ownFile) {
      if (marked && bytes.byteLength === grid.chunkBytes && hasNonce(bytes, nonce)) {
        const view = new DataView(bytes.buffer, bytes.byteOffset + NONCE_BYTES, 8);
        seen.push({
          dataset: view.getUint32(0, true),
          chunk: view.getUint32(4, true),
          offsetBytes: positionBytes,
        });
        return true;
      }
      if (ownFile) written.push([positionBytes, positionBytes + bytes.byteLength]);
      return false;
    },
  });
  const columns = plan.channels.map((c) => c.frameIndex);
  const width = plan.frameWidth;
  let frames: Float32Array | undefined;
  let pointer = 0;
  try {
    const { file, datasets } = createHdf5File(h5wasm, filePath, plan, ctx.provenance);
    try {
      pointer = module._malloc(grid.blockSamples * 4);
      if (pointer === 0) throw new Error('out of WebAssembly memory');
      for (let block = 0; block < grid.blocks; block++) {
        // h5wasm is synchronous: let timers (progress) and sockets in between blocks.
        await setImmediatePromise();
        ctx.checkCancelled();
        const firstChunk = block * grid.chunksPerBlock;
        const chunks = Math.min(grid.chunksPerBlock, grid.chunksPerDataset - firstChunk);
        const row = firstChunk * grid.chunkSamples;
        const count = Math.min(grid.blockSamples, grid.samples - row);
        const marks = (chunk: number): boolean => marked && holdsMarker(grid, chunk);
        // Only the last chunk of a dataset can be too short for a marker.
        if (!marks(firstChunk + chunks - 1)) {
          frames ??= new Float32Array(grid.blockSamples * width);
          await reader.readFramesInto(frames, plan.fromSample + row, count);
        }
        for (const [d, dataset] of datasets.entries()) {
          const heap = module.HEAPU8; // each time: a memory that grows is a new buffer
          for (let k = 0; k < chunks; k++) {
            const at = pointer + k * grid.chunkBytes;
            if (marks(firstChunk + k)) writeMarker(heap, at, nonce, d, firstChunk + k);
            else {
              const rows = Math.min(grid.chunkSamples, count - k * grid.chunkSamples);
              const from = new Int32Array(frames!.buffer, k * grid.chunkSamples * width * 4, rows * width);
              deinterleave(from, width, rows, [columns[d]!], [new Int32Array(heap.buffer, at, rows)]);
            }
          }
          // h5wasm's own write_slice would copy a JavaScript array into the module's heap for every call;
          // its low-level call writes from the heap buffer filled above.
          const status = module.set_dataset_data(
            file.file_id,
            dataset.path,
            [BigInt(count)],
            [BigInt(row)],
            [1n],
            BigInt(pointer),
          );
          if (status < 0) throw new Error(`H5Dwrite of ${dataset.path} failed (${status})`);
        }
        ctx.progress((progressShare * (row + count)) / grid.samples);
      }
    } catch (err) {
      closeQuietly(file);
      throw err;
    }
    file.close();
  } catch (err) {
    throw hdf5Failure(err);
  } finally {
    stopWatching();
    if (pointer !== 0) module._free(pointer);
  }
  // Written whole, the file is as long as HDF5 made it at close (its end address).
  if (!marked) return { layout: { fileBytes: (await stat(filePath)).size, regions: [] } };
  const end = await endOfFileAddress(filePath);
  if (typeof end === 'string') return { problem: end };
  if (written.length === 0) return { problem: 'the write watch saw none of the file' };
  const problem = checkChunkMap(grid, plan.channels.length, marked, seen, written, end);
  if (problem !== undefined) return { problem };
  return { layout: { fileBytes: end, regions: seen.sort((a, b) => a.offsetBytes - b.offsetBytes) } };
}
