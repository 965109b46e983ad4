/**
 * The HDF5 writer's two passes (HDF5 lays the file out with marked chunks, then the export writes it front
 * to back with the samples): the digest is the file's, every value survives at sizes that leave odd last
 * chunks, exports can run side by side, and the layout pass is the one taken — not its fallback.
 */
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportError } from '../../../src-main/export/common/ExportError.js';
import { ExportFile } from '../../../src-main/export/common/ExportFile.js';
import { planExport } from '../../../src-main/export/common/exportPlan.js';
import { loadH5wasm } from '../../../src-main/export/hdf5/h5wasmLoader.js';
import { exportAcquisition, type ExportOptions, type ExportResult } from '../../../src-main/export/index.js';
import {
  checkChunkMap,
  type ChunkGrid,
  type ChunkRegion,
} from '../../../src-main/export/hdf5/hdf5ChunkMap.js';
import { HDF5_CHUNK_SAMPLES, writeHdf5 } from '../../../src-main/export/hdf5/hdf5Writer.js';
import { buildProvenance } from '../../../src-main/export/common/provenance.js';
import { createLogger } from '../../../src-main/util/log.js';
import {
  EXPORT_CHANNELS,
  EXPORT_RATE_HZ,
  expectedColumn,
  recordCapture,
  removeCaptures,
  type TestCapture,
} from '../../helpers/exportCapture.js';
import { firstBitMismatch, readHdf5 } from '../../helpers/exportReadBack.js';

const CHUNK = HDF5_CHUNK_SAMPLES;
/** Two whole chunks and a last one of 5 samples. */
const TOTAL = 2 * CHUNK + 5;
const ALL: string[] = EXPORT_CHANNELS.map((c) => c.name);

let capture: TestCapture;
const warnings: string[] = [];
const log = createLogger('warn', (line) => warnings.push(line));

/** h5wasm's FS.write before any export wrapped it. */
let originalWrite: unknown;

beforeAll(async () => {
  capture = await recordCapture({ sampleCount: TOTAL, blockSamples: 40_000 });
  originalWrite = (await (await loadH5wasm()).ready).FS.write;
});
afterAll(removeCaptures);

function exportHdf5(name: string, extra: Partial<ExportOptions> = {}, on = capture): Promise<ExportResult> {
  return exportAcquisition({
    source: { store: on.store, acquisitionId: on.id },
    format: 'hdf5',
    targetPath: path.join(on.exportDir, name),
    log,
    ...extra,
  });
}

/** SHA-256 by coreutils, nothing shared with the export's own hashing. */
function sha256sum(filePath: string): string {
  return execFileSync('sha256sum', ['--binary', filePath], { encoding: 'utf8' }).split(' ')[0]!;
}

/** The file's digest and size are the result's, and every dataset holds its channel's samples bit for bit. */
async function checkExport(result: ExportResult, from: number, channels: readonly string[]): Promise<void> {
  expect(sha256sum(result.path)).toBe(result.sha256);
  expect((await stat(result.path)).size).toBe(result.bytes);
  const h5 = await readHdf5(result.path);
  expect([...h5.datasets.keys()]).toEqual(channels);
  for (const name of channels) {
    const dataset = h5.datasets.get(name)!;
    expect(dataset.shape).toEqual([result.sampleCount]);
    const c = ALL.indexOf(name);
    const expected = expectedColumn(c, from, from + result.sampleCount);
    expect(firstBitMismatch(dataset.values, expected), name).toBe(-1);
  }
}

