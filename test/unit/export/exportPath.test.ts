import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultExportFileName,
  ExportError,
  resolveExportPath,
  sanitizeFileLabel,
  sidecarPathFor,
} from '../../../src-main/export/index.js';
import { tempPathFor } from '../../../src-main/export/common/exportPath.js';

let base: string;
let dataDir: string;
let exportDir: string;
let outside: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'benchtop-exportpath-')));
  dataDir = path.join(base, 'data');
  exportDir = path.join(base, 'exports');
  outside = path.join(base, 'elsewhere');
  for (const dir of [dataDir, path.join(dataDir, 'acquisitions', 'acq_000000000001'), exportDir, outside]) {
    await mkdir(dir, { recursive: true });
  }
  await symlink(outside, path.join(exportDir, 'escape'));
  await symlink(path.join(outside, 'target.csv'), path.join(exportDir, 'link.csv'));
  await mkdir(path.join(exportDir, 'folder.csv'));
  await writeFile(path.join(exportDir, 'existing.csv'), 'x');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function refusal(requested: unknown): Promise<string> {
  const err = await resolveExportPath(requested, [dataDir, exportDir], {
    forbiddenRoots: [path.join(dataDir, 'acquisitions')],
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ExportError);
  expect((err as ExportError).code).toBe('invalid_path');
  return (err as ExportError).message;
}

describe('resolveExportPath', () => {
  it('accepts files inside the allowed folders, relative ones against the first', async () => {
    const roots = [exportDir, dataDir];
    expect(await resolveExportPath(path.join(exportDir, 'run.csv'), roots)).toBe(
      path.join(exportDir, 'run.csv'),
    );
    expect(await resolveExportPath('run.h5', roots)).toBe(path.join(exportDir, 'run.h5'));
    expect(await resolveExportPath(path.join(dataDir, 'x.npy'), roots)).toBe(path.join(dataDir, 'x.npy'));
    expect(await resolveExportPath(path.join(exportDir, 'existing.csv'), roots)).toBe(
      path.join(exportDir, 'existing.csv'),
    );
    expect(await resolveExportPath(`${exportDir}/./run.csv`, roots)).toBe(path.join(exportDir, 'run.csv'));
  });

  it('refuses "..", paths outside, symlink escapes, links and folders at the target, the store', async () => {
    expect(await refusal(`${exportDir}/../elsewhere/x.csv`)).toMatch(/\.\./);
    expect(await refusal('../x.csv')).toMatch(/\.\./);
    expect(await refusal(path.join(outside, 'x.csv'))).toMatch(/outside/);
    expect(await refusal('/etc/passwd')).toMatch(/outside/);
    expect(await refusal(path.join(exportDir, 'escape', 'x.csv'))).toMatch(/outside/);
    expect(await refusal(path.join(exportDir, 'link.csv'))).toMatch(/symbolic link/);
    expect(await refusal(path.join(exportDir, 'folder.csv'))).toMatch(/not a file/);
    expect(await refusal(path.join(dataDir, 'acquisitions', 'acq_000000000001', 'samples.f32'))).toMatch(
      /store/,
    );
    expect(await refusal(path.join(exportDir, 'missing', 'x.csv'))).toMatch(/does not exist/);
    expect(await refusal(`${exportDir}/`)).toMatch(/file/);
    expect(await refusal('')).toMatch(/non-empty/);
    expect(await refusal('a\0b.csv')).toMatch(/NUL/);
    expect(await refusal(42)).toMatch(/string/);
    expect(await refusal('x'.repeat(5000))).toMatch(/longer/);
  });

  it('refuses names the export engine keeps for its temp files, which the start-up sweep deletes', async () => {
    expect(await refusal('.benchtop-part-0123abcd-run.csv')).toMatch(/reserved for files being written/);
    expect(await refusal(path.join(exportDir, '.benchtop-part-x'))).toMatch(/reserved/);
    // What the old temp naming looked like is an ordinary (hidden) name now, and never swept.
    expect(await resolveExportPath('.hidden.csv.tmp-aa', [exportDir])).toBe(
      path.join(exportDir, '.hidden.csv.tmp-aa'),
    );
  });
});

describe('export file names', () => {
  it('sanitizes the label and always carries the id', () => {
    const meta = { name: 'Bench run #3: ringing (ü) / CH1', acquisition_id: 'acq_3f9c0a7be214' };
    expect(defaultExportFileName(meta, 'csv')).toBe('Bench_run_3_ringing_u_CH1_acq_3f9c0a7be214.csv');
    expect(defaultExportFileName({ ...meta, name: '' }, 'hdf5')).toBe('acq_3f9c0a7be214.h5');
    expect(defaultExportFileName({ ...meta, name: '../../etc/passwd' }, 'npy')).toBe(
      'etc_passwd_acq_3f9c0a7be214.npy',
    );
    expect(defaultExportFileName({ ...meta, name: '...' }, 'json')).toBe('acq_3f9c0a7be214.json');
    expect(sanitizeFileLabel('x'.repeat(300)).length).toBe(60);
  });

  it('adds what tells two exports of one capture apart', () => {
    const meta = { name: 'run', acquisition_id: 'acq_3f9c0a7be214' };
    expect(defaultExportFileName(meta, 'npy', '2026-11-21T05-40-12-345Z_exp_3f9a1c0b22d4')).toBe(
      'run_acq_3f9c0a7be214_2026-11-21T05-40-12-345Z_exp_3f9a1c0b22d4.npy',
    );
  });

  it('puts the sidecar and hidden temp files beside the target', () => {
    expect(sidecarPathFor('/a/b/run.csv')).toBe('/a/b/run.csv.meta.json');
    expect(tempPathFor('/a/b/run.csv')).toMatch(/^\/a\/b\/\.benchtop-part-[0-9a-f]{12}-run\.csv$/);
    expect(path.basename(tempPathFor(`/a/${'ü'.repeat(250)}.csv`))).toMatch(
      /^\.benchtop-part-[0-9a-f]{12}-_\.csv$/,
    );
    expect(path.basename(tempPathFor(`/a/${'x'.repeat(250)}`)).length).toBe(15 + 12 + 1 + 64);
  });
});
