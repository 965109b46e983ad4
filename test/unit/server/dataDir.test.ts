/** The data directory: `--data-dir` parsing, creation, and a clear refusal when it cannot be used. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, parseCliOptions } from '../../../src-main/cliOptions.js';
import { defaultDataDir, prepareDataDir } from '../../../src-main/dataDir.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-datadir-'));
  dirs.push(dir);
  return dir;
}

describe('data directory', () => {
  it('defaults to ~/.benchtop/data and takes --data-dir', () => {
    expect(defaultDataDir()).toBe(path.join(os.homedir(), '.benchtop', 'data'));
    expect(parseCliOptions([]).dataDir).toBeUndefined();
    expect(parseCliOptions(['--data-dir', '/srv/lab']).dataDir).toBe('/srv/lab');
    expect(() => parseCliOptions(['--data-dir', ''])).toThrow(CliError);
    expect(() => parseCliOptions(['--data-dir'])).toThrow(CliError);
  });

  it('creates a missing directory, with parents, and returns its absolute path', async () => {
    const base = await temp();
    const dir = path.join(base, 'a', 'b');
    expect(await prepareDataDir(path.relative(process.cwd(), dir))).toBe(dir);
  });

  it('refuses a file, and a directory it cannot write', async () => {
    const base = await temp();
    const file = path.join(base, 'file');
    await writeFile(file, 'x');
    await expect(prepareDataDir(file)).rejects.toThrow(/not a directory/);
    await expect(prepareDataDir(path.join(file, 'sub'))).rejects.toThrow(/is not usable/);
    if (process.getuid?.() !== 0) {
      const locked = path.join(base, 'locked');
      await prepareDataDir(locked);
      await chmod(locked, 0o500);
      await expect(prepareDataDir(locked)).rejects.toThrow(/permission denied/);
      await chmod(locked, 0o700);
    }
  });
});
