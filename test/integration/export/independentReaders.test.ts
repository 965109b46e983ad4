/**
 * Exports opened by tools that share no code with Benchtop: Debian's numpy and h5py, and Python's csv and
 * json modules, run as /usr/bin/python3 (not whatever python3 is first on PATH). The scripts in ./python
 * print what they found as JSON; values are compared by SHA-256 of their float32 bits.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportFile } from '../../../src-main/export/common/ExportFile.js';
import { planExport } from '../../../src-main/export/common/exportPlan.js';
import {
  exportAcquisition,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
} from '../../../src-main/export/index.js';
import { npzBytes, npzMetadata, writeNpz } from '../../../src-main/export/npy/npzWriter.js';
import { buildProvenance } from '../../../src-main/export/common/provenance.js';
import { CSV_METADATA_LINES } from '../../../shared/format/csvMetadata.js';
import {
  EXPORT_CHANNELS,
  EXPORT_RATE_HZ,
  EXPORT_T0_MS,
  expectedColumn,
  recordCapture,
  removeCaptures,
  type TestCapture,
} from '../../helpers/exportCapture.js';

const PYTHON = '/usr/bin/python3';
const SCRIPTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python');
const run = promisify(execFile);

/** pandas is optional (Debian: apt-get install python3-pandas); the pandas check runs where it is there. */
const HAS_PANDAS = spawnSync(PYTHON, ['-c', 'import pandas']).status === 0;

const TOTAL = 150_000;
const PAUSE_AT = 100_000;
const ALL = EXPORT_CHANNELS.map((c) => c.name);

let capture: TestCapture;

