import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HDF5_CHUNK_SAMPLES } from '../../../src-main/export/hdf5/hdf5Writer.js';
import {
  estimateExportBytes,
  exportAcquisition,
  type ExportFormat,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
} from '../../../src-main/export/index.js';
import { APP_VERSION } from '../../../src-main/version.js';
import {
  EXPORT_CHANNELS,
  EXPORT_RATE_HZ,
  EXPORT_T0_MS,
  expectedColumn,
  recordCapture,
  removeCaptures,
  type TestCapture,
} from '../../helpers/exportCapture.js';
import {
  firstBitMismatch,
  parseNpy,
  readCsv,
  readHdf5,
  readStoredZip,
} from '../../helpers/exportReadBack.js';

const TOTAL = 130_000;
/** The capture pauses here and resumes 250 ms (plus the elapsed time) later. */
const PAUSE_AT = 70_000;
const RESUME_S = PAUSE_AT / EXPORT_RATE_HZ + 0.25;

let capture: TestCapture;

beforeAll(async () => {
  capture = await recordCapture({ sampleCount: TOTAL, pauseAt: [PAUSE_AT] });
});
afterAll(removeCaptures);

function run(format: ExportFormat, name: string, extra: Partial<ExportOptions> = {}): Promise<ExportResult> {
  return exportAcquisition({
    source: { store: capture.store, acquisitionId: capture.id },
    format,
    targetPath: path.join(capture.exportDir, name),
    ...extra,
  });
}

/** Column `c` (acquisition order) over capture samples [from, to), exported as column `k`. */
function checkColumn(actual: Float32Array | undefined, c: number, from: number, to: number): void {
  expect(actual?.length).toBe(to - from);
  expect(firstBitMismatch(actual!, expectedColumn(c, from, to))).toBe(-1);
}

function expectedTime(n: number): number {
  return n < PAUSE_AT ? n / EXPORT_RATE_HZ : RESUME_S + (n - PAUSE_AT) / EXPORT_RATE_HZ;
}

async function checkFile(result: ExportResult): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(result.path));
  expect(bytes.byteLength).toBe(result.bytes);
  expect((await stat(result.path)).size).toBe(result.bytes);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.sha256);
  return bytes;
}

function checkProvenance(p: Record<string, unknown>, from: number, count: number, channels: string[]): void {
  expect(p.acquisition_id).toBe(capture.id);
  expect(p.app_version).toBe(APP_VERSION);
  expect(p.sample_rate_hz).toBe(EXPORT_RATE_HZ);
  expect(p.t0_ms).toBe(EXPORT_T0_MS);
  expect(p.t0_iso).toBe(new Date(EXPORT_T0_MS).toISOString());
  expect(p.first_sample).toBe(from);
  expect(p.sample_count).toBe(count);
  expect(p.capture_sample_count).toBe(TOTAL);
  expect(p.channels).toEqual(
    channels.map((name) => ({ name, unit: EXPORT_CHANNELS.find((c) => c.name === name)!.unit })),
  );
  expect(p.instrument).toMatchObject({ equipment_id: 'scope_1', settings: { timebase_s_per_div: 1e-6 } });
}

const ALL = EXPORT_CHANNELS.map((c) => c.name);
/** A subset in a new order over a range that spans the pause: samples 10,000 .. 70,500. */
const SUBSET = { channels: ['CH4', 'CH2'], startS: 0.01, endS: RESUME_S + 0.0005 };
const SUBSET_FROM = 10_000;
const SUBSET_TO = 70_500;
const SUBSET_INDEXES = [3, 1];

