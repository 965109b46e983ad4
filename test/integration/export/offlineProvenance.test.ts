/**
 * An export of a capture whose instrument is now unreachable (offline since start-up, so its catalog has
 * no identity yet) keeps the identity recorded with the capture: the provenance never goes blank.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { FaultyDriver } from '../../../src-main/instruments/faults/FaultyDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { ExportDoneMessage, ExportStartedMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from '../acquisition/helpers.js';

describe('export provenance with the instrument offline', () => {
  let dir: string | undefined;
  const open: { backend: Backend; client: TestClient }[] = [];
  afterEach(async () => {
    for (const { backend, client } of open.splice(0)) {
      await client.close();
      await backend.close();
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the identity recorded with the capture', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-provenance-'));
    const first = await startAcquisitionBackend({ dataDir: dir });
    const firstClient = await TestClient.handshake(first);
    const { acquisition_id: id } = await create(firstClient, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 10_000,
      channels: ['CH1'],
      num_samples: 1_000,
    });
    await command(firstClient, 'start_acquisition', id);
    await stateEvent(firstClient, id, 'complete');
    await firstClient.close();
    await first.close();

    // The scope cannot be reached after the restart: it has never answered this backend.
    const unreachable = new FaultyDriver(new SimOscilloscope({ id: 'scope_1' }), { disconnectAfterReads: 0 });
    const backend = await startAcquisitionBackend({ dataDir: dir, drivers: [unreachable] });
    const client = await TestClient.handshake(backend);
    open.push({ backend, client });
    expect(backend.registry.get('scope_1')!.state).toBe('offline');
    const started = await client.request<ExportStartedMessage>({
      type: 'export_acquisition',
      acquisition_id: id,
      // CSV keeps its sidecar in browser mode (an NPY goes out as one .npy.zip there).
      format: 'csv',
    });
    const done = await client.next<ExportDoneMessage>(
      (m) => m.type === 'export_done' && m.export_id === started.export_id,
    );
    const sidecar = JSON.parse(await readFile(done.sidecars![0]!, 'utf8')) as {
      instrument: Record<string, unknown>;
    };
    expect(sidecar.instrument).toMatchObject({
      equipment_id: 'scope_1',
      vendor: 'Benchtop',
      model: 'SIM-SCOPE4 four-channel oscilloscope',
      serial: 'SIM-scope_1',
    });
  });
});
