/**
 * The backend's event log as clients see it: every broadcast event numbered, the history answered by
 * `get_events` to a dashboard that connects later or reconnects (only what it missed), kept across a
 * restart of the backend, and bad requests refused with a reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { silentLogger } from '../../../src-main/util/log.js';
import type { ErrorMessage, EventMessage, EventsMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';

const event = (
  message: string,
  level: EventMessage['level'] = 'info',
  equipment = 'psu_1',
): EventMessage => ({
  type: 'event',
  level,
  // Not setting_changed: that would have the working setup restore psu_1 at the restart, with events of its own.
  kind: 'test_note',
  equipment_id: equipment,
  message,
  timestamp: Date.now(),
});

describe('event log', () => {
  let dir: string;
  let backend: Backend | undefined;
  const clients: TestClient[] = [];
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-events-'))));
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await backend?.close();
    backend = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  const start = async (): Promise<Backend> => {
    backend = await startBackend({
      log: silentLogger,
      dataDir: dir,
      drivers: [new SimPowerSupply({ id: 'psu_1', seed: 1 })],
    });
    return backend;
  };
  const connect = async (): Promise<TestClient> => {
    const client = await TestClient.handshake(backend!);
    clients.push(client);
    return client;
  };

  it('gives a dashboard that connects later the events it missed, numbered, and then only newer ones', async () => {
    await start();
    const first = await connect();
    backend!.server.broadcast(event('one'));
    const seen = (await first.next((m) => m.type === 'event' && m.message === 'one')) as EventMessage;
    expect(seen.seq).toBeGreaterThan(0);
    backend!.server.broadcast(event('two', 'warning'));

    const later = await connect();
    const history = await later.request<EventsMessage>({ type: 'get_events' });
    const mine = history.events.filter((e) => e.message === 'one' || e.message === 'two');
    expect(mine.map((e) => e.message)).toEqual(['one', 'two']);
    expect(history.truncated).toBe(false);

    backend!.server.broadcast(event('three'));
    const since = await later.request<EventsMessage>({ type: 'get_events', after_seq: history.newest_seq });
    expect(since.events.map((e) => e.message)).toEqual(['three']);
  });

  it('hands each broadcast event once to the in-process listeners (the fleet agent publishes each to NATS)', async () => {
    await start();
    const heard: EventMessage[] = [];
    const off = backend!.server.broadcasts.on((e) => void heard.push(e));
    backend!.server.broadcast(event('once'));
    off();
    // Two emits per broadcast had an agent publish every event twice and the settings watcher run twice.
    expect(heard.map((e) => e.message)).toEqual(['once']);
    expect(heard[0]!.seq).toBeGreaterThan(0);
  });

  it('filters by instrument and level, limits to the newest, and keeps the log across a restart', async () => {
    await start();
    backend!.server.broadcast(event('psu info'));
    backend!.server.broadcast(event('psu alarm', 'alarm'));
    backend!.server.broadcast(event('other warning', 'warning', 'scope_1'));
    await backend!.close();
    backend = undefined;

    await start();
    const client = await connect();
    const alarms = await client.request<EventsMessage>({ type: 'get_events', min_level: 'warning' });
    expect(alarms.events.map((e) => e.message)).toEqual(['psu alarm', 'other warning']);
    const psu = await client.request<EventsMessage>({ type: 'get_events', equipment_id: 'psu_1', limit: 1 });
    expect(psu.events.map((e) => e.message)).toEqual(['psu alarm']);
    expect(psu.truncated).toBe(true);
  });

  it('refuses a request it cannot answer, with the field and the reason', async () => {
    await start();
    const client = await connect();
    const refused = await client.request<ErrorMessage>({ type: 'get_events', limit: 20_000 });
    expect(refused.type).toBe('error');
    expect(refused.code).toBe('invalid_message');
    expect(refused.message).toContain('limit');
  });
});
