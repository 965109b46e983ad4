/**
 * The file-system steps around a format writer: the provenance sidecar, and the commit — temp names
 * renamed to the final ones, the sidecar first so that a data file never appears without its provenance —
 * or the clean-up that leaves nothing behind.
 */
import { lstat, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from '../acquisition/atomicFile.js';
import { ExportError } from './ExportError.js';

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
