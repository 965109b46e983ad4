/**
 * Where Benchtop keeps acquisitions: `--data-dir` in browser mode, `<userData>/data` in the desktop app,
 * `~/.benchtop/data` when nothing says otherwise. Checked at start-up (created if missing, must be a
 * writable directory) so a bad path is one clear message, not a failed capture later.
 */
import { access, constants, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** `~/.benchtop/data`. */
export function defaultDataDir(): string {
  return path.join(os.homedir(), '.benchtop', 'data');
}

/**
 * Creates `dir` (and its parents) if missing and checks that it is a directory this process can write.
 * Resolves with its absolute path; rejects with an Error whose message says what is wrong.
 */
export async function prepareDataDir(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  try {
    await mkdir(absolute, { recursive: true });
    if (!(await stat(absolute)).isDirectory()) throw new Error('not a directory');
    await access(absolute, constants.W_OK | constants.X_OK);
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    const reason =
      error.code === 'EACCES'
        ? 'permission denied'
        : error.code === 'EEXIST' || error.code === 'ENOTDIR'
          ? 'not a directory'
          : error.message;
    throw new Error(`data directory ${absolute} is not usable: ${reason}`, { cause: err });
  }
  return absolute;
}