describe('HDF5 export: layout pass, then the samples in file order', () => {
  // Sample counts around the chunk size: a last chunk of 1 or 3 samples (too short for the marker, so HDF5
  // writes it), of exactly 4, of 5; a lone chunk of 1, 3 or 5 samples.
  for (const count of [1, 3, 5, CHUNK, CHUNK + 1, CHUNK + 3, CHUNK + 4, TOTAL - 1000]) {
    it(`${count} samples × 4 channels: the digest is the file's, every value survives`, async () => {
      const from = 1000;
      const result = await exportHdf5(`n${count}.h5`, {
        startS: from / EXPORT_RATE_HZ,
        endS: (from + count) / EXPORT_RATE_HZ,
      });
      expect(result.sampleCount).toBe(count);
      await checkExport(result, from, ALL);
    });
  }

  it('a whole capture, channels subset and reordered, progress rising to 1', async () => {
    const fractions: number[] = [];
    const all = await exportHdf5('all.h5', { onProgress: (p) => fractions.push(p.fraction) });
    await checkExport(all, 0, ALL);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const subset = await exportHdf5('subset.h5', { channels: ['CH4', 'CH2'] });
    await checkExport(subset, 0, ['CH4', 'CH2']);
  });

  it('an acquisition without samples', async () => {
    const empty = await recordCapture({ sampleCount: 0 });
    const result = await exportHdf5('empty.h5', {}, empty);
    expect(sha256sum(result.path)).toBe(result.sha256);
    expect((await readHdf5(result.path)).datasets.get('CH1')!.shape).toEqual([0]);
  });

  it('exports side by side, each watching only its own chunks', async () => {
    const results = await Promise.all(['a.h5', 'b.h5', 'c.h5'].map((name) => exportHdf5(`side-${name}`)));
    for (const result of results) await checkExport(result, 0, ALL);
  });

  it('the fallback (HDF5 writing the samples) makes the same file but for timestamps', async () => {
    const reader = await capture.store.openReader(capture.id);
    const plan = planExport(reader.meta, reader.sampleCount, 'hdf5', undefined, {});
    const filePath = path.join(capture.exportDir, 'direct.h5');
    const file = await ExportFile.create(filePath);
    const provenance = buildProvenance(plan, { exportedMs: Date.now() });
    const ctx = {
      plan,
      provenance,
      reader,
      file,
      checkCancelled: () => undefined,
      progress: () => undefined,
    };
    await writeHdf5({ ...ctx, log }, false);
    const { bytes, sha256 } = await file.finish(false);
    await reader.close();
    expect(sha256sum(filePath)).toBe(sha256);
    const laidOut = await exportHdf5('laid-out.h5');
    expect(laidOut.bytes).toBe(bytes);
    await checkExport({ ...laidOut, path: filePath, sha256, bytes }, 0, ALL);
  });

  it('cancelled in the layout pass: the scratch file goes, the write watch too', async () => {
    const reader = await capture.store.openReader(capture.id);
    const plan = planExport(reader.meta, reader.sampleCount, 'hdf5', undefined, {});
    const file = await ExportFile.create(path.join(capture.exportDir, '.cancelled.h5.tmp-0'));
    const ctx = {
      plan,
      provenance: buildProvenance(plan, { exportedMs: Date.now() }),
      reader,
      file,
      checkCancelled: () => {
        throw new ExportError('cancelled', 'export cancelled');
      },
      progress: () => undefined,
      log,
    };
    await expect(writeHdf5(ctx)).rejects.toMatchObject({ code: 'cancelled' });
    await file.discard();
    await reader.close();
    expect((await readdir(capture.exportDir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    await checkExport(await exportHdf5('after-cancel.h5'), 0, ALL);
  });

  it('never fell back, and left no scratch file or write watch behind', async () => {
    expect(warnings).toEqual([]);
    expect((await (await loadH5wasm()).ready).FS.write).toBe(originalWrite);
    expect((await readdir(capture.exportDir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

describe('checking the chunk map', () => {
  // 2 datasets × 3 chunks of 16 bytes (4 samples), the last one holding 2 samples (no marker).
  const grid: ChunkGrid = {
    samples: 10,
    chunkSamples: 4,
    chunkBytes: 16,
    chunksPerDataset: 3,
    chunksPerBlock: 3,
    blockSamples: 12,
    blocks: 1,
  };
  const good: ChunkRegion[] = [
    { dataset: 0, chunk: 0, offsetBytes: 100 },
    { dataset: 0, chunk: 1, offsetBytes: 116 },
    { dataset: 1, chunk: 0, offsetBytes: 200 },
    { dataset: 1, chunk: 1, offsetBytes: 216 },
  ];
  const metadata: [number, number][] = [
    [0, 48],
    [132, 200],
    [0, 48],
  ];
  const check = (seen: ChunkRegion[], written = metadata, fileBytes = 300): string | undefined =>
    checkChunkMap(grid, 2, true, seen, written, fileBytes);

  it('accepts every marked chunk once, apart, inside the file', () => {
    expect(check(good)).toBeUndefined();
    expect(check([...good].reverse())).toBeUndefined();
  });

  it('refuses a missing, repeated, unknown, overlapping or outlying chunk, or metadata over a chunk', () => {
    expect(check(good.slice(1))).toMatch(/saw 3 chunks of 4/);
    expect(check([...good.slice(1), good[1]!])).toMatch(/twice/);
    expect(check([...good.slice(1), { dataset: 1, chunk: 2, offsetBytes: 250 }])).toMatch(/unexpected/);
    expect(check([...good.slice(1), { dataset: 2, chunk: 0, offsetBytes: 250 }])).toMatch(/unexpected/);
    expect(check([...good.slice(1), { dataset: 0, chunk: 0, offsetBytes: 210 }])).toMatch(/overlap/);
    expect(check(good, metadata, 230)).toMatch(/past the end/);
    expect(check(good, [...metadata, [120, 121]])).toMatch(/overlaps a chunk/);
  });
});
