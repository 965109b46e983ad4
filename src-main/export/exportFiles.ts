/**
 * The file-system steps around a format writer: hashing a file that was written out of order (HDF5), the
 * provenance sidecar, and the commit — temp names renamed to the final ones, the sidecar first so that a
 * data file never appears without its provenance — or the clean-up that leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { lstat, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from '../acquisition/atomicFile.js';
import { ExportError } from './ExportError.js';

const HASH_CHUNK_BYTES = 1 << 20;

/**
 * Size and SHA-256 of a closed file, read once front to back (the next block is read while the current
 * one is hashed); when asked, fdatasyncs it at the same time (the reads come from the page cache and do not
 * wait for the write-back). `onBytes` reports progress, `checkCancelled` may throw.
 */
export async function hashFile(
  filePath: string,
  sync: boolean,
  onBytes: (done: number, total: number) => void,
  checkCancelled: () => void,
): Promise<{ bytes: number; sha256: string }> {
  const handle = await open(filePath, 'r+');
  const synced = sync ? handle.datasync() : Promise.resolve();
  synced.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256');
    const buffers = [new Uint8Array(HASH_CHUNK_BYTES), new Uint8Array(HASH_CHUNK_BYTES)];
    const read = (slot: number, position: number): Promise<number> =>
      handle
        .read(buffers[slot]!, 0, Math.min(HASH_CHUNK_BYTES, size - position), position)
        .then((r) => r.bytesRead);
    let position = 0;
    let slot = 0;
    let pending = size > 0 ? read(slot, 0) : undefined;
    while (pending !== undefined) {
      const got = await pending;
      if (got === 0) throw new Error(`${path.basename(filePath)} ended at byte ${position} of ${size}`);
      const current = buffers[slot]!.subarray(0, got);
      position += got;
      slot ^= 1;
      pending = position < size ? read(slot, position) : undefined;
      pending?.catch(() => undefined);
      hash.update(current);
      onBytes(position, size);
      checkCancelled();
    }
    await synced;
    return { bytes: size, sha256: hash.digest('hex') };
  } finally {
    await synced.catch(() => undefined);
    await handle.close();
  }
}

/** Writes `content` as pretty JSON to `filePath` (created exclusively), synced when asked. */
export async function writeJsonFile(filePath: string, content: unknown, sync: boolean): Promise<void> {
  const handle = await open(filePath, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    if (sync) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Whether something (anything, a dangling link included) exists at `filePath`. */
export async function pathExists(filePath: string): Promise<boolean> {
  return lstat(filePath).then(
    () => true,
    () => false,
  );
}

/** Throws ExportError('exists') when a file is in the way and may not be replaced. */
export async function assertFree(paths: readonly string[], overwrite: boolean): Promise<void> {
  if (overwrite) return;
  for (const p of paths) {
    if (await pathExists(p)) {
      throw new ExportError(
        'exists',
        `${path.basename(p)} already exists (export with overwrite to replace it)`,
        {
          path: p,
        },
      );
    }
  }
}

export interface CommitPlan {
  tempPath: string;
  targetPath: string;
  /** [temp, final] of the sidecar, if the format has one. */
  sidecar?: [string, string];
  sync: boolean;
}

/** Renames the temp files to their final names (sidecar first) and makes the renames durable. */
export async function commitExport(plan: CommitPlan): Promise<void> {
  if (plan.sidecar) await rename(plan.sidecar[0], plan.sidecar[1]);
  try {
    await rename(plan.tempPath, plan.targetPath);
  } catch (err) {
    // Never leave provenance without its data file.
    if (plan.sidecar) await rm(plan.sidecar[1], { force: true }).catch(() => undefined);
    throw err;
  }
  if (plan.sync) await fsyncDirectory(path.dirname(plan.targetPath));
}

/** Removes temp files; never throws. */
export async function removeQuietly(paths: readonly (string | undefined)[]): Promise<void> {
  await Promise.all(
    paths.map((p) => (p === undefined ? undefined : rm(p, { force: true }).catch(() => undefined))),
  );
}
