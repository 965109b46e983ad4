/**
 * Crash-safe small-file replacement: write a temp file beside the target, fsync it, rename it over the
 * target, fsync the directory. After a crash the target is either the old or the new content, never a mix;
 * at worst a temp file is left over, which is never read and is removed by recovery.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Marks temp files: `<name>.tmp-<hex>`. */
const TEMP_MARKER = '.tmp-';

export function isTempFileName(name: string): boolean {
  return name.includes(TEMP_MARKER);
}

/**
 * Makes a rename or a new file in `dirPath` durable. Windows cannot open a directory for fsync; there the
 * rename is already durable enough (NTFS journals metadata), so that failure alone is ignored.
 */
export async function fsyncDirectory(dirPath: string): Promise<void> {
  let handle;
  try {
    handle = await open(dirPath, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!(process.platform === 'win32' && (code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL')))
      throw err;
  } finally {
    await handle?.close();
  }
}

/** Replaces `filePath` with `data` atomically and durably (see the module comment). */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(filePath);
  const tempPath = `${filePath}${TEMP_MARKER}${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(tempPath, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (err) {
    // A half-written temp file is harmless but clutter; the target is untouched either way.
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw err;
  }
  await fsyncDirectory(dir);
}

/**
 * A data-folder file's text, or undefined when it does not exist yet (a first run): the one case a loader
 * answers with its defaults. Any other failure (permissions, a folder in its place) is thrown.
 */
export async function readTextIfPresent(filePath: string): Promise<string | undefined> {
  try {
    return await readFile(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
