import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE_NAME, lockDataDir } from '../../../src-main/dataDirLock.js';
import { startTestBackend } from '../../helpers/testBackend.js';

describe('data directory lock', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'benchtop-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second backend on the same folder, and frees it on close', async () => {
    const dataDir = fresh();
    const first = await startTestBackend({ dataDir });
    expect(readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8').trim()).toBe(String(process.pid));
    await expect(startTestBackend({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const second = await startTestBackend({ dataDir });
    await second.close();
  });

  it('refuses a lock held by another running process and names it', async () => {
    const dataDir = fresh();
    // Lives until killed below: a holder that ended on its own timer could be gone before a loaded machine
    // gets to the check.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1_000)']);
    try {
      writeFileSync(path.join(dataDir, LOCK_FILE_NAME), `${holder.pid}\n`);
      await expect(lockDataDir(dataDir)).rejects.toThrow(`process ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it('takes over a stale lock left by a crashed process', async () => {
    const dataDir = fresh();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(path.join(dataDir, LOCK_FILE_NAME), `${gone.pid}\n`);
    const release = await lockDataDir(dataDir);
    expect(readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8').trim()).toBe(String(process.pid));
    await release();
  });
});
