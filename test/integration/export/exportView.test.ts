/**
 * "Export what you see" over the protocol: a view uploaded in parts (each inside the 64 KiB message limit),
 * written by the backend in each format with its provenance, served once through a download link, and
 * opened by /usr/bin/python3's numpy, h5py (and pandas where installed).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VisibleData } from '../../../shared/analysis/visibleData.js';
import { CSV_METADATA_LINES } from '../../../shared/format/csvMetadata.js';
import {
  type ExportViewDoneMessage,
  type ExportViewReadyMessage,
  float64ToBase64,
  MAX_INBOUND_TEXT_BYTES,
  type ServerMessage,
  VIEW_PART_VALUES,
  type ViewExportFormat,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import type { TestClient } from '../../helpers/testBackend.js';
import { startAcquisitionBackend } from '../acquisition/helpers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python');
const run = promisify(execFile);

async function python<T>(...args: string[]): Promise<T> {
  const { stdout } = await run(PYTHON, [path.join(SCRIPTS, 'check_view.py'), ...args], {
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as T;
}

const T0_MS = Date.UTC(2026, 11, 7, 1, 0, 0);
/** 5 000 rows × 3 columns: more than one part per column, so parts and their order are exercised. */
const ROWS = 5_000;

function view(): VisibleData {
  const x = Float64Array.from({ length: ROWS }, (_, i) => -0.001 + i * 1e-6);
  return {
    title: 'Scope SIM-SCOPE4',
    x,
    x_name: 'time',
    x_unit: 's',
    t0_ms: T0_MS,
    sample_rate_hz: 1e6,
    series: [
      { name: 'CH1', unit: 'V', values: x.map((t) => Math.sin(2 * Math.PI * 1000 * t)) },
      { name: 'CH2', unit: 'V', values: x.map((_, i) => (i === 3 ? NaN : i / 1000)) },
    ],
    provenance: { bench: 'local', equipment_id: 'scope_1', settings: { timebase: 0.0005 } },
  };
}

function begin(data: VisibleData, format: ViewExportFormat): Record<string, unknown> {
  return {
    type: 'export_view',
    format,
    title: data.title,
    x_name: data.x_name,
    x_unit: data.x_unit,
    t0_ms: data.t0_ms,
    sample_rate_hz: data.sample_rate_hz,
    row_count: data.x.length,
    series: data.series.map((s) => ({ name: s.name, unit: s.unit })),
    provenance: data.provenance,
  };
}

/** Uploads the view part by part, as the dashboard does; resolves with the last reply. */
async function upload(
  client: TestClient,
  data: VisibleData,
  format: ViewExportFormat,
): Promise<ServerMessage> {
  const ready = await client.request<ExportViewReadyMessage>(begin(data, format));
  expect(ready.type).toBe('export_view_ready');
  let last: ServerMessage = ready;
  const columns = [data.x, ...data.series.map((s) => s.values)];
  for (const [c, column] of columns.entries()) {
    for (let offset = 0; offset < column.length; offset += ready.part_values) {
      const part = {
        type: 'export_view_part',
        upload_id: ready.upload_id,
        column: c,
        offset,
        values: float64ToBase64(column.subarray(offset, offset + ready.part_values)),
      };
      expect(JSON.stringify(part).length).toBeLessThan(MAX_INBOUND_TEXT_BYTES);
      last = await client.request(part);
      if (last.type === 'error') return last;
    }
  }
  return last;
}

beforeAll(async () => {
  await run(PYTHON, ['-c', 'import numpy, h5py']).catch((err: Error) => {
    throw new Error(
      `the view export tests need ${PYTHON} with numpy and h5py (Debian: apt-get install python3-numpy python3-h5py): ${err.message}`,
    );
  });
});

