/**
 * What outside testing broke in exports (issue 15), over the protocol: two exports of one capture at once
 * (same default name, or the same explicit path), a download link whose file was swapped for a symbolic
 * link or another file, a finished export named like a temp file across a restart, and the cap on exports
 * running at once.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  ErrorMessage,
  ExportDoneMessage,
  ExportFailedMessage,
  ExportStartedMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import type { TestClient } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from '../acquisition/helpers.js';

const fixture = useTestBackend({ lazy: true, starter: startAcquisitionBackend });

async function capture(client: TestClient): Promise<string> {
  const acquisition = await create(client, {
    equipment_id: 'scope_1',
    mode: 'single',
    sample_rate: 100_000,
    channels: ['CH1', 'CH2'],
    num_samples: 20_000,
    name: 'race',
  });
  await command(client, 'start_acquisition', acquisition.acquisition_id);
  await stateEvent(client, acquisition.acquisition_id, 'complete');
  return acquisition.acquisition_id;
}

type Outcome = ExportDoneMessage | ExportFailedMessage | ErrorMessage;

/** Sends export_acquisition and resolves with how it ended: done, failed, or refused up front. */
async function exportAndWait(client: TestClient, fields: Record<string, unknown>): Promise<Outcome> {
  const reply = await client.request<ExportStartedMessage | ErrorMessage>({
    type: 'export_acquisition',
    ...fields,
  });
  if (reply.type === 'error') return reply;
  return client.next<ExportDoneMessage | ExportFailedMessage>(
    (m: ServerMessage) =>
      (m.type === 'export_done' || m.type === 'export_failed') && m.export_id === reply.export_id,
    10_000,
  );
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('exports under pressure', () => {
  it('gives two exports of one capture started together their own files (names carry the export id)', async () => {
    await fixture.start();
    const client = await fixture.connect('binary');
    const id = await capture(client);
    const [a, b] = await Promise.all(
      ['CH1', 'CH2'].map((channel) =>
        exportAndWait(client, { acquisition_id: id, format: 'npy', channels: [channel] }),
      ),
    );
    expect(a!.type).toBe('export_done');
    expect(b!.type).toBe('export_done');
    const done = [a, b] as ExportDoneMessage[];
    expect(done[0]!.path).not.toBe(done[1]!.path);
    for (const d of done) {
      expect(path.basename(d.path)).toContain(d.export_id);
      expect(sha256(d.path)).toBe(d.sha256);
    }
  });

  it('lets one of two exports to the same path win; the other is refused and the file is the winner’s', async () => {
    await fixture.start();
    const client = await fixture.connect('binary');
    const id = await capture(client);
    const outcomes = await Promise.all(
      ['CH1', 'CH2'].map((channel) =>
        // CSV: a file and its sidecar, both committed (an NPY here would be one .npy.zip for a download).
        exportAndWait(client, { acquisition_id: id, format: 'csv', channels: [channel], path: 'same.csv' }),
      ),
    );
    const done = outcomes.filter((o): o is ExportDoneMessage => o.type === 'export_done');
    const refused = outcomes.filter((o) => o.type !== 'export_done');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    // Refused at the up-front check (error, export_code) or at the commit (export_failed, code).
    const refusal = refused[0]!;
    const code = refusal.type === 'error' ? refusal.details?.export_code : refusal.code;
    expect(code, JSON.stringify(refusal)).toBe('exists');
    expect(sha256(done[0]!.path)).toBe(done[0]!.sha256);
    const sidecar = JSON.parse(readFileSync(`${done[0]!.path}.meta.json`, 'utf8')) as {
      file: { sha256: string };
    };
    expect(sidecar.file.sha256).toBe(done[0]!.sha256);
  });

  it('refuses a download whose file was replaced by a symbolic link or by another file', async () => {
    const backend = await fixture.start();
    const client = await fixture.connect('binary');
    const id = await capture(client);
    const secret = path.join(backend.dataDir, 'secret.txt');
    writeFileSync(secret, 'root:x:0:0:not for the browser\n');
    for (const replace of [
      (file: string) => symlinkSync(secret, file),
      (file: string) => writeFileSync(file, 'same name, other file'),
    ]) {
      const done = (await exportAndWait(client, { acquisition_id: id, format: 'npy' })) as ExportDoneMessage;
      expect(done.type).toBe('export_done');
      unlinkSync(done.path);
      replace(done.path);
      const response = await fetch(`http://127.0.0.1:${backend.port}${done.download_url}`);
      const body = await response.text();
      expect(response.status).toBe(410);
      expect(body).not.toContain('not for the browser');
      expect(body).toMatch(/replaced/);
    }
  });

  it('keeps a finished export whose name looks like a temp file, with its sidecar, across a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'benchtop-sweep-'));
    try {
      await fixture.start({ dataDir });
      const client = await fixture.connect('binary');
      const id = await capture(client);
      const done = (await exportAndWait(client, {
        acquisition_id: id,
        format: 'csv',
        path: '.hidden.csv.tmp-aa',
      })) as ExportDoneMessage;
      expect(done.type).toBe('export_done');
      const leftover = path.join(dataDir, 'exports', '.benchtop-part-0123456789ab-run.csv');
      writeFileSync(leftover, 'half written when the backend died');
      await fixture.stop();
      await fixture.start({ dataDir });
      expect(readFileSync(done.path, 'utf8').startsWith('# benchtop_csv: 1\r\n')).toBe(true);
      expect(existsSync(`${done.path}.meta.json`)).toBe(true);
      expect(existsSync(leftover)).toBe(false);
      // A name the engine keeps for itself cannot be asked for.
      const again = await fixture.connect('binary');
      const reply = await again.request({
        type: 'export_acquisition',
        acquisition_id: id,
        format: 'csv',
        path: '.benchtop-part-mine.csv',
      });
      expect(reply).toMatchObject({ type: 'error', code: 'invalid_path' });
    } finally {
      await fixture.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses an export over the cap with limit_exceeded and starts no job', async () => {
    const backend = await fixture.start({ exportLimits: { maxRunning: 0 } });
    const client = await fixture.connect('binary');
    const id = await capture(client);
    const reply = await client.request({ type: 'export_acquisition', acquisition_id: id, format: 'npy' });
    expect(reply).toMatchObject({
      type: 'error',
      code: 'limit_exceeded',
      details: { limit: 0, scope: 'backend', export_code: 'limit_exceeded' },
    });
    expect(backend.exports.runningCount).toBe(0);
    expect(client.ofType('export_started')).toHaveLength(0);
  });
});
