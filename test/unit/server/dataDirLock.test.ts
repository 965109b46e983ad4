import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataDirLockedError,
  LOCK_FILE_NAME,
  lockDataDir,
  looksLikeBenchtop,
  parseLockFile,
  processStartTicks,
  type LockRecord,
} from '../../../src-main/dataDirLock.js';
import { startTestBackend } from '../../helpers/testBackend.js';

/**
 * Whether this system tells process start times and command lines (Linux /proc). Where it does not
 * (macOS, Windows) the lock can only go by whether the pid runs, so the tests of telling a reused pid from
 * its holder are skipped there.
 */
const HAS_PROC = existsSync('/proc/self/stat');

describe('data directory lock', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const fresh = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'benchtop-lock-'));
    dirs.push(dir);
    return dir;
  };
  /** A running process that is not a Benchtop, unless `args` make its command line look like one. Lives until
   * killed after the test (one on a timer could be gone before a loaded machine gets to the check). */
  const running = (...args: string[]): ChildProcess => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1_000)', ...args]);
    children.push(child);
    return child;
  };
  const lockFile = (dir: string): string => path.join(dir, LOCK_FILE_NAME);
  const record = (overrides: Partial<LockRecord>): string =>
    JSON.stringify({
      app: 'benchtop',
      pid: process.pid,
      hostname: os.hostname(),
      instance_id: 'feedfeedfeedfeed',
      started_ms: 1_765_000_000_000,
      ...overrides,
    });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second backend on the same folder, and frees it on close', async () => {
    const dataDir = fresh();
    const first = await startTestBackend({ dataDir });
    const held = parseLockFile(readFileSync(lockFile(dataDir), 'utf8'));
    expect(held).toMatchObject({ app: 'benchtop', pid: process.pid, hostname: os.hostname() });
    await expect(startTestBackend({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();
    expect(existsSync(lockFile(dataDir))).toBe(false);
    const second = await startTestBackend({ dataDir });
    await second.close();
  });

  it.skipIf(!HAS_PROC)(
    'takes over an old pid-only lock whose pid now belongs to a process that is not Benchtop',
    async () => {
      // The case was `echo 1 > benchtop.lock`: pid 1 runs, but is not a Benchtop.
      const dataDir = fresh();
      const other = running();
      writeFileSync(lockFile(dataDir), `${other.pid}\n`);
      const release = await lockDataDir(dataDir);
      expect(parseLockFile(readFileSync(lockFile(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
      await release();
    },
  );

  it.skipIf(!HAS_PROC)('still honours an old pid-only lock held by a running Benchtop', async () => {
    const dataDir = fresh();
    const holder = running('dist/main/cli.js', '--port', '0');
    writeFileSync(lockFile(dataDir), `${holder.pid}\n`);
    await expect(lockDataDir(dataDir)).rejects.toThrow(`process ${holder.pid}`);
  });

  it.skipIf(!HAS_PROC)(
    'takes over a lock whose pid was reused by a process started at another time',
    async () => {
      const dataDir = fresh();
      const other = running();
      const ticks = await processStartTicks(other.pid!);
      expect(ticks).toBeTypeOf('number');
      writeFileSync(lockFile(dataDir), record({ pid: other.pid!, process_start_ticks: ticks! - 1 }));
      const release = await lockDataDir(dataDir);
      expect(parseLockFile(readFileSync(lockFile(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
      await release();
    },
  );

  it('refuses a lock whose holder is still the process that took it, and names it', async () => {
    const dataDir = fresh();
    const holder = running();
    const ticks = await processStartTicks(holder.pid!);
    writeFileSync(
      lockFile(dataDir),
      record({ pid: holder.pid!, ...(ticks !== undefined && { process_start_ticks: ticks }) }),
    );
    await expect(lockDataDir(dataDir)).rejects.toThrow(
      `in use by another Benchtop (process ${holder.pid}, since 2025-12-06T05:46:40.000Z)`,
    );
  });

  it('refuses a lock taken on another host, saying which file to delete if it is stale', async () => {
    const dataDir = fresh();
    writeFileSync(lockFile(dataDir), record({ pid: 4242, hostname: 'other-lab-pc' }));
    const err = await lockDataDir(dataDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toMatch(/process 4242 on host other-lab-pc/);
    expect((err as Error).message).toContain(`delete ${lockFile(dataDir)}`);
  });

  it('takes over a stale lock left by a crashed process, old format or new', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    for (const content of [`${gone.pid}\n`, record({ pid: gone.pid! }), '', '{"torn']) {
      const dataDir = fresh();
      writeFileSync(lockFile(dataDir), content);
      const release = await lockDataDir(dataDir);
      expect(parseLockFile(readFileSync(lockFile(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
      await release();
    }
  });

  it('releases only its own lock', async () => {
    const dataDir = fresh();
    const release = await lockDataDir(dataDir);
    const someoneElse = record({ instance_id: 'another' });
    writeFileSync(lockFile(dataDir), someoneElse);
    await release();
    expect(readFileSync(lockFile(dataDir), 'utf8')).toBe(someoneElse);
  });

  it('recognises the ways Benchtop runs by their command lines', () => {
    expect(looksLikeBenchtop(['/usr/bin/node', '/srv/app/dist/main/cli.js', '--port', '8080'])).toBe(true);
    expect(looksLikeBenchtop(['/opt/Benchtop/benchtop'])).toBe(true);
    expect(looksLikeBenchtop(['node', '--import', 'tsx', '/repo/src-main/cli.ts', '--port', '0'])).toBe(true);
    expect(looksLikeBenchtop(['/home/me/app/node_modules/electron/dist/electron', '.'])).toBe(true);
    expect(looksLikeBenchtop(['C:\\Program Files\\Benchtop\\Benchtop.exe'])).toBe(true);
    expect(looksLikeBenchtop(['/sbin/init', 'splash'])).toBe(false);
    expect(looksLikeBenchtop(['/usr/bin/node', '-e', 'setTimeout(() => {}, 20000)'])).toBe(false);
    expect(looksLikeBenchtop([])).toBe(false);
  });
});
