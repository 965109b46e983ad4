/**
 * What the HDF5 writer added to ExportFile and Sha256Worker: bytes in a SharedArrayBuffer hashed in place,
 * in order with copied ones, and fdatasyncs started along the way — counted, and a failing one failing the
 * export.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenSampleSink } from '../../../src-main/util/sampleSink.js';
import { ExportFile, openExportSink } from '../../../src-main/export/common/ExportFile.js';
import { Sha256Worker } from '../../../src-main/export/common/Sha256Worker.js';

function sharedCopy(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength + 3), 3, bytes.byteLength);
  shared.set(bytes);
  return shared;
}

/** openExportSink, counting datasyncs; the `failAt`-th one (1-based) fails with EIO. */
function countingSink(counter: { syncs: number }, failAt = Infinity): OpenSampleSink {
  return async (filePath) => {
    const sink = await openExportSink(filePath);
    return {
      ...sink,
      datasync: async () => {
        if (++counter.syncs === failAt) throw Object.assign(new Error('EIO: sync failed'), { code: 'EIO' });
        await sink.datasync();
      },
    };
  };
}

describe('ExportFile and Sha256Worker: shared bytes, syncs along the way', () => {
  it('hashes shared bytes in place, in order with copied ones', async () => {
    const worker = new Sha256Worker();
    const reference = createHash('sha256');
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      const block = randomBytes(100_000 + i * 977);
      reference.update(block);
      pending.push(i % 3 === 0 ? worker.update(block) : worker.updateShared(sharedCopy(block)));
    }
    await Promise.all(pending);
    expect(await worker.digest()).toBe(reference.digest('hex'));
  });

  it('rejects shared bytes still queued when the worker closes', async () => {
    const worker = new Sha256Worker();
    const queued = expect(worker.updateShared(sharedCopy(randomBytes(1 << 20)))).rejects.toThrow();
    await worker.close();
    await queued;
    await expect(worker.updateShared(sharedCopy(new Uint8Array(1)))).rejects.toThrow();
  });

  for (const [hashOnWorker, where] of [
    [false, 'the main thread'],
    [true, 'a worker'],
  ] as const) {
    it(`writes shared bytes and syncs every so many bytes (hash on ${where})`, async () => {
      const filePath = path.join(os.tmpdir(), `benchtop-exportfile-${process.pid}-${hashOnWorker}.bin`);
      const counter = { syncs: 0 };
      const file = await ExportFile.create(filePath, countingSink(counter), hashOnWorker, 250_000);
      const blocks = Array.from({ length: 10 }, (_, i) => randomBytes(100_000 + i));
      await Promise.all(blocks.map((b, i) => file.write(i % 2 === 0 ? sharedCopy(b) : b)));
      const { bytes, sha256 } = await file.finish(true);
      const content = await readFile(filePath);
      await rm(filePath);
      expect(bytes).toBe(content.byteLength);
      expect(sha256).toBe(createHash('sha256').update(content).digest('hex'));
      // Blocks of about 100 kB: a sync once 250 kB more have gone since the last (after the 3rd, 6th and
      // 9th block), then the final one.
      expect(counter.syncs).toBe(4);
    });
  }

  it('fails the export when a sync along the way fails', async () => {
    const filePath = path.join(os.tmpdir(), `benchtop-exportfile-${process.pid}-fail.bin`);
    const file = await ExportFile.create(filePath, countingSink({ syncs: 0 }, 1), false, 100_000);
    for (let i = 0; i < 4; i++) await file.write(randomBytes(60_000)).catch(() => undefined);
    await expect(file.finish(true)).rejects.toMatchObject({ code: 'EIO' });
    await file.discard();
    await expect(readFile(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
