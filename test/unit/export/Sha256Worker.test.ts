import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withWriteFault } from '../../../src-main/acquisition/index.js';
import { ExportFile, openExportSink } from '../../../src-main/export/common/ExportFile.js';
import { Sha256Worker } from '../../../src-main/export/common/Sha256Worker.js';

describe('SHA-256 on a worker thread', () => {
  it('hashes blocks in order, the caller free to reuse its buffer at once', async () => {
    const worker = new Sha256Worker();
    const reference = createHash('sha256');
    const reused = new Uint8Array(3 << 20);
    // 80 blocks of up to 3 MiB: past the in-flight limit, so update() has to wait for the worker too.
    for (let i = 0; i < 80; i++) {
      const block = reused.subarray(0, (i * 7919) % reused.byteLength);
      block.fill(i);
      reference.update(block);
      await worker.update(block);
    }
    expect(await worker.digest()).toBe(reference.digest('hex'));
  });

  it('closes cleanly with blocks still in flight', async () => {
    const worker = new Sha256Worker();
    void worker.update(randomBytes(1 << 20));
    await worker.close();
    await expect(worker.update(new Uint8Array(1))).rejects.toThrow();
  });

  it('backs ExportFile for big files: same digest, same failure handling', async () => {
    const filePath = path.join(os.tmpdir(), `benchtop-sha-${process.pid}.bin`);
    const file = await ExportFile.create(filePath, openExportSink, true);
    const blocks = Array.from({ length: 12 }, (_, i) => randomBytes(1_000_000 + i));
    for (const block of blocks) await file.write(block);
    const { bytes, sha256 } = await file.finish(false);
    const content = await readFile(filePath);
    await rm(filePath);
    expect(bytes).toBe(content.byteLength);
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'));

    const failing = await ExportFile.create(
      filePath,
      withWriteFault(openExportSink, { failAfterBytes: 2_500_000 }),
      true,
    );
    const results = await Promise.allSettled(blocks.slice(0, 4).map((b) => failing.write(b)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    await expect(failing.finish(false)).rejects.toMatchObject({ code: 'ENOSPC' });
    await failing.discard();
    await expect(readFile(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
