/**
 * The file-system steps around a format writer: the provenance sidecar, and the commit — temp names
 * placed under the final ones, the sidecar first so that a data file never appears without its provenance —
 * or the clean-up that leaves nothing behind.
 *
 * A commit that may not overwrite must never replace a file, even one that appeared while the export was
 * being written (another export of the same name, a user's file): checking first and renaming after leaves
 * a window in which two exports both "win" and one file holds the other's data. So the final name is made
 * with link(2), which fails with EEXIST instead of replacing, and the temp name is unlinked afterwards. On
 * a file system without hard links (FAT, exFAT, some network shares) the data is copied into a file created
 * exclusively (O_EXCL) instead.
 */
import { link, lstat, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from '../../util/index.js';
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

function existsError(filePath: string, during: 'check' | 'commit'): ExportError {
  const why =
    during === 'check'
      ? 'already exists (export with overwrite to replace it)'
      : 'appeared while this export was being written (another export of the same name?); it was left as it is';
  return new ExportError('exists', `${path.basename(filePath)} ${why}`, { path: filePath });
}

/** Throws ExportError('exists') when a file is in the way and may not be replaced. */
export async function assertFree(paths: readonly string[], overwrite: boolean): Promise<void> {
  if (overwrite) return;
  for (const p of paths) {
    if (await pathExists(p)) throw existsError(p, 'check');
  }
}

/** Which file an export wrote: what a download later checks it is still serving. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  bytes: number;
}

/** The file-system calls a commit makes; a test replaces `link` to act as a file system without links. */
export interface CommitFileOps {
  link(existingPath: string, newPath: string): Promise<void>;
}

export const NODE_COMMIT_OPS: CommitFileOps = { link };

export interface CommitPlan {
  tempPath: string;
  targetPath: string;
  /** [temp, final] of the sidecar, if the format has one. */
  sidecar?: [string, string];
  /** Replace files at the final names (a save dialog asked); otherwise such a file fails the commit. */
  overwrite: boolean;
  sync: boolean;
}

/** Bytes per read when a commit has to copy. */
const COPY_CHUNK_BYTES = 1 << 20;

/** errno codes of a file system that cannot make hard links. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

async function identityOf(filePath: string): Promise<FileIdentity> {
  const info = await lstat(filePath, { bigint: true });
  return { dev: info.dev, ino: info.ino, bytes: Number(info.size) };
}

/** Copies `from` into a new file `to`, created exclusively; returns the copy's identity. */
async function copyExclusive(from: string, to: string, sync: boolean): Promise<FileIdentity> {
  const out = await open(to, 'wx', 0o644).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EEXIST' ? existsError(to, 'commit') : err;
  });
  try {
    const source = await open(from, 'r');
    try {
      const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
      for (let position = 0; ;) {
        const { bytesRead } = await source.read(buffer, 0, buffer.byteLength, position);
        if (bytesRead === 0) break;
        for (let done = 0; done < bytesRead;) {
          const { bytesWritten } = await out.write(buffer, done, bytesRead - done, position + done);
          done += bytesWritten;
        }
        position += bytesRead;
      }
    } finally {
      await source.close();
    }
    if (sync) await out.datasync();
    const info = await out.stat({ bigint: true });
    return { dev: info.dev, ino: info.ino, bytes: Number(info.size) };
  } catch (err) {
    await rm(to, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    await out.close();
  }
}

/** Gives the file at `from` the new name `to`, never replacing anything there; returns what `to` is. */
async function placeNew(from: string, to: string, sync: boolean, ops: CommitFileOps): Promise<FileIdentity> {
  try {
    await ops.link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(to, 'commit');
    if (code === undefined || !NO_LINKS.has(code)) throw err;
    return copyExclusive(from, to, sync);
  }
  // `from` is ours (a reserved temp name) and now the same inode as `to`, so this is what `to` holds.
  return identityOf(from);
}

/** Removes `placed` only while it is still the file we put there (same inode as `ours`). */
async function removeIfOurs(placed: string, ours: FileIdentity): Promise<void> {
  const now = await identityOf(placed).catch(() => undefined);
  if (now !== undefined && now.dev === ours.dev && now.ino === ours.ino) await unlink(placed);
}

/**
 * Puts the temp files under their final names (sidecar first) and makes that durable; returns the
 * identity of the data file. Without `overwrite`, a file at either final name fails the commit with
 * ExportError('exists') and is left untouched; nothing of this export stays under a final name then.
 * The temp files are removed on success; on failure the caller removes them.
 */
export async function commitExport(
  plan: CommitPlan,
  ops: CommitFileOps = NODE_COMMIT_OPS,
): Promise<FileIdentity> {
  const identity = plan.overwrite ? await commitReplacing(plan) : await commitNew(plan, ops);
  if (plan.sync) await fsyncDirectory(path.dirname(plan.targetPath));
  return identity;
}

async function commitReplacing(plan: CommitPlan): Promise<FileIdentity> {
  const identity = await identityOf(plan.tempPath);
  if (plan.sidecar) await rename(plan.sidecar[0], plan.sidecar[1]);
  try {
    await rename(plan.tempPath, plan.targetPath);
  } catch (err) {
    // Never leave provenance without its data file.
    if (plan.sidecar) await rm(plan.sidecar[1], { force: true }).catch(() => undefined);
    throw err;
  }
  return identity;
}

async function commitNew(plan: CommitPlan, ops: CommitFileOps): Promise<FileIdentity> {
  const sidecar = plan.sidecar && {
    paths: plan.sidecar,
    placed: await placeNew(plan.sidecar[0], plan.sidecar[1], plan.sync, ops),
  };
  let identity: FileIdentity;
  try {
    identity = await placeNew(plan.tempPath, plan.targetPath, plan.sync, ops);
  } catch (err) {
    // Never leave provenance without its data file — but only take back the sidecar we placed.
    if (sidecar) await removeIfOurs(sidecar.paths[1], sidecar.placed).catch(() => undefined);
    throw err;
  }
  await removeQuietly([plan.tempPath, sidecar?.paths[0]]);
  return identity;
}

/** Removes temp files; never throws. */
export async function removeQuietly(paths: readonly (string | undefined)[]): Promise<void> {
  await Promise.all(
    paths.map((p) => (p === undefined ? undefined : rm(p, { force: true }).catch(() => undefined))),
  );
}
