/**
 * Named setups end to end over the protocol: save the bench, change every setting, recall, and the
 * catalog's settings are back exactly, with outputs left off; bad files and names refused with a reason;
 * and the working setup restored when the backend restarts, outputs off, said in an event and the list.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { captureSettings } from '../../../src-main/setups/index.js';
import { silentLogger } from '../../../src-main/util/log.js';
import type {
  ErrorMessage,
  InstrumentLinkStats,
  EventsMessage,
  InfoMessage,
  ParameterInfo,
  ParametersMessage,
  SetupExportedMessage,
  SetupRecalledMessage,
  SetupSavedMessage,
  SetupsMessage,
} from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';

type Value = number | boolean | string;

/** A valid value other than `current`, from the catalog entry alone. */
function otherValue(info: ParameterInfo, current: Value): Value {
  if (info.type === 'boolean') return !current;
  if (info.type === 'enum') return info.choices!.find((c) => c !== current)!;
  if (info.values !== undefined) return info.values.find((v) => v !== current)!;
  const min = info.min ?? 0;
  const max = info.max ?? min + 10;
  const mid = Number(((min + max) / 3).toFixed(3));
  return mid === current ? min : mid;
}

/** The simulated supply as if reached over a link: a real instrument, whose state outlives the backend. */
class LinkedSupply extends SimPowerSupply {
  linkStats(): InstrumentLinkStats {
    return {
      transport: 'lan',
      address: '127.0.0.1:5555',
      connected: true,
      latency_p50_ms: 1,
      latency_p95_ms: 2,
      receive_bytes_per_s: 0,
      send_bytes_per_s: 0,
      queries: 0,
      writes: 0,
      bytes_received: 0,
      bytes_sent: 0,
      timeouts: 0,
      resyncs: 0,
      instrument_errors: 0,
      parse_errors: 0,
      connects: 1,
    };
  }
}