describe('export what you see', () => {
  const fixture = useTestBackend({ starter: startAcquisitionBackend });
  let client: TestClient;
  beforeEach(async () => {
    client = await fixture.connect();
  });

  it('CSV: metadata block, then exactly the view; numpy.genfromtxt and pandas read it; one download', async () => {
    const data = view();
    const done = (await upload(client, data, 'csv')) as ExportViewDoneMessage;
    expect(done).toMatchObject({ type: 'export_view_done', format: 'csv', rows: ROWS });
    expect(path.dirname(done.path)).toBe(path.join(fixture.backend.dataDir, 'exports'));
    const file = readFileSync(done.path);
    expect(createHash('sha256').update(file).digest('hex')).toBe(done.sha256);
    const response = await fetch(`http://127.0.0.1:${fixture.backend.port}${done.download_url}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(file)).toBe(true);

    const found = await python<{
      metadata: Record<string, string>;
      provenance: Record<string, unknown>;
      names: string[];
      columns: Record<string, (number | null)[]>;
      pandas: { names: string[]; rows: number } | null;
    }>(done.path, 'csv');
    expect(Object.keys(found.metadata)).toHaveLength(CSV_METADATA_LINES);
    expect(found.metadata).toMatchObject({
      title: 'Scope SIM-SCOPE4',
      source: 'view',
      // The identity is the backend's (its registry), not whatever the page said.
      instrument: 'Benchtop SIM-SCOPE4 four-channel oscilloscope, serial SIM-scope_1, equipment scope_1',
      sample_rate_hz: '1000000',
      t0_iso: new Date(T0_MS).toISOString(),
      start_iso: new Date(T0_MS - 1).toISOString(),
    });
    expect(found.provenance).toMatchObject({
      kind: 'view',
      row_count: ROWS,
      view: { bench: 'local', settings: { timebase: 0.0005 } },
      instrument: { equipment_id: 'scope_1', serial: 'SIM-scope_1', settings: { timebase: 0.0005 } },
    });
    expect(found.names).toEqual(['time_s', 'CH1_V', 'CH2_V']);
    expect(found.columns.time_s).toEqual([...data.x]);
    expect(found.columns.CH1_V).toEqual([...data.series[0]!.values]);
    expect(found.columns.CH2_V![3]).toBeNull();
    expect(found.columns.CH2_V![4]).toBe(0.004);
    if (found.pandas !== null) {
      expect(found.pandas).toEqual({ names: ['time_s', 'CH1 (V)', 'CH2 (V)'], rows: ROWS });
    }
  });

  it('NPY: one .npy.zip with the x axis, one float64 array per series and metadata.json', async () => {
    const data = view();
    const done = (await upload(client, data, 'npy')) as ExportViewDoneMessage;
    expect(done.path).toMatch(/\.npy\.zip$/);
    const found = await python<{
      members: string[];
      arrays: Record<string, { dtype: string; values: number[] }>;
      metadata: Record<string, unknown>;
    }>(done.path, 'npy');
    expect(found.members).toEqual(['time_s.npy', 'CH1.npy', 'CH2.npy', 'metadata.json']);
    expect(found.arrays.time_s).toEqual({ dtype: '<f8', values: [...data.x] });
    expect(found.arrays.CH1!.values).toEqual([...data.series[0]!.values]);
    expect(found.metadata).toMatchObject({
      title: data.title,
      sample_rate_hz: 1e6,
      npy_keys: { 'CH1 (V)': 'CH1' },
    });
  });

  it('HDF5: x and series datasets with units; provenance attributes', async () => {
    const data = view();
    const done = (await upload(client, data, 'hdf5')) as ExportViewDoneMessage;
    const found = await python<{
      attrs: Record<string, unknown>;
      x: Record<string, number[]>;
      x_units: Record<string, string>;
      series: Record<string, { values: number[]; dtype: string; attrs: Record<string, unknown> }>;
    }>(done.path, 'hdf5');
    expect(found.x.time_s).toEqual([...data.x]);
    expect(found.x_units.time_s).toBe('s');
    expect(found.series.CH1).toMatchObject({ dtype: '<f8', attrs: { name: 'CH1', units: 'V' } });
    expect(found.series.CH1!.values).toEqual([...data.series[0]!.values]);
    expect(found.attrs).toMatchObject({
      kind: 'view',
      title: data.title,
      t0_iso: new Date(T0_MS).toISOString(),
      sample_rate_hz: 1e6,
    });
    expect(JSON.parse(found.attrs.provenance_json as string)).toMatchObject({ view: { bench: 'local' } });
  });

  it('JSON: provenance, columns, time_s and values (NaN as null)', async () => {
    const data = view();
    const done = (await upload(client, data, 'json')) as ExportViewDoneMessage;
    const found = await python<{
      provenance: Record<string, unknown>;
      columns: unknown[];
      time_s: number[];
      values: Record<string, (number | null)[]>;
    }>(done.path, 'json');
    expect(found.columns).toEqual([
      { name: 'CH1', unit: 'V' },
      { name: 'CH2', unit: 'V' },
    ]);
    expect(found.time_s).toEqual([...data.x]);
    expect(found.values.CH2![3]).toBeNull();
    expect(found.values.CH2![4]).toBe(0.004);
  });

  it('refuses a view above the bound, a part out of order and bad base64, each with words to act on', async () => {
    const tooBig = await client.request({
      ...begin(view(), 'csv'),
      row_count: 2_000_000,
    });
    expect(tooBig).toMatchObject({ type: 'error', code: 'too_large' });
    expect((tooBig as { message: string }).message).toMatch(/6000000 values.*zoom in or show fewer channels/);

    const ready = await client.request<ExportViewReadyMessage>(begin(view(), 'csv'));
    const skipped = await client.request({
      type: 'export_view_part',
      upload_id: ready.upload_id,
      column: 0,
      offset: VIEW_PART_VALUES,
      values: float64ToBase64(new Float64Array(4)),
    });
    expect(skipped).toMatchObject({ type: 'error', code: 'out_of_range' });
    expect((skipped as { message: string }).message).toMatch(/expected the next at 0.*export the view again/);
    // The upload is gone: nothing more is accepted for it, and nothing was written.
    const after = await client.request({
      type: 'export_view_part',
      upload_id: ready.upload_id,
      column: 0,
      offset: 0,
      values: float64ToBase64(new Float64Array(4)),
    });
    expect(after).toMatchObject({ type: 'error', code: 'not_found' });

    const again = await client.request<ExportViewReadyMessage>(begin(view(), 'csv'));
    const garbled = await client.request({
      type: 'export_view_part',
      upload_id: again.upload_id,
      column: 0,
      offset: 0,
      values: 'not base64!',
    });
    expect(garbled).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect(client.ofType('export_view_done')).toHaveLength(0);
  });
});
