/**
 * Instruments added and removed while running, as two dashboards see it: the command's reply to the one
 * that asked, `instrument_added` / `instrument_state` / `instrument_removed` events and the updated catalog
 * to both, streams of a removed instrument ended with `stream_stopped`, the bench file saved (atomically)
 * and loaded again after a restart. Refusals change nothing.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { silentLogger } from '../../../src-main/util/log.js';
import type {
  ErrorMessage,
  EventMessage,
  InfoMessage,
  InstrumentAddedMessage,
  ServerMessage,
  StreamDataMessage,
  StreamStoppedMessage,
} from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';

const secondSupply = {
  id: 'psu_2',
  driver: 'sim-psu',
  label: 'Second supply',
  options: { seed: 5, channels: { 1: { voltage_set: 3, output_enabled: true } } },
};

const eventOf = (kind: string, id: string) => (m: ServerMessage) =>
  m.type === 'event' && m.kind === kind && m.equipment_id === id;

describe('adding and removing instruments at run time', () => {
  let dir: string;
  let backend: Backend | undefined;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-addremove-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await backend?.close();
    backend = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const dataDir = (): string => path.join(dir, 'data');
  const start = async (): Promise<Backend> => {
    backend = await startBackend({ log: silentLogger, dataDir: dataDir(), seed: 1 });
    return backend;
  };
  const connect = async (): Promise<TestClient> => {
    const client = await TestClient.handshake(backend!);
    clients.push(client);
    return client;
  };
  const ids = async (client: TestClient): Promise<string[]> =>
    (await client.request<InfoMessage>({ type: 'get_info' })).instruments.map((i) => i.id);
  const savedIds = async (): Promise<string[]> => {
    const bench = JSON.parse(await readFile(path.join(dataDir(), 'bench.json'), 'utf8')) as {
      instruments: { id: string }[];
    };
    return bench.instruments.map((i) => i.id);
  };

  it('adds an instrument every dashboard sees and can stream from, removes it, and keeps the bench across a restart', async () => {
    await start();
    const a = await connect();
    const b = await connect();

    const added = await a.request<InstrumentAddedMessage>({
      type: 'add_instrument',
      instrument: secondSupply,
    });
    expect(added).toMatchObject({
      type: 'instrument_added',
      instrument: { id: 'psu_2', label: 'Second supply', driver: 'sim-psu', kind: 'power_supply' },
    });
    for (const client of [a, b]) {
      const event = await client.next<EventMessage>(eventOf('instrument_added', 'psu_2'));
      expect(event.details).toMatchObject({ instrument: { id: 'psu_2', label: 'Second supply' } });
      const online = await client.next<EventMessage>(eventOf('instrument_state', 'psu_2'));
      expect(online.details).toMatchObject({
        state: 'online',
        instrument: { streams: [{ stream_type: 'readings' }] },
      });
      expect(await ids(client)).toEqual(['psu_1', 'scope_1', 'psu_2']);
    }
    expect(await savedIds()).toEqual(['psu_1', 'scope_1', 'psu_2']);

    await b.request({
      type: 'start_stream',
      equipment_id: 'psu_2',
      stream_type: 'readings',
      interval_ms: 20,
    });
    const data = await b.next<StreamDataMessage>(
      (m) => m.type === 'stream_data' && m.equipment_id === 'psu_2',
    );
    expect(data.data).toMatchObject({ channel: 1, voltage_set: 3, output_enabled: true });

    const removed = await a.request({ type: 'remove_instrument', equipment_id: 'psu_2' });
    expect(removed).toEqual({
      type: 'instrument_removed',
      request_id: expect.any(String),
      equipment_id: 'psu_2',
    });
    const stopped = await b.next<StreamStoppedMessage>((m) => m.type === 'stream_stopped');
    expect(stopped).toMatchObject({
      equipment_id: 'psu_2',
      stream_type: 'readings',
      reason: 'psu_2 was removed from the bench',
    });
    for (const client of [a, b]) {
      await client.next(eventOf('instrument_removed', 'psu_2'));
      expect(await ids(client)).toEqual(['psu_1', 'scope_1']);
    }
    expect(b.ofType('event').filter((e) => e.kind === 'stream_fault')).toEqual([]);
    expect(await savedIds()).toEqual(['psu_1', 'scope_1']);

    // What is added at run time is there after a restart.
    await a.request({ type: 'add_instrument', instrument: { ...secondSupply, id: 'psu_3', label: 'Third' } });
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await backend!.close();
    await start();
    const c = await connect();
    const info = await c.request<InfoMessage>({ type: 'get_info' });
    expect(info.instruments.map((i) => [i.id, i.label])).toEqual([
      ['psu_1', 'Power supply'],
      ['scope_1', 'Oscilloscope'],
      ['psu_3', 'Third'],
    ]);
  });

  it('refuses bad additions and removals with a specific error, changing nothing', async () => {
    await start();
    const a = await connect();
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [
        { type: 'add_instrument', instrument: { ...secondSupply, id: 'psu_1' } },
        'invalid_message',
        /^instrument\.id: "psu_1" is already on the bench$/,
      ],
      [
        { type: 'add_instrument', instrument: { ...secondSupply, driver: 'sim-dmm' } },
        'invalid_message',
        /^instrument\.driver: unknown driver "sim-dmm" \(known: sim-psu, sim-scope, rigol-dp800, keysight-e36300, siglent-spd3303x, rigol-ds1000z, keysight-infiniivision\)$/,
      ],
      [
        {
          type: 'add_instrument',
          instrument: { ...secondSupply, options: { channels: { 1: { voltage_set: 99 } } } },
        },
        'invalid_message',
        /^instrument\.options\.channels\["1"\]\.voltage_set: voltage_set \(channel 1\) must be between 0 and 30 V; got 99$/,
      ],
      [
        { type: 'add_instrument', instrument: { ...secondSupply, id: '2nd supply' } },
        'invalid_message',
        /^add_instrument: instrument\.id must be a letter/,
      ],
      [
        { type: 'add_instrument', instrument: { id: 'x', driver: 'sim-psu' } },
        'invalid_message',
        /^add_instrument: instrument\.label is missing: it must be text$/,
      ],
      [{ type: 'remove_instrument', equipment_id: 'nope' }, 'unknown_equipment', /^no instrument "nope"$/],
    ];
    for (const [command, code, message] of refusals) {
      const reply = await a.request<ErrorMessage>(command);
      expect(reply, JSON.stringify(command)).toMatchObject({ type: 'error', code });
      expect(reply.message).toMatch(message);
    }
    expect(await ids(a)).toEqual(['psu_1', 'scope_1']);
    expect(a.ofType('event').filter((e) => e.kind.startsWith('instrument_'))).toEqual([]);
  });

  it('refuses to remove an instrument that is capturing', async () => {
    await start();
    const a = await connect();
    const created = await a.request({
      type: 'create_acquisition',
      equipment_id: 'psu_1',
      mode: 'continuous',
      sample_rate: 100,
      channels: ['CH1.voltage'],
    });
    const id = (created as { acquisition: { acquisition_id: string } }).acquisition.acquisition_id;
    await a.request({ type: 'start_acquisition', acquisition_id: id });
    const refused = await a.request<ErrorMessage>({ type: 'remove_instrument', equipment_id: 'psu_1' });
    expect(refused).toMatchObject({ code: 'busy', details: { acquisition_id: id } });
    expect(refused.message).toBe(`psu_1 is capturing (acquisition ${id}); stop that acquisition first`);
    expect(await ids(a)).toEqual(['psu_1', 'scope_1']);
    await a.request({ type: 'stop_acquisition', acquisition_id: id });
    const removed = await a.request({ type: 'remove_instrument', equipment_id: 'psu_1' });
    expect(removed.type).toBe('instrument_removed');
  });

  it('changes nothing when the bench file cannot be saved', async () => {
    await start();
    const a = await connect();
    // A directory where the file goes: the atomic rename onto it fails.
    await mkdir(path.join(dataDir(), 'bench.json', 'in-the-way'), { recursive: true });
    const reply = await a.request<ErrorMessage>({ type: 'add_instrument', instrument: secondSupply });
    expect(reply).toMatchObject({ type: 'error', code: 'storage_error' });
    expect(reply.message).toMatch(/the bench file could not be saved .*; nothing was changed/);
    expect(await ids(a)).toEqual(['psu_1', 'scope_1']);
    const removal = await a.request<ErrorMessage>({ type: 'remove_instrument', equipment_id: 'scope_1' });
    expect(removal).toMatchObject({ type: 'error', code: 'storage_error' });
    expect(await ids(a)).toEqual(['psu_1', 'scope_1']);
  });
});
