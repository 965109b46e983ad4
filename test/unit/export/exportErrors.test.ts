import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_FORMATS,
  ExportError,
  exportAcquisition,
  MAX_JSON_NUMBERS,
  type ExportErrorCode,
  type ExportFormat,
  type ExportOptions,
} from '../../../src-main/export/index.js';
import {
  EXPORT_CHANNELS,
  recordCapture,
  removeCaptures,
  type TestCapture,
} from '../../helpers/exportCapture.js';

let capture: TestCapture;
let big: TestCapture;

beforeAll(async () => {
  capture = await recordCapture({ sampleCount: 400_000 });
  // Just over the JSON limit: (samples × 5 columns) > MAX_JSON_NUMBERS. Values repeat; only the count matters.
  const block = EXPORT_CHANNELS.map(() => new Float32Array(500_000).fill(1.5));
  big = await recordCapture({
    sampleCount: MAX_JSON_NUMBERS / 5 + 500_000,
    blockSamples: 500_000,
    block: (_, count) => block.map((b) => b.subarray(0, count)),
  });
});
afterAll(removeCaptures);

async function failure(
  options: Partial<ExportOptions> & { format: ExportFormat },
  on = capture,
): Promise<ExportError> {
  const before = await readdir(on.exportDir);
  const err = await exportAcquisition({
    source: { store: on.store, acquisitionId: on.id },
    targetPath: path.join(on.exportDir, `out.${options.format}`),
    ...options,
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ExportError);
  // Nothing under the target name, no sidecar, no temp file: the folder is as it was.
  expect(await readdir(on.exportDir)).toEqual(before);
  return err as ExportError;
}

async function expectCode(
  options: Partial<ExportOptions> & { format: ExportFormat },
  code: ExportErrorCode,
): Promise<string> {
  const err = await failure(options);
  expect(err.code, err.message).toBe(code);
  return err.message;
}

describe('export refusals', () => {
  it('refuses an unknown format before touching anything', async () => {
    expect(await expectCode({ format: 'xlsx' as ExportFormat }, 'invalid_format')).toMatch(
      /csv, npy, npz, hdf5, json/,
    );
  });

  it('reports an unknown or malformed acquisition id as not_found', async () => {
    await expectCode(
      { format: 'csv', source: { store: capture.store, acquisitionId: 'acq_000000000000' } },
      'not_found',
    );
    await expectCode(
      { format: 'csv', source: { store: capture.store, acquisitionId: '../../etc' } },
      'not_found',
    );
  });

  it('refuses unknown, repeated or no channels', async () => {
    expect(await expectCode({ format: 'csv', channels: ['CH9'] }, 'out_of_range')).toMatch(
      /CH9.*has CH1, CH2, CH3, CH4/,
    );
    expect(await expectCode({ format: 'npy', channels: ['CH1', 'CH1'] }, 'out_of_range')).toMatch(/twice/);
    await expectCode({ format: 'hdf5', channels: [] }, 'out_of_range');
  });

  it('refuses ranges outside the capture or inverted', async () => {
    expect(await expectCode({ format: 'csv', startS: 0.5 }, 'out_of_range')).toMatch(/after the end/);
    expect(await expectCode({ format: 'csv', startS: 0.2, endS: 0.1 }, 'out_of_range')).toMatch(
      /after startS/,
    );
    await expectCode({ format: 'csv', startS: -1 }, 'out_of_range');
    await expectCode({ format: 'csv', endS: Number.NaN }, 'out_of_range');
    await expectCode({ format: 'csv', startS: 0.1000001, endS: 0.1000002 }, 'out_of_range');
  });

  it('refuses JSON above the documented limit, pointing at the other formats', async () => {
    const err = await failure({ format: 'json' }, big);
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/10,000,000 numbers.*CSV, NPY, NPZ or HDF5/);
    // The same capture, a shorter range: fine.
    const ok = await exportAcquisition({
      source: { store: big.store, acquisitionId: big.id },
      format: 'json',
      channels: ['CH1'],
      endS: 0.001,
      targetPath: path.join(big.exportDir, 'small.json'),
    });
    expect(ok.sampleCount).toBe(1000);
  });

  it('will not replace an existing file unless asked to', async () => {
    const target = path.join(capture.exportDir, 'keep.csv');
    await writeFile(target, 'precious');
    expect(await expectCode({ format: 'csv', targetPath: target }, 'exists')).toMatch(
      /keep.csv already exists/,
    );
    expect(await readFile(target, 'utf8')).toBe('precious');
    const result = await exportAcquisition({
      source: { store: capture.store, acquisitionId: capture.id },
      format: 'csv',
      endS: 0.001,
      targetPath: target,
      overwrite: true,
    });
    expect((await readFile(result.path, 'utf8')).includes('\r\ntime_s,')).toBe(true);
  });

  it('never writes inside the acquisition store, whoever chose the path', async () => {
    const inStore = path.join(capture.store.acquisitionsDir, capture.id, 'samples.f32');
    const err = await exportAcquisition({
      source: { store: capture.store, acquisitionId: capture.id },
      format: 'npy',
      targetPath: inStore,
      overwrite: true,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_path' });
    expect((await capture.store.get(capture.id)).sample_count).toBe(400_000);
  });

  it('refuses at once when even the smallest export would not fit', async () => {
    const message = await expectCode(
      { format: 'npy', diskSpace: async () => ({ freeBytes: 1_000_000, totalBytes: 1e12 }) },
      'disk_full',
    );
    expect(message).toMatch(/needs at least 6.4 MB and only 1.0 MB is free/);
  });

  it('reports a missing target folder as io_error', async () => {
    await expectCode(
      { format: 'npy', targetPath: path.join(capture.exportDir, 'nope', 'x.npy') },
      'io_error',
    );
  });
});

describe('export failures leave nothing behind', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}: cancelled mid-export`, async () => {
      const controller = new AbortController();
      const seen: number[] = [];
      const err = await failure({
        format,
        channels: format === 'json' ? ['CH1'] : undefined,
        signal: controller.signal,
        progressIntervalMs: 1,
        onProgress: ({ fraction }) => {
          seen.push(fraction);
          if (fraction > 0.1) controller.abort();
        },
      });
      expect(err.code, err.message).toBe('cancelled');
      expect(Math.max(...seen)).toBeLessThan(1);
    });

    it(`${format}: disk full during the export`, async () => {
      const err = await failure({
        format,
        channels: format === 'json' ? ['CH1'] : undefined,
        writeFault: { failAfterBytes: 1_000_000 },
      });
      expect(err.code, err.message).toBe('disk_full');
      expect(err.message).toMatch(/disk full/);
    });
  }

  it('maps other write errors to io_error', async () => {
    const err = await failure({ format: 'npy', writeFault: { failAfterBytes: 100, code: 'EIO' } });
    expect(err.code).toBe('io_error');
  });

  it('is cancelled at once when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure({ format: 'hdf5', signal: controller.signal })).code).toBe('cancelled');
  });
});
