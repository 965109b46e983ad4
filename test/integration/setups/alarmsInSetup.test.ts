/**
 * Alarm definitions travel with a bench setup (issue 18): saved with it, put back by a recall in place of
 * whatever alarms the bench has then, and a saved alarm the bench cannot watch is reported, not dropped
 * silently.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { silentLogger } from '../../../src-main/util/log.js';
import type {
  AlarmsMessage,
  SetupExportedMessage,
  SetupRecalledMessage,
} from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';

const overCurrent = {
  name: 'CH1 over-current',
  equipment_id: 'psu_1',
  stream_type: 'readings',
  field: 'current',
  channel: 1,
  condition: { kind: 'above', limit: 0.8 },
  level: 'alarm',
  holdoff_ms: 200,
  action: { kind: 'outputs_off', scope: 'instrument' },
} as const;

describe('alarms in a bench setup', () => {
  let dir: string;
  let backend: Backend | undefined;
  let client: TestClient | undefined;
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-setup-alarms-'))));
  afterEach(async () => {
    await client?.close();
    await backend?.close();
    backend = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the alarms with the bench and a recall puts them back in place of the current ones', async () => {
    backend = await startBackend({
      log: silentLogger,
      dataDir: dir,
      drivers: [new SimPowerSupply({ id: 'psu_1', seed: 1 })],
    });
    client = await TestClient.handshake(backend);
    const defined = await client.request<AlarmsMessage>({ type: 'define_alarm', alarm: overCurrent });
    const alarmId = defined.alarms[0]!.id;
    await client.request({ type: 'save_setup', name: 'with-alarm', scope: 'bench' });
    const exported = await client.request<SetupExportedMessage>({ type: 'export_setup', name: 'with-alarm' });
    expect(JSON.parse(exported.text).sections.alarms).toEqual([expect.objectContaining(overCurrent)]);

    // Change the bench's alarms: delete the saved one, add another.
    await client.request({ type: 'delete_alarm', alarm_id: alarmId });
    await client.request({
      type: 'define_alarm',
      alarm: { ...overCurrent, name: 'later one', condition: { kind: 'below', limit: 1 } },
    });

    const recalled = await client.request<SetupRecalledMessage>({ type: 'recall_setup', name: 'with-alarm' });
    expect(recalled.report.applied).toContainEqual({
      equipment_id: 'psu_1',
      item: 'alarm "CH1 over-current"',
    });
    const now = await client.request<AlarmsMessage>({ type: 'list_alarms' });
    expect(now.alarms.map((a) => a.name)).toEqual(['CH1 over-current']);
    expect(now.alarms[0]).toEqual(expect.objectContaining(overCurrent));
  });

  it('reports a saved alarm the bench cannot watch, naming it and why', async () => {
    backend = await startBackend({
      log: silentLogger,
      dataDir: dir,
      drivers: [new SimPowerSupply({ id: 'psu_1', seed: 1 })],
    });
    client = await TestClient.handshake(backend);
    const file = {
      schema_version: 1,
      name: 'foreign',
      scope: 'bench',
      saved_at: 0,
      instruments: [],
      sections: { alarms: [{ ...overCurrent, name: 'ghost field', field: 'status_ocp' }] },
    };
    await client.request({ type: 'import_setup', text: JSON.stringify(file) });
    const recalled = await client.request<SetupRecalledMessage>({ type: 'recall_setup', name: 'foreign' });
    const skipped = recalled.report.skipped.find((s) => s.item === 'alarm "ghost field"');
    expect(skipped?.reason).toMatch(/status_ocp/);
  });
});