async function python<T>(script: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(PYTHON, [path.join(SCRIPTS, script), ...args], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as T;
}

function columnHash(c: number, from: number, to: number): string {
  const values = expectedColumn(c, from, to);
  return createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex');
}

function nanCount(c: number, from: number, to: number): number {
  return expectedColumn(c, from, to).filter(Number.isNaN).length;
}

function exportTo(
  format: ExportFormat,
  name: string,
  extra: Partial<ExportOptions> = {},
): Promise<ExportResult> {
  return exportAcquisition({
    source: { store: capture.store, acquisitionId: capture.id },
    format,
    targetPath: path.join(capture.exportDir, name),
    ...extra,
  });
}

beforeAll(async () => {
  try {
    await run(PYTHON, ['-c', 'import numpy, h5py']);
  } catch (err) {
    throw new Error(
      `the export reader tests need ${PYTHON} with numpy and h5py (Debian: apt-get install python3-numpy ` +
        `python3-h5py; npm test installs them first): ${(err as Error).message}`,
      { cause: err },
    );
  }
  capture = await recordCapture({ sampleCount: TOTAL, pauseAt: [PAUSE_AT] });
});
afterAll(removeCaptures);

describe('exports read by independent tools', () => {
  it('numpy.load opens the NPY (no pickle): shape, dtype, every value; the sidecar has the provenance', async () => {
    const result = await exportTo('npy', 'all.npy');
    const found = await python<{
      shape: number[];
      dtype: string;
      c_contiguous: boolean;
      columns: string[];
      nan_counts: number[];
      sidecar: Record<string, unknown>;
    }>('check_npy.py', result.path);
    expect(found.shape).toEqual([TOTAL, 4]);
    expect(found.dtype).toBe('<f4');
    expect(found.c_contiguous).toBe(true);
    expect(found.columns).toEqual(ALL.map((_, c) => columnHash(c, 0, TOTAL)));
    expect(found.nan_counts).toEqual(ALL.map((_, c) => nanCount(c, 0, TOTAL)));
    expect(found.sidecar).toMatchObject({
      acquisition_id: capture.id,
      sample_rate_hz: EXPORT_RATE_HZ,
      t0_iso: new Date(EXPORT_T0_MS).toISOString(),
      sample_count: TOTAL,
      channels: EXPORT_CHANNELS.map((c) => ({ ...c })),
      file: { name: 'all.npy', sha256: result.sha256, bytes: result.bytes },
    });
  });

  it('numpy.load opens a channel subset over a time range', async () => {
    const result = await exportTo('npy', 'part.npy', {
      channels: ['CH3', 'CH1'],
      startS: 0.05,
      endS: 0.0625,
    });
    const found = await python<{ shape: number[]; columns: string[] }>('check_npy.py', result.path);
    expect(found.shape).toEqual([12_500, 2]);
    expect(found.columns).toEqual([columnHash(2, 50_000, 62_500), columnHash(0, 50_000, 62_500)]);
  });

  it('numpy.load opens the NPZ: time_s (float64), one float32 array per channel, the provenance as metadata.json', async () => {
    const result = await exportTo('npz', 'all.npz');
    const found = await python<{
      files: string[];
      arrays: Record<
        string,
        { shape: number[]; dtype: string; sha256?: string; head?: number[]; diffs_max?: number }
      >;
      metadata: Record<string, unknown>;
    }>('check_npz.py', result.path);
    expect(found.files).toEqual(['time_s', ...ALL, 'metadata.json']);
    expect(found.metadata).toMatchObject({
      acquisition_id: capture.id,
      sample_rate_hz: EXPORT_RATE_HZ,
      t0_iso: new Date(EXPORT_T0_MS).toISOString(),
      start_iso: new Date(EXPORT_T0_MS).toISOString(),
      channels: EXPORT_CHANNELS.map((c) => ({ ...c })),
      instrument: { equipment_id: 'scope_1' },
    });
    expect(found.arrays.time_s).toMatchObject({ shape: [TOTAL], dtype: '<f8', head: [0, 1e-6, 2e-6] });
    expect(found.arrays.time_s!.diffs_max).toBeCloseTo(0.25 + 1e-6, 6);
    ALL.forEach((name, c) => {
      expect(found.arrays[name]).toEqual({ shape: [TOTAL], dtype: '<f4', sha256: columnHash(c, 0, TOTAL) });
    });
  });

  it('numpy.load opens the NPY archive of a browser download: time_s, one array per channel, metadata.json', async () => {
    const result = await exportTo('npy', 'download.npy.zip', { npyArchive: true, channels: ['CH2'] });
    expect(result.sidecarPath).toBeUndefined();
    const found = await python<{
      files: string[];
      arrays: Record<string, { shape: number[]; dtype: string; sha256?: string; head?: number[] }>;
      metadata: Record<string, unknown>;
    }>('check_npz.py', result.path);
    expect(found.files).toEqual(['time_s', 'CH2', 'metadata.json']);
    expect(found.arrays.time_s).toMatchObject({ shape: [TOTAL], dtype: '<f8', head: [0, 1e-6, 2e-6] });
    expect(found.arrays.CH2).toEqual({ shape: [TOTAL], dtype: '<f4', sha256: columnHash(1, 0, TOTAL) });
    expect(found.metadata).toMatchObject({ acquisition_id: capture.id, sample_rate_hz: EXPORT_RATE_HZ });
  });

  it('numpy.load opens an NPZ written with ZIP64 records (as above 4 GiB)', async () => {
    const reader = await capture.store.openReader(capture.id);
    const plan = planExport(reader.meta, reader.sampleCount, 'npz', ['CH2'], { endS: 0.02 });
    const filePath = path.join(capture.exportDir, 'zip64.npz');
    const file = await ExportFile.create(filePath);
    const provenance = buildProvenance(plan, { exportedMs: Date.now() });
    await writeNpz(
      { plan, provenance, reader, file, checkCancelled: () => undefined, progress: () => undefined },
      true,
    );
    const { bytes } = await file.finish(false);
    await reader.close();
    expect(bytes).toBe(npzBytes(plan, npzMetadata(provenance).byteLength, true));
    const found = await python<{
      files: string[];
      arrays: Record<string, { sha256?: string; shape: number[] }>;
    }>('check_npz.py', filePath);
    expect(found.files).toEqual(['time_s', 'CH2', 'metadata.json']);
    expect(found.arrays.CH2!.sha256).toBe(columnHash(1, 0, 20_000));
  });

  it('h5py opens the HDF5: chunked float32 datasets with units and sample rate, provenance attributes', async () => {
    const result = await exportTo('hdf5', 'all.h5');
    const found = await python<{
      attrs: Record<string, unknown>;
      attr_dtypes: Record<string, string>;
      order: string[];
      datasets: Record<
        string,
        { shape: number[]; dtype: string; chunks: number[]; attrs: Record<string, unknown>; sha256: string }
      >;
    }>('check_hdf5.py', result.path);
    expect(found.order).toEqual(ALL);
    EXPORT_CHANNELS.forEach((channel, c) => {
      expect(found.datasets[channel.name]).toMatchObject({
        shape: [TOTAL],
        dtype: '<f4',
        chunks: [65_536],
        attrs: { units: channel.unit, sample_rate_hz: EXPORT_RATE_HZ, name: channel.name, start_time_s: 0 },
        sha256: columnHash(c, 0, TOTAL),
      });
    });
    expect(found.attrs).toMatchObject({
      acquisition_id: capture.id,
      equipment_id: 'scope_1',
      sample_rate_hz: EXPORT_RATE_HZ,
      t0_ms: EXPORT_T0_MS,
      t0_iso: new Date(EXPORT_T0_MS).toISOString(),
      sample_count: TOTAL,
      first_sample: 0,
      channel_names: ALL,
      channel_units: EXPORT_CHANNELS.map((c) => c.unit),
      segment_first_row: [0, PAUSE_AT],
    });
    expect(found.attr_dtypes).toMatchObject({ sample_rate_hz: '<f8', sample_count: '<i8', t0_ms: '<f8' });
    expect(JSON.parse(found.attrs.instrument_settings_json as string)).toEqual(
      capture.meta.instrument_settings,
    );
    expect(JSON.parse(found.attrs.provenance_json as string)).toMatchObject({
      acquisition_id: capture.id,
      sample_count: TOTAL,
    });
  });

  it("Python's csv module reads the CSV: header, rows, CRLF, NaN as empty fields, every value", async () => {
    const result = await exportTo('csv', 'all.csv');
    const found = await python<{
      header: string[];
      rows: number;
      crlf_lines: number;
      comment_lines: number;
      bare_lf: number;
      field_counts: number[];
      times: Record<string, number>;
      empty_fields: number[];
      columns: string[];
    }>('check_csv.py', result.path, `0,1,${PAUSE_AT - 1},${PAUSE_AT},${TOTAL - 1}`);
    expect(found.header).toEqual(['time_s', 'CH1 (V)', 'CH2 (A)', 'CH3', 'CH4 (m/s, "peak")']);
    expect(found.rows).toBe(TOTAL);
    expect(found.crlf_lines).toBe(CSV_METADATA_LINES + TOTAL + 1);
    expect(found.comment_lines).toBe(CSV_METADATA_LINES);
    expect(found.bare_lf).toBe(0);
    expect(found.field_counts).toEqual([5]);
    expect(found.empty_fields).toEqual(ALL.map((_, c) => nanCount(c, 0, TOTAL)));
    expect(found.columns).toEqual(ALL.map((_, c) => columnHash(c, 0, TOTAL)));
    expect(found.times['1']).toBe(1e-6);
    expect(found.times[String(PAUSE_AT - 1)]).toBeCloseTo((PAUSE_AT - 1) / EXPORT_RATE_HZ, 9);
    expect(found.times[String(PAUSE_AT)]).toBeCloseTo(PAUSE_AT / EXPORT_RATE_HZ + 0.25, 9);
  });

  it('the CSV metadata block names channels, units, rate, start time and provenance; numpy.genfromtxt reads past it', async () => {
    const result = await exportTo('csv', 'readers.csv', {
      channels: ['CH2', 'CH1'],
      startS: 0.05,
      endS: 0.06,
    });
    const found = await python<{
      metadata: Record<string, string>;
      provenance: Record<string, unknown>;
      columns: { name: string; unit: string }[];
      numpy: { names: string[]; rows: number; time_head: number[]; columns: string[] };
    }>('check_csv_readers.py', result.path, 'numpy');
    expect(Object.keys(found.metadata)).toHaveLength(CSV_METADATA_LINES);
    expect(found.metadata).toMatchObject({
      benchtop_csv: '1',
      source: `acquisition ${capture.id}`,
      instrument: 'equipment scope_1',
      sample_rate_hz: String(EXPORT_RATE_HZ),
      t0_iso: new Date(EXPORT_T0_MS).toISOString(),
      start_iso: new Date(EXPORT_T0_MS + 50).toISOString(),
    });
    expect(found.columns).toEqual([EXPORT_CHANNELS[1], EXPORT_CHANNELS[0]].map((c) => ({ ...c })));
    expect(found.provenance).toMatchObject({
      acquisition_id: capture.id,
      first_sample: 50_000,
      sample_count: 10_000,
    });
    expect(found.numpy.names).toEqual(['time_s', 'CH2_A', 'CH1_V']);
    expect(found.numpy.rows).toBe(10_000);
    expect(found.numpy.time_head).toEqual([0.05, 0.050001, 0.050002]);
    expect(found.numpy.columns).toEqual([columnHash(1, 50_000, 60_000), columnHash(0, 50_000, 60_000)]);
  });

  it.runIf(HAS_PANDAS)('pandas.read_csv(comment="#") reads the CSV with its metadata block', async () => {
    const result = await exportTo('csv', 'pandas.csv', { startS: 0.05, endS: 0.06 });
    const found = await python<{ pandas: { names: string[]; rows: number; columns: string[] } }>(
      'check_csv_readers.py',
      result.path,
      'pandas',
    );
    expect(found.pandas.names).toEqual(['time_s', 'CH1 (V)', 'CH2 (A)', 'CH3', 'CH4 (m/s, "peak")']);
    expect(found.pandas.rows).toBe(10_000);
    expect(found.pandas.columns).toEqual(ALL.map((_, c) => columnHash(c, 50_000, 60_000)));
  });

  it("Python's json module reads the JSON: structure, nulls for NaN, every value", async () => {
    const result = await exportTo('json', 'part.json', { startS: 0.01, endS: 0.03 });
    const found = await python<{
      keys: string[];
      provenance: Record<string, unknown>;
      time_count: number;
      time_head: number[];
      value_keys: string[];
      null_counts: Record<string, number>;
      columns: Record<string, string>;
    }>('check_json.py', result.path);
    expect(found.keys).toEqual(['provenance', 'channels', 'time_s', 'values']);
    expect(found.time_count).toBe(20_000);
    expect(found.time_head).toEqual([0.01, 0.010001, 0.010002]);
    expect(found.value_keys).toEqual(ALL);
    ALL.forEach((name, c) => {
      expect(found.null_counts[name]).toBe(nanCount(c, 10_000, 30_000));
      expect(found.columns[name]).toBe(columnHash(c, 10_000, 30_000));
    });
    expect(found.provenance).toMatchObject({
      acquisition_id: capture.id,
      first_sample: 10_000,
      sample_count: 20_000,
    });
  });
});
