/**
 * HDF5 export through h5wasm (HDF5 2.0 compiled to WebAssembly, writing to the host file system):
 *
 *   /                    provenance as attributes (scalars and strings, plus `provenance_json`)
 *   /channels/<name>     float32 [samples], chunked by HDF5_CHUNK_SAMPLES; attributes `units`,
 *                        `sample_rate_hz`, `start_time_s`, `name`
 *
 * The export's SHA-256 goes in its result, and HDF5 finishes its metadata only at close (the superblock
 * at offset 0, object headers, the chunk index), so a file HDF5 writes cannot be hashed on the way out and
 * reading it back would cost most of a second per GB. So HDF5 lays the file out and we write it:
 * 1. layout (hdf5Layout.ts): h5wasm writes the whole file into a scratch file beside the temp one, each
 *    chunk carrying a marker instead of samples; a watch on its writes drops the chunks and records their
 *    offsets, so the scratch file holds the final metadata and holes;
 * 2. fill (hdf5Fill.ts): the temp file is written front to back — the scratch file's bytes, each chunk's
 *    samples in its place — and hashed as it goes out, like every other format.
 * The scratch file holds only the metadata (the chunks are holes) and is removed at the end. A last check
 * reads samples of every dataset back through h5wasm. Should the layout pass see anything it does not
 * expect, HDF5 writes the samples itself instead — the scratch file is then as big as the export, and
 * copied the same way — and the log says why. Memory stays at three blocks of frames (24 MiB at 4
 * channels) plus HDF5's chunk cache; 1 GB goes out at about 1 GB/s here, NPY's speed less the layout pass.
 */
import { open, rm } from 'node:fs/promises';
import { silentLogger } from '../../util/index.js';
import { ExportError, type StreamWriterContext, tempPathFor } from '../common/index.js';
import { loadH5wasm, summarizeHdf5Error, type H5wasm } from './h5wasmLoader.js';
import { fillHdf5 } from './hdf5Fill.js';
import { chunkGrid, type ChunkGrid } from './hdf5ChunkMap.js';
import { writeLayout } from './hdf5Layout.js';
import { hdf5DatasetName } from './hdf5Structure.js';

export { HDF5_CHUNK_SAMPLES, hdf5DatasetName } from './hdf5Structure.js';

/** Share of the progress bar the layout pass takes (about a tenth of the time); the fill takes the rest. */
export const HDF5_LAYOUT_SHARE = 0.1;

/**
 * Writes the HDF5 export into `ctx.file`. `useLayout` false skips the layout pass and has HDF5 write the
 * samples (the fallback; for tests).
 */
export async function writeHdf5(ctx: StreamWriterContext, useLayout = true): Promise<void> {
  const h5wasm = await loadH5wasm();
  const log = ctx.log ?? silentLogger;
  const grid = chunkGrid(ctx.plan);
  const scratchPath = tempPathFor(ctx.file.path);
  try {
    let result = await writeLayout(h5wasm, ctx, scratchPath, useLayout, HDF5_LAYOUT_SHARE);
    if ('problem' in result) {
      log.warn(`HDF5 export: ${result.problem} in the layout pass; HDF5 writes the samples instead`);
      await rm(scratchPath, { force: true });
      result = await writeLayout(h5wasm, ctx, scratchPath, false, HDF5_LAYOUT_SHARE);
    }
    if ('problem' in result) throw new ExportError('io_error', `HDF5 export failed: ${result.problem}`);
    log.debug(
      `HDF5 export: ${result.layout.regions.length} chunks laid out in ${result.layout.fileBytes} bytes`,
    );
    const laidOut = await open(scratchPath, 'r');
    try {
      await fillHdf5(ctx, grid, result.layout, laidOut, HDF5_LAYOUT_SHARE);
    } finally {
      await laidOut.close();
    }
  } finally {
    await rm(scratchPath, { force: true }).catch(() => undefined);
  }
  await checkSamples(h5wasm, ctx, grid);
}

/**
 * Reads the first and last sample of the first and last chunk of every dataset back through h5wasm and
 * compares their bits with the capture's: a chunk filled in the wrong place would show here. Cheap (a few
 * ms), so it runs on every export. Throws ExportError('io_error').
 */
async function checkSamples(h5wasm: H5wasm, ctx: StreamWriterContext, grid: ChunkGrid): Promise<void> {
  const { plan, reader } = ctx;
  if (grid.samples === 0) return;
  const lastChunkRow = (grid.chunksPerDataset - 1) * grid.chunkSamples;
  const rows = [...new Set([0, grid.chunkSamples - 1, lastChunkRow, grid.samples - 1])];
  const frame = new Float32Array(plan.frameWidth);
  const expected: Int32Array[] = [];
  for (const row of rows) {
    await reader.readFramesInto(frame, plan.fromSample + row, 1);
    expected.push(new Int32Array(frame.buffer.slice(0)));
  }
  const failed = (what: string): ExportError =>
    new ExportError('io_error', `HDF5 export failed its read-back check: ${what}`);
  let file: InstanceType<H5wasm['File']>;
  try {
    file = new h5wasm.File(ctx.file.path, 'r');
  } catch (err) {
    throw failed(summarizeHdf5Error(err));
  }
  try {
    for (const channel of plan.channels) {
      const dataset = file.get(`channels/${hdf5DatasetName(channel.name)}`);
      if (!(dataset instanceof h5wasm.Dataset)) throw failed(`no dataset for ${channel.name}`);
      for (const [k, row] of rows.entries()) {
        const value = dataset.slice([[row, row + 1]]) as Float32Array;
        const bits = new Int32Array(value.buffer, value.byteOffset, 1)[0];
        if (bits !== expected[k]![channel.frameIndex])
          throw failed(`${channel.name}[${row}] differs from the capture`);
      }
    }
  } catch (err) {
    throw err instanceof ExportError ? err : failed(summarizeHdf5Error(err));
  } finally {
    file.close();
  }
}