describe('setups', () => {
  let dir: string;
  let backend: Backend | undefined;
  const clients: TestClient[] = [];
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-setups-'))));
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await backend?.close();
    backend = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  const start = async (
    psu: SimPowerSupply = new SimPowerSupply({ id: 'psu_1', seed: 1 }),
  ): Promise<TestClient> => {
    backend = await startBackend({
      log: silentLogger,
      dataDir: dir,
      drivers: [psu, new SimOscilloscope({ id: 'scope_1', seed: 2 })],
    });
    const client = await TestClient.handshake(backend);
    clients.push(client);
    return client;
  };
  const settingsOf = async (client: TestClient, id: string): Promise<ReturnType<typeof captureSettings>> => {
    const info = await client.request<InfoMessage>({ type: 'get_info' });
    const parameters = info.instruments.find((i) => i.id === id)!.parameters;
    const snapshot = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: id });
    return captureSettings(parameters, { global: snapshot.global, channels: snapshot.channels });
  };

  it('save → change everything → recall gives identical catalog settings, outputs left off', async () => {
    const client = await start();
    const before = { psu: await settingsOf(client, 'psu_1'), scope: await settingsOf(client, 'scope_1') };
    const saved = await client.request<SetupSavedMessage>({
      type: 'save_setup',
      name: 'Bench A',
      scope: 'bench',
      client: {
        layout: { sidebar_collapsed: true, hidden_panels: ['events'] },
        streams: [{ equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 100 }],
      },
    });
    expect(saved.type).toBe('setup_saved');
    expect(saved.setup.instruments.map((i) => i.equipment_id)).toEqual(['psu_1', 'scope_1']);
    expect(saved.setup.sections).toEqual(['layout', 'streams', 'alarms']);
    // The file is readable JSON with its schema version.
    const file = JSON.parse(await readFile(path.join(dir, 'setups', 'Bench A.json'), 'utf8')) as {
      schema_version: number;
    };
    expect(file.schema_version).toBe(1);

    // Change every setting the catalogs list (an output on, too).
    const info = await client.request<InfoMessage>({ type: 'get_info' });
    for (const instrument of info.instruments) {
      const current = instrument.id === 'psu_1' ? before.psu : before.scope;
      for (const p of instrument.parameters) {
        if (p.name === 'clear_protection') continue;
        const value =
          p.channel === undefined ? current.global[p.name] : current.channels[String(p.channel)]?.[p.name];
        if (value === undefined) continue;
        await client.request({
          type: 'set_parameter',
          equipment_id: instrument.id,
          parameter: p.name,
          channel: p.channel,
          value: otherValue(p, value),
        });
      }
    }
    const changed = await settingsOf(client, 'psu_1');
    expect(changed).not.toEqual(before.psu);
    expect(await settingsOf(client, 'scope_1')).not.toEqual(before.scope);
    expect(Object.values(changed.channels).some((c) => c.output_enabled === true)).toBe(true);

    const recalled = await client.request<SetupRecalledMessage>({ type: 'recall_setup', name: 'Bench A' });
    expect(recalled.type).toBe('setup_recalled');
    expect(recalled.report.skipped).toEqual([]);
    expect(recalled.report.outputs_left_off.map((o) => o.channel)).toEqual([1, 2, 3]);
    expect(recalled.report.outputs_left_off[0]!.reason).toBe('outputs left off — turn on when ready');
    expect(recalled.report.client).toEqual({
      layout: { sidebar_collapsed: true, hidden_panels: ['events'] },
      streams: [{ equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 100 }],
    });
    const after = { psu: await settingsOf(client, 'psu_1'), scope: await settingsOf(client, 'scope_1') };
    expect(after.scope).toEqual(before.scope);
    // Every PSU setting is back; outputs are off whatever they were (the sim's start has all off).
    expect(after.psu).toEqual(before.psu);
    for (const channel of Object.values(after.psu.channels)) expect(channel.output_enabled).toBe(false);
  });

  it('lists, exports, imports and deletes setups; refuses bad files and names with the reason', async () => {
    const client = await start();
    await client.request({
      type: 'save_setup',
      name: 'psu only',
      scope: 'instrument',
      equipment_id: 'psu_1',
    });
    const listed = await client.request<SetupsMessage>({ type: 'list_setups' });
    expect(listed.setups.map((s) => [s.name, s.scope])).toEqual([['psu only', 'instrument']]);
    expect(listed.restored).toBeUndefined();

    const exported = await client.request<SetupExportedMessage>({ type: 'export_setup', name: 'psu only' });
    const imported = await client.request<SetupSavedMessage>({
      type: 'import_setup',
      text: exported.text,
      name: 'copy',
    });
    expect(imported.setup.name).toBe('copy');
    expect(imported.setup.instruments[0]!.equipment_id).toBe('psu_1');

    const notJson = await client.request<ErrorMessage>({
      type: 'import_setup',
      text: '{"schema_version": 1,',
    });
    expect(notJson.code).toBe('invalid_message');
    expect(notJson.message).toMatch(/^the imported file is not JSON/);

    const bad = JSON.parse(exported.text) as {
      instruments: { settings: { channels: Record<string, unknown> } }[];
    };
    bad.instruments[0]!.settings.channels['1'] = { voltage_set: [5] };
    const refused = await client.request<ErrorMessage>({ type: 'import_setup', text: JSON.stringify(bad) });
    expect(refused.code).toBe('invalid_message');
    expect(refused.message).toContain('instruments[0].settings.channels["1"].voltage_set');
    const wrongVersion = await client.request<ErrorMessage>({
      type: 'import_setup',
      text: JSON.stringify({ ...JSON.parse(exported.text), schema_version: 7 }),
    });
    expect(wrongVersion.message).toContain('schema_version');

    const badName = await client.request<ErrorMessage>({
      type: 'save_setup',
      name: '../escape',
      scope: 'bench',
    });
    expect(badName.code).toBe('invalid_message');
    expect(badName.message).toContain('name');

    await client.request({ type: 'delete_setup', name: 'copy' });
    const gone = await client.request<ErrorMessage>({ type: 'recall_setup', name: 'copy' });
    expect(gone.code).toBe('not_found');
    const after = await client.request<SetupsMessage>({ type: 'list_setups' });
    expect(after.setups.map((s) => s.name)).toEqual(['psu only']);
  });

  it('recalls an instrument setup onto another instrument, reporting what does not fit', async () => {
    const client = await start();
    await client.request({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      parameter: 'voltage_set',
      channel: 1,
      value: 24,
    });
    await client.request({ type: 'save_setup', name: 'psu', scope: 'instrument', equipment_id: 'psu_1' });
    const onScope = await client.request<SetupRecalledMessage>({
      type: 'recall_setup',
      name: 'psu',
      equipment_id: 'scope_1',
    });
    expect(onScope.report.applied).toEqual([]);
    expect(onScope.report.skipped.find((s) => s.item === 'voltage_set' && s.channel === 1)?.reason).toMatch(
      /has no setting "voltage_set"/,
    );
    const unknown = await client.request<ErrorMessage>({
      type: 'recall_setup',
      name: 'psu',
      equipment_id: 'nope',
    });
    expect(unknown.code).toBe('unknown_equipment');
  });

  it('restores each instrument’s last settings at restart with outputs off, and says so', async () => {
    let client = await start();
    await client.request({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      parameter: 'voltage_set',
      channel: 2,
      value: 7.5,
    });
    await client.request({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      parameter: 'output_enabled',
      channel: 2,
      value: true,
    });
    await client.request({
      type: 'set_parameter',
      equipment_id: 'scope_1',
      parameter: 'timebase',
      value: 0.005,
    });
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await backend!.close();

    client = await start();
    const psu = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect(psu.channels['2']!.voltage_set).toBe(7.5);
    expect(psu.channels['2']!.output_enabled).toBe(false);
    const scope = await client.request<ParametersMessage>({
      type: 'get_parameters',
      equipment_id: 'scope_1',
    });
    expect(scope.global.timebase).toBe(0.005);

    const listed = await client.request<SetupsMessage>({ type: 'list_setups' });
    expect(listed.restored?.report.skipped).toEqual([]);
    expect(listed.restored?.report.outputs_left_off.map((o) => o.channel)).toEqual([1, 2, 3]);
    const events = await client.request<EventsMessage>({ type: 'get_events' });
    const restored = events.events.filter((e) => e.kind === 'setup_restored');
    expect(restored.map((e) => e.equipment_id).sort()).toEqual(['psu_1', 'scope_1']);
    expect(restored.find((e) => e.equipment_id === 'psu_1')!.message).toContain(
      'outputs left off — turn on when ready',
    );
  });

  it('leaves an instrument whose output is on at start-up exactly as it is, and says why', async () => {
    // Was: the restore switched every output off first — a real supply still powering its load while the
    // backend restarted lost its output, and its setpoints were rewritten.
    let client = await start();
    await client.request({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      parameter: 'voltage_set',
      channel: 1,
      value: 4.2,
    });
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await backend!.close();

    // A supply on a link (not a simulator, which starts afresh with each run) kept running on its own:
    // output on, at a voltage the working setup does not hold.
    const running = new LinkedSupply({ id: 'psu_1', seed: 1 });
    await running.setParameter('voltage_set', 6, 1);
    await running.setParameter('output_enabled', true, 1);
    client = await start(running);
    const psu = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect(psu.channels['1']!.output_enabled).toBe(true);
    expect(psu.channels['1']!.voltage_set).toBe(6);
    const listed = await client.request<SetupsMessage>({ type: 'list_setups' });
    const left = listed.restored?.report.skipped.find((s) => s.equipment_id === 'psu_1');
    expect(left?.reason).toMatch(/CH1 on at start-up/);
    expect(listed.restored?.report.outputs_left_off.filter((o) => o.equipment_id === 'psu_1')).toEqual([]);
  });
});
