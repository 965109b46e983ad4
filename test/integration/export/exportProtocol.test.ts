/**
 * Export over the WebSocket: estimate, start, progress, done with a checksum and a single-use download
 * link; the path policy for socket-named targets; cancel; and errors that start no job.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ExportDoneMessage,
  ExportEstimateMessage,
  ExportStartedMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import type { TestClient } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from '../acquisition/helpers.js';
import { CSV_METADATA_LINES } from '../../../shared/format/csvMetadata.js';
import { parseNpy, readStoredZip } from '../../helpers/exportReadBack.js';

describe('export over the protocol', () => {
  const fixture = useTestBackend({ starter: startAcquisitionBackend });
  let client: TestClient;
  let acquisitionId: string;

  beforeEach(async () => {
    client = await fixture.connect('binary');
    const acquisition = await create(client, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 10_000,
      channels: ['CH1', 'CH2'],
      num_samples: 20_000,
      name: 'export me',
    });
    acquisitionId = acquisition.acquisition_id;
    await command(client, 'start_acquisition', acquisitionId);
    await stateEvent(client, acquisitionId, 'complete');
  });

  it('estimates, exports with progress, and serves the file once through a download link', async () => {
    const estimate = await client.request<ExportEstimateMessage>({
      type: 'estimate_export',
      acquisition_id: acquisitionId,
      format: 'npy',
    });
    expect(estimate.type).toBe('export_estimate');

    const started = await client.request<ExportStartedMessage>({
      type: 'export_acquisition',
      acquisition_id: acquisitionId,
      format: 'npy',
    });
    expect(started.type).toBe('export_started');
    const done = await client.next<ExportDoneMessage>(
      (m) => m.type === 'export_done' && m.export_id === started.export_id,
    );
    // A download carries one file: NPY goes out as one archive with the time axis and the provenance.
    expect(done.bytes).toBe(estimate.estimated_bytes);
    expect(done.path).toMatch(/\.npy\.zip$/);
    expect(done.sidecars).toBeUndefined();
    expect(path.dirname(done.path)).toBe(path.join(fixture.backend.dataDir, 'exports'));
    const file = readFileSync(done.path);
    expect(createHash('sha256').update(file).digest('hex')).toBe(done.sha256);
    const members = readStoredZip(new Uint8Array(file));
    expect([...members.keys()]).toEqual(['time_s.npy', 'CH1.npy', 'CH2.npy', 'metadata.json']);
    const time = parseNpy(members.get('time_s.npy')!);
    expect(time).toMatchObject({ descr: '<f8', shape: [20_000] });
    expect(new Float64Array(time.data.buffer, time.data.byteOffset, 3)).toEqual(
      Float64Array.of(0, 1e-4, 2e-4),
    );
    expect(parseNpy(members.get('CH2.npy')!)).toMatchObject({ descr: '<f4', shape: [20_000] });
    // The provenance names the instrument, not only its id: vendor, model and serial from the catalog.
    const metadata = JSON.parse(new TextDecoder().decode(members.get('metadata.json'))) as {
      instrument: Record<string, unknown>;
    };
    expect(metadata).toMatchObject({ acquisition_id: acquisitionId, sample_rate_hz: 10_000 });
    expect(metadata.instrument).toMatchObject({
      equipment_id: 'scope_1',
      vendor: 'Benchtop',
      model: 'SIM-SCOPE4 four-channel oscilloscope',
      serial: 'SIM-scope_1',
    });

    const url = `http://127.0.0.1:${fixture.backend.port}${done.download_url}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.npy\.zip"$/);
    expect(Buffer.from(await first.arrayBuffer()).equals(file)).toBe(true);
    // Used: 410 Gone with words a person can act on, never the file again.
    const again = await fetch(url);
    expect(again.status).toBe(410);
    expect(await again.text()).toMatch(/used already.*export the capture again/);
    const unknown = await fetch(`http://127.0.0.1:${fixture.backend.port}/downloads/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
  });

  it('refuses a target outside the exports folder and writes nothing', async () => {
    for (const target of [
      '/etc/benchtop.csv',
      '../escape.csv',
      path.join(fixture.backend.dataDir, 'acquisitions', acquisitionId, 'x.csv'),
    ]) {
      const reply = await client.request({
        type: 'export_acquisition',
        acquisition_id: acquisitionId,
        format: 'csv',
        path: target,
      });
      expect(reply, target).toMatchObject({ type: 'error', code: 'invalid_path' });
    }
    expect(existsSync('/etc/benchtop.csv')).toBe(false);
    expect(client.ofType('export_started' as ServerMessage['type'])).toHaveLength(0);
  });

  it('answers bad requests with one error and starts no job', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ acquisition_id: 'acq_ffffffffffff', format: 'csv' }, 'not_found'],
      [{ acquisition_id: '../../etc/passwd', format: 'csv' }, 'not_found'],
      [{ acquisition_id: acquisitionId, format: 'csv', channels: ['CH9'] }, 'out_of_range'],
      [{ acquisition_id: acquisitionId, format: 'csv', start_s: 5, end_s: 6 }, 'out_of_range'],
    ];
    for (const [fields, code] of cases) {
      const reply = await client.request({ type: 'export_acquisition', ...fields });
      expect(reply, JSON.stringify(fields)).toMatchObject({ type: 'error', code });
    }
    expect(fixture.backend.exports.runningCount).toBe(0);
    const exportsDir = path.join(fixture.backend.dataDir, 'exports');
    expect(existsSync(exportsDir) ? readdirSync(exportsDir) : []).toEqual([]);
    await expect(client.request({ type: 'cancel_export', export_id: 'exp_nope' })).resolves.toMatchObject({
      type: 'error',
      code: 'not_found',
    });
  });

  it('writes a time range and channel subset to a relative name inside the exports folder', async () => {
    const started = await client.request<ExportStartedMessage>({
      type: 'export_acquisition',
      acquisition_id: acquisitionId,
      format: 'csv',
      channels: ['CH2'],
      start_s: 0.5,
      end_s: 1,
      path: 'subset.csv',
    });
    expect(started.type).toBe('export_started');
    const done = await client.next<ExportDoneMessage>(
      (m) => m.type === 'export_done' && m.export_id === started.export_id,
    );
    expect(done.path).toBe(path.join(fixture.backend.dataDir, 'exports', 'subset.csv'));
    const all = readFileSync(done.path, 'utf8').trimEnd().split('\r\n');
    // The metadata block (shared/format/csvMetadata.ts) comes first; the table follows it.
    expect(all.slice(0, CSV_METADATA_LINES).every((l) => l.startsWith('# '))).toBe(true);
    const lines = all.slice(CSV_METADATA_LINES);
    expect(lines[0]).toBe('time_s,CH2 (V)');
    expect(lines).toHaveLength(1 + 5_000);
  });
});

describe('export leftovers', () => {
  it('removes temp files of an export interrupted by a crash at the next start, and keeps finished exports', async () => {
    const { mkdirSync, writeFileSync, existsSync: exists, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'benchtop-leftovers-'));
    try {
      mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
      writeFileSync(
        path.join(dataDir, 'exports', '.benchtop-part-9f3c0a7be214-run_acq_0123456789ab.csv'),
        'half',
      );
      writeFileSync(path.join(dataDir, 'exports', 'finished.csv'), 'time_s\r\n');
      const backend = await startAcquisitionBackend({ dataDir });
      await backend.close();
      expect(
        exists(path.join(dataDir, 'exports', '.benchtop-part-9f3c0a7be214-run_acq_0123456789ab.csv')),
      ).toBe(false);
      expect(exists(path.join(dataDir, 'exports', 'finished.csv'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
