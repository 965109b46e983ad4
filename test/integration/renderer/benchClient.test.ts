/**
 * BenchClients against a real backend (in Node, `ws` standing in for the browser's WebSocket), as two open
 * dashboards: the catalog and the drivers on connect, an instrument added by one seen by both with its
 * state, a stream from it in the other, and its removal forgetting it in both. Each client keeps its own
 * slice of one store, keyed by its bench id. A network instrument is identified by address, added with the
 * driver and address the probe gave, then answered from the bench; a search reports what mDNS heard.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { BenchClient } from '../../../src-renderer/client/BenchClient';
import { RequestError } from '../../../src-renderer/connection/ConnectionManager';
import { createBenchesSlice, type BenchesSlice } from '../../../src-renderer/store/benchesSlice';
import type { BenchState } from '../../../src-renderer/store/benchState';
import { restartablePort } from '../../helpers/restartPort.js';
import { until } from '../../helpers/testBackend.js';

describe('BenchClient', () => {
  let dir: string;
  let backend: Backend | undefined;
  let store: StoreApi<BenchesSlice>;
  const clients: BenchClient[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-benchclient-'));
    store = createStore<BenchesSlice>()(createBenchesSlice);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await backend?.close();
    backend = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const open = (benchId: string): BenchClient => {
    const { wsUrl, token } = backend!;
    const client = new BenchClient({
      benchId,
      store,
      getEndpoint: async () => ({ url: wsUrl, token }),
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    clients.push(client);
    client.start();
    return client;
  };
  const bench = (id: string): BenchState => store.getState().benches[id]!;
  const ids = (id: string): string[] => (bench(id)?.instruments ?? []).map((i) => i.id);

  it('keeps two dashboards in step as an instrument is added, streamed from and removed', async () => {
    backend = await startBackend({ log: silentLogger, dataDir: path.join(dir, 'data'), seed: 1 });
    const left = open('left');
    const right = open('right');
    await until(() => ids('left').length === 2 && ids('right').length === 2, 'both catalogs');
    expect(bench('left').drivers?.map((d) => d.name)).toEqual(Object.keys(DRIVERS));

    const added = await left.addInstrument({ id: 'psu_2', driver: 'sim-psu', label: 'Second supply' });
    expect(added).toMatchObject({ id: 'psu_2', label: 'Second supply', kind: 'power_supply' });
    const online = (id: string): boolean =>
      bench(id).instruments?.find((i) => i.id === 'psu_2')?.state === 'online';
    await until(() => online('left') && online('right'), 'psu_2 online in both');
    expect(bench('right').stateSinceMs.psu_2).toBeGreaterThan(0);
    await until(() => bench('right').settings.psu_2 !== undefined, 'psu_2 settings read');

    await right.connection.startStream({ equipment_id: 'psu_2', stream_type: 'readings', interval_ms: 20 });
    await until(() => right.feeds.psu('psu_2').messages >= 3, 'readings from psu_2');

    await left.removeInstrument('psu_2');
    await until(() => !ids('right').includes('psu_2'), 'psu_2 gone from the right');
    expect(ids('left')).toEqual(['psu_1', 'scope_1']);
    expect(right.connection.desiredStreams()).toEqual([]);
    expect(right.feeds.has('psu_2')).toBe(false);
    expect(bench('right').settings.psu_2).toBeUndefined();
  });

  it('rejects with the backend refusal and changes nothing when the id is taken', async () => {
    backend = await startBackend({ log: silentLogger, dataDir: path.join(dir, 'data'), seed: 1 });
    const client = open('local');
    await until(() => ids('local').length === 2, 'the catalog');
    const refused = await client
      .addInstrument({ id: 'psu_1', driver: 'sim-psu', label: 'Again' })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).message).toContain('already on the bench');
    expect(ids('local')).toEqual(['psu_1', 'scope_1']);
  });

  it('resumes its streams on a restarted backend, again and again', async () => {
    const dataDir = path.join(dir, 'data');
    // Not port 0: a port from the ephemeral pool can be taken by anyone between a close and the restart.
    const port = await restartablePort();
    backend = await startBackend({ log: silentLogger, dataDir, seed: 1, port });
    const { token } = backend;
    const client = open('local');
    await until(() => client.connection.state === 'open', 'the client connected');
    await client.connection.startStream({ equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 20 });
    for (let restart = 0; restart < 3; restart++) {
      await backend.close();
      backend = await startBackend({ log: silentLogger, dataDir, seed: 1, port, token });
      await until(() => backend!.streams.producerCount > 0, 'the stream resubscribed');
    }
  });

  it('identifies an instrument by address, adds it with that driver and address, then knows it is on the bench', async () => {
    const emulator = await EmulatorServer.start(dp832Emulator, { port: 0 });
    try {
      backend = await startBackend({ log: silentLogger, dataDir: path.join(dir, 'data'), seed: 1 });
      const client = open('local');
      await until(() => ids('local').length === 2, 'the catalog');
      const { port } = emulator.address;

      const probe = await client.probeInstrument('127.0.0.1', port);
      expect(probe).toMatchObject({
        driver: 'rigol-dp800',
        identity: { vendor: 'RIGOL TECHNOLOGIES', model: 'DP832' },
      });
      expect(probe.equipment_id).toBeUndefined();

      await client.addInstrument({
        id: 'dp832_1',
        driver: probe.driver,
        label: 'Rigol DP832',
        options: { host: '127.0.0.1', port },
      });
      await until(
        () => bench('local').instruments?.find((i) => i.id === 'dp832_1')?.state === 'online',
        'the DP832 online',
      );
      expect((await client.probeInstrument('127.0.0.1', port)).equipment_id).toBe('dp832_1');

      const refused = await client.probeInstrument('127.0.0.1', 1).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(RequestError);
      expect(refused).toMatchObject({ code: 'instrument_fault', details: { reason: 'disconnected' } });
    } finally {
      await emulator.close();
    }
  });

  it('lists what a network search heard', async () => {
    backend = await startBackend({
      log: silentLogger,
      dataDir: path.join(dir, 'data'),
      seed: 1,
      browse: (onUp) => {
        onUp({
          service: 'scpi-raw',
          name: 'RIGOL DP832 DP8C1',
          host: 'dp832.local',
          port: 5555,
          addresses: ['192.0.2.40'],
          txt: { Manufacturer: 'RIGOL TECHNOLOGIES', Model: 'DP832' },
        });
        return () => undefined;
      },
    });
    const client = open('local');
    await until(() => ids('local').length === 2, 'the catalog');
    expect(await client.discoverInstruments(100)).toEqual([
      expect.objectContaining({ host: '192.0.2.40', port: 5555, model: 'DP832', port_announced: true }),
    ]);
  });
});