describe('export round trip', () => {
  it('CSV: header, every value bit for bit, time across the pause, sidecar', async () => {
    const progress: ExportProgress[] = [];
    const result = await run('csv', 'all.csv', { onProgress: (p) => progress.push(p) });
    await checkFile(result);
    const table = await readCsv(result.path);
    expect(table.header).toEqual(['time_s', 'CH1 (V)', 'CH2 (A)', 'CH3', 'CH4 (m/s, "peak")']);
    expect(table.time).toHaveLength(TOTAL);
    table.columns.forEach((column, c) => checkColumn(column, c, 0, TOTAL));
    expect(table.timeText[1]).toBe('0.000001');
    for (const n of [0, 1, PAUSE_AT - 1, PAUSE_AT, TOTAL - 1])
      expect(table.time[n]).toBeCloseTo(expectedTime(n), 9);
    const sidecar = JSON.parse(await readFile(result.sidecarPath!, 'utf8')) as Record<string, unknown>;
    checkProvenance(sidecar, 0, TOTAL, ALL);
    expect(sidecar.file).toMatchObject({
      name: 'all.csv',
      bytes: result.bytes,
      sha256: result.sha256,
      time_decimals: 6,
    });
    expect(progress.at(-1)).toEqual({ bytesWritten: result.bytes, fraction: 1 });
    expect(progress.map((p) => p.fraction)).toEqual(
      [...progress.map((p) => p.fraction)].sort((a, b) => a - b),
    );
    const estimate = estimateExportBytes(capture.meta, 'csv');
    expect(Math.abs(estimate - result.bytes) / result.bytes).toBeLessThan(0.25);
  });

  it('CSV: channel subset and time range', async () => {
    const result = await run('csv', 'subset.csv', SUBSET);
    const table = await readCsv(result.path);
    expect(table.header).toEqual(['time_s', 'CH4 (m/s, "peak")', 'CH2 (A)']);
    SUBSET_INDEXES.forEach((c, k) => checkColumn(table.columns[k], c, SUBSET_FROM, SUBSET_TO));
    expect(table.time[0]).toBeCloseTo(0.01, 9);
    expect(table.time.at(-1)).toBeCloseTo(expectedTime(SUBSET_TO - 1), 9);
  });

  it('NPY: float32 (samples × channels), C order, 64-byte header; exact estimate', async () => {
    const result = await run('npy', 'all.npy');
    const npy = parseNpy(await checkFile(result));
    expect(npy.descr).toBe('<f4');
    expect(npy.shape).toEqual([TOTAL, 4]);
    expect(npy.headerBytes % 64).toBe(0);
    const values = new Float32Array(npy.data.buffer, npy.data.byteOffset, TOTAL * 4);
    for (let c = 0; c < 4; c++)
      checkColumn(
        values.filter((_, i) => i % 4 === c),
        c,
        0,
        TOTAL,
      );
    expect(estimateExportBytes(capture.meta, 'npy')).toBe(result.bytes);
    const sidecar = JSON.parse(await readFile(result.sidecarPath!, 'utf8')) as Record<string, unknown>;
    checkProvenance(sidecar, 0, TOTAL, ALL);

    const subset = await run('npy', 'subset.npy', SUBSET);
    const part = parseNpy(await checkFile(subset));
    expect(part.shape).toEqual([SUBSET_TO - SUBSET_FROM, 2]);
    const partValues = new Float32Array(
      part.data.buffer,
      part.data.byteOffset,
      (SUBSET_TO - SUBSET_FROM) * 2,
    );
    SUBSET_INDEXES.forEach((c, k) =>
      checkColumn(
        partValues.filter((_, i) => i % 2 === k),
        c,
        SUBSET_FROM,
        SUBSET_TO,
      ),
    );
    expect(estimateExportBytes(capture.meta, 'npy', SUBSET.channels, SUBSET)).toBe(subset.bytes);
  });

  it('NPZ: time_s, one array per channel and the provenance as metadata.json; exact estimate', async () => {
    const result = await run('npz', 'subset.npz', SUBSET);
    const members = readStoredZip(await checkFile(result));
    expect([...members.keys()]).toEqual(['time_s.npy', 'CH4.npy', 'CH2.npy', 'metadata.json']);
    const metadata = JSON.parse(new TextDecoder().decode(members.get('metadata.json'))) as Record<
      string,
      unknown
    >;
    expect(metadata).toMatchObject({
      acquisition_id: capture.id,
      channels: SUBSET.channels.map((name) => expect.objectContaining({ name })),
      sample_rate_hz: capture.meta.sample_rate_hz,
      sample_count: SUBSET_TO - SUBSET_FROM,
    });
    const time = parseNpy(members.get('time_s.npy')!);
    expect(time.descr).toBe('<f8');
    const times = new Float64Array(time.data.buffer, time.data.byteOffset, SUBSET_TO - SUBSET_FROM);
    expect(times[0]).toBeCloseTo(0.01, 12);
    expect(times.at(-1)).toBeCloseTo(expectedTime(SUBSET_TO - 1), 12);
    SUBSET_INDEXES.forEach((c, k) => {
      const npy = parseNpy(members.get(`${SUBSET.channels[k]}.npy`)!);
      expect(npy.shape).toEqual([SUBSET_TO - SUBSET_FROM]);
      checkColumn(
        new Float32Array(npy.data.buffer, npy.data.byteOffset, npy.shape[0]),
        c,
        SUBSET_FROM,
        SUBSET_TO,
      );
    });
    expect(estimateExportBytes(capture.meta, 'npz', SUBSET.channels, SUBSET)).toBe(result.bytes);
  });

  it('HDF5: chunked float32 datasets with units and rate, provenance attributes', async () => {
    const result = await run('hdf5', 'all.h5');
    await checkFile(result);
    const h5 = await readHdf5(result.path);
    expect([...h5.datasets.keys()]).toEqual(ALL);
    EXPORT_CHANNELS.forEach((channel, c) => {
      const dataset = h5.datasets.get(channel.name)!;
      expect(dataset.shape).toEqual([TOTAL]);
      expect(dataset.chunks).toEqual([HDF5_CHUNK_SAMPLES]);
      expect(dataset.attrs).toMatchObject({
        units: channel.unit,
        sample_rate_hz: EXPORT_RATE_HZ,
        name: channel.name,
      });
      checkColumn(dataset.values, c, 0, TOTAL);
    });
    expect(h5.attrs).toMatchObject({
      acquisition_id: capture.id,
      app_version: APP_VERSION,
      sample_rate_hz: EXPORT_RATE_HZ,
      t0_iso: new Date(EXPORT_T0_MS).toISOString(),
      equipment_id: 'scope_1',
    });
    expect(h5.attrs.sample_count).toBe(BigInt(TOTAL));
    checkProvenance(JSON.parse(h5.attrs.provenance_json as string) as Record<string, unknown>, 0, TOTAL, ALL);
    const estimate = estimateExportBytes(capture.meta, 'hdf5');
    expect(Math.abs(estimate - result.bytes) / result.bytes).toBeLessThan(0.05);

    const subset = await run('hdf5', 'subset.h5', SUBSET);
    const part = await readHdf5(subset.path);
    expect([...part.datasets.keys()]).toEqual(SUBSET.channels);
    SUBSET_INDEXES.forEach((c, k) =>
      checkColumn(part.datasets.get(SUBSET.channels[k]!)!.values, c, SUBSET_FROM, SUBSET_TO),
    );
    expect(part.datasets.get('CH4')!.attrs.start_time_s).toBeCloseTo(0.01, 12);
  });

  it('JSON: provenance inline, NaN as null, values round-trip', async () => {
    const result = await run('json', 'subset.json', SUBSET);
    const doc = JSON.parse(new TextDecoder().decode(await checkFile(result))) as {
      provenance: Record<string, unknown>;
      channels: unknown;
      time_s: number[];
      values: Record<string, (number | null)[]>;
    };
    expect(Object.keys(doc)).toEqual(['provenance', 'channels', 'time_s', 'values']);
    checkProvenance(doc.provenance, SUBSET_FROM, SUBSET_TO - SUBSET_FROM, SUBSET.channels);
    expect(doc.time_s).toHaveLength(SUBSET_TO - SUBSET_FROM);
    expect(doc.time_s[0]).toBeCloseTo(0.01, 9);
    expect(Object.keys(doc.values)).toEqual(SUBSET.channels);
    SUBSET_INDEXES.forEach((c, k) => {
      const column = doc.values[SUBSET.channels[k]!]!;
      checkColumn(
        Float32Array.from(column, (v) => (v === null ? NaN : v)),
        c,
        SUBSET_FROM,
        SUBSET_TO,
      );
    });
    expect(doc.values.CH2!.filter((v) => v === null).length).toBeGreaterThan(0);
  });

  it('exports an acquisition without samples as an empty file of the format', async () => {
    const meta = await capture.store.create(
      {
        equipment_id: 'scope_1',
        mode: 'continuous',
        sample_rate_hz: 1000,
        channels: [{ name: 'CH1', unit: 'V' }],
      },
      { allowedChannels: ['CH1'] },
    );
    const source = { store: capture.store, acquisitionId: meta.acquisition_id };
    const target = (name: string): string => path.join(capture.exportDir, name);
    const csv = await exportAcquisition({ source, format: 'csv', targetPath: target('empty.csv') });
    expect((await readFile(csv.path, 'utf8')).split('\r\n').slice(-2)).toEqual(['time_s,CH1 (V)', '']);
    const npy = await exportAcquisition({ source, format: 'npy', targetPath: target('empty.npy') });
    expect(parseNpy(new Uint8Array(await readFile(npy.path))).shape).toEqual([0, 1]);
    const h5 = await exportAcquisition({ source, format: 'hdf5', targetPath: target('empty.h5') });
    expect((await readHdf5(h5.path)).datasets.get('CH1')!.shape).toEqual([0]);
    const json = await exportAcquisition({ source, format: 'json', targetPath: target('empty.json') });
    expect(JSON.parse(await readFile(json.path, 'utf8'))).toMatchObject({ time_s: [], values: { CH1: [] } });
  });

  it('exports what a capture in progress has flushed when the export starts', async () => {
    const names = EXPORT_CHANNELS.map((c) => c.name);
    const meta = await capture.store.create(
      {
        equipment_id: 'scope_1',
        mode: 'continuous',
        sample_rate_hz: EXPORT_RATE_HZ,
        channels: EXPORT_CHANNELS.map((c) => ({ ...c })),
      },
      { allowedChannels: names },
    );
    const recorder = await capture.store.start(meta.acquisition_id, { t0Ms: EXPORT_T0_MS });
    recorder.append({ firstSample: 0, channels: EXPORT_CHANNELS.map((_, c) => expectedColumn(c, 0, 5_000)) });
    while (recorder.flushedSampleCount < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await exportAcquisition({
      source: { store: capture.store, acquisitionId: meta.acquisition_id },
      format: 'csv',
      targetPath: path.join(capture.exportDir, 'live.csv'),
    });
    recorder.append({
      firstSample: 5_000,
      channels: EXPORT_CHANNELS.map((_, c) => expectedColumn(c, 5_000, 6_000)),
    });
    await capture.store.stop(meta.acquisition_id);
    expect(result.sampleCount).toBe(5_000);
    const table = await readCsv(result.path);
    table.columns.forEach((column, c) => checkColumn(column, c, 0, 5_000));
    const sidecar = JSON.parse(await readFile(result.sidecarPath!, 'utf8')) as Record<string, unknown>;
    expect(sidecar.state).toBe('running');
  });

  it('reads from a caller-owned reader without closing it', async () => {
    const reader = await capture.store.openReader(capture.id);
    await exportAcquisition({
      source: { reader },
      format: 'npy',
      channels: ['CH3'],
      targetPath: path.join(capture.exportDir, 'reader.npy'),
    });
    const block = await reader.readRange(0, 10);
    expect(block.channels[0]).toHaveLength(10);
    await reader.close();
  });
});
