/**
 * The export commit never replaces a file it was not asked to replace: concurrent exports to one name (the
 * race issue 15 found: both reported success, one file held the other's data), a file that appears while
 * an export is written, and file systems without hard links. Temp names are reserved, so no target can be
 * named like one.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_TEMP_PREFIX,
  ExportError,
  exportAcquisition,
  type CommitFileOps,
  type ExportOptions,
  type ExportResult,
} from '../../../src-main/export/index.js';
import { recordCapture, removeCaptures, type TestCapture } from '../../helpers/exportCapture.js';

let capture: TestCapture;

beforeAll(async () => {
  capture = await recordCapture({ sampleCount: 50_000 });
});
afterAll(removeCaptures);

const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

function exportTo(targetPath: string, options: Partial<ExportOptions> = {}): Promise<ExportResult> {
  return exportAcquisition({
    source: { store: capture.store, acquisitionId: capture.id },
    format: 'npy',
    targetPath,
    ...options,
  });
}

async function tempLeftovers(): Promise<string[]> {
  return (await readdir(capture.exportDir)).filter((n) => n.startsWith(EXPORT_TEMP_PREFIX));
}

describe('export commit', () => {
  it('lets exactly one of several concurrent exports to one name win; the file and sidecar are its own', async () => {
    const target = path.join(capture.exportDir, 'race.npy');
    // Different channels, so every export's bytes differ and a file holding another's data shows.
    const selections = [['CH1'], ['CH2'], ['CH3'], ['CH4'], ['CH1', 'CH2'], ['CH2', 'CH3'], ['CH3', 'CH4']];
    const outcomes = await Promise.allSettled(
      selections.map((channels) => exportTo(target, { channels, sync: false })),
    );
    const won = outcomes.filter((o): o is PromiseFulfilledResult<ExportResult> => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(ExportError);
      expect((reason as ExportError).code, (reason as Error).message).toBe('exists');
    }
    const winner = won[0]!.value;
    expect(await sha256(target)).toBe(winner.sha256);
    const sidecar = JSON.parse(await readFile(`${target}.meta.json`, 'utf8')) as {
      file: { sha256: string };
    };
    expect(sidecar.file.sha256).toBe(winner.sha256);
    const info = await stat(target, { bigint: true });
    expect(winner.identity).toEqual({ dev: info.dev, ino: info.ino, bytes: winner.bytes });
    expect(await tempLeftovers()).toEqual([]);
  });

  it('leaves a file that appears at the target while the export is written as it is', async () => {
    const target = path.join(capture.exportDir, 'appeared.npy');
    let planted = false;
    const err = await exportTo(target, {
      onProgress: () => {
        // The first report comes after the up-front check and before the temp file is written.
        if (!planted) writeFileSync(target, 'a user file', { flag: 'wx' });
        planted = true;
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'exists' });
    expect((err as Error).message).toMatch(/appeared while this export was being written/);
    expect(await readFile(target, 'utf8')).toBe('a user file');
    expect(await readdir(capture.exportDir)).not.toContain('appeared.npy.meta.json');
    expect(await tempLeftovers()).toEqual([]);
  });

  it('copies into an exclusively created file where the file system has no hard links', async () => {
    const noLinks: CommitFileOps = {
      link: () =>
        Promise.reject(Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' })),
    };
    const target = path.join(capture.exportDir, 'nolinks.npy');
    const result = await exportTo(target, { commitOps: noLinks });
    expect(await sha256(target)).toBe(result.sha256);
    const info = await stat(target, { bigint: true });
    expect(result.identity).toEqual({ dev: info.dev, ino: info.ino, bytes: result.bytes });
    expect(await tempLeftovers()).toEqual([]);
    // ... and still never replaces: the same name again is `exists`, the first file untouched.
    await expect(exportTo(target, { commitOps: noLinks, channels: ['CH1'] })).rejects.toMatchObject({
      code: 'exists',
    });
    expect(await sha256(target)).toBe(result.sha256);
  });

  it('refuses a target named like a temp file, whoever chose it', async () => {
    const reserved = path.join(capture.exportDir, `${EXPORT_TEMP_PREFIX}mine.npy`);
    const err = await exportTo(reserved, { overwrite: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_path' });
    expect((err as Error).message).toMatch(/reserved for files being written/);
    expect(await readdir(capture.exportDir)).not.toContain(`${EXPORT_TEMP_PREFIX}mine.npy`);
  });
});
