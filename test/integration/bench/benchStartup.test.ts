/**
 * Start-up from a bench: the file given, else the data folder's bench.json, else the simulated pair; a bad
 * file stops start-up with its one message and leaves nothing running (the data folder is not even
 * locked). An instrument that cannot be reached does not stop the others.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { BenchFileError } from '../../../src-main/bench/BenchFileError.js';
import { silentLogger } from '../../../src-main/util/log.js';
import type {
  EventMessage,
  InfoMessage,
  InstrumentInfo,
  ParametersMessage,
} from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';

describe('starting from a bench', () => {
  let dir: string;
  const running: Backend[] = [];
  const clients: TestClient[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-benchstart-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(running.splice(0).map((b) => b.close()));
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (benchFile?: string): Promise<Backend> => {
    const backend = await startBackend({
      log: silentLogger,
      dataDir: path.join(dir, 'data'),
      benchFile,
      seed: 1,
    });
    running.push(backend);
    return backend;
  };
  const info = async (backend: Backend): Promise<InfoMessage> => {
    const client = await TestClient.connect(backend);
    clients.push(client);
    return client.request<InfoMessage>({ type: 'get_info' });
  };
  const writeBench = async (name: string, bench: unknown): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(bench));
    return file;
  };

  it('serves the instruments of the file given, with their labels, drivers and settings', async () => {
    const file = await writeBench('lab.json', {
      instruments: [
        {
          id: 'left',
          driver: 'sim-psu',
          label: 'Left supply',
          options: { channels: { 1: { voltage_set: 9 } } },
        },
        { id: 'right', driver: 'sim-psu', label: 'Right supply', faults: { latency_ms: 1 } },
      ],
    });
    const backend = await start(file);
    const { instruments } = await info(backend);
    expect(instruments.map((i) => [i.id, i.label, i.driver, i.kind, i.state])).toEqual([
      ['left', 'Left supply', 'sim-psu', 'power_supply', 'online'],
      ['right', 'Right supply', 'sim-psu', 'power_supply', 'online'],
    ]);
    const client = await TestClient.connect(backend);
    clients.push(client);
    const left = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'left' });
    expect(left.channels['1']!.voltage_set).toBe(9);
  });

  it('without a file, serves the simulated pair; with a bench.json in the data folder, that bench', async () => {
    const first = await start();
    expect((await info(first)).instruments.map((i) => [i.id, i.label, i.driver])).toEqual([
      ['psu_1', 'Power supply', 'sim-psu'],
      ['scope_1', 'Oscilloscope', 'sim-scope'],
    ]);
    await first.close();
    running.splice(0);
    await writeBench('data/bench.json', {
      instruments: [{ id: 'only', driver: 'sim-scope', label: 'The scope' }],
    });
    const second = await start();
    expect((await info(second)).instruments.map((i) => i.id)).toEqual(['only']);
  });

  it('starts with an instrument that cannot be reached: offline and retried, the others working', async () => {
    const file = await writeBench('flaky.json', {
      instruments: [
        { id: 'psu_1', driver: 'sim-psu', label: 'Supply' },
        // Unreachable from the first call on, back after a while by itself.
        {
          id: 'far',
          driver: 'sim-scope',
          label: 'Far scope',
          faults: { disconnect_after_reads: 0, reconnect_after_ms: 400 },
        },
      ],
    });
    const backend = await startBackend({
      log: silentLogger,
      dataDir: path.join(dir, 'data'),
      benchFile: file,
      instrumentHost: { backoff: { initialMs: 50, maxMs: 50 } },
    });
    running.push(backend);
    const client = await TestClient.connect(backend);
    clients.push(client);
    const { instruments } = await client.request<InfoMessage>({ type: 'get_info' });
    expect(instruments.map((i) => [i.id, i.state])).toEqual([
      ['psu_1', 'online'],
      ['far', 'offline'],
    ]);
    expect(instruments[1]).toMatchObject({
      state_reason: 'far connect: instrument disconnected',
      streams: [],
    });
    const refused = await client.request({
      type: 'start_stream',
      equipment_id: 'far',
      stream_type: 'waveform',
    });
    expect(refused).toMatchObject({ type: 'error', code: 'instrument_fault' });
    const started = await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
    });
    expect(started.type).toBe('stream_started');
    const online = await client.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'instrument_state' && m.equipment_id === 'far',
    );
    expect(online.details).toMatchObject({ state: 'online', instrument: { id: 'far', label: 'Far scope' } });
    expect((online.details!.instrument as InstrumentInfo).streams.length).toBeGreaterThan(0);
  });

  it('stops on a bad file with its one message, and starts nothing', async () => {
    const bad = await writeBench('bad.json', {
      instruments: [{ id: 'psu_1', driver: 'sim-psu', label: 'Supply', options: { seed: 'one' } }],
    });
    const error = await start(bad).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(BenchFileError);
    expect((error as Error).message).toBe(
      `bench file ${bad}: instruments[0].options.seed: must be a number, not text ("one")`,
    );
    // Nothing was left running: the data folder is free for the next start.
    const good = await start(await writeBench('good.json', { instruments: [] }));
    expect((await info(good)).instruments).toEqual([]);
  });
});
