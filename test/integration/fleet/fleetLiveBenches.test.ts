/**
 * `fleet_live` across benches, end to end: two agents → nats-server → the dashboard's backend → one
 * WebSocket client subscribed to both. Every record of each bench reaches the client once, in seq order,
 * continuing its `get_fleet_history` exactly; each push names a bench at most once (a batch per bench, the
 * records of one event-loop turn together), so the client gets no more messages than batches.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  historyRecordSchema,
  type HistoryRecord,
  type ServerMessage,
} from '../../../shared/protocol/index.js';
import { type Backend, startBackend } from '../../../src-main/backend.js';
import {
  BenchAgent,
  connectToFleet,
  FleetBridge,
  FleetWatcher,
  parseNatsUrl,
} from '../../../src-main/fleet/index.js';
import { silentLogger } from '../../../src-main/util/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { waitFor, writeSimBench } from './fleetHelpers.js';
import { natsServerMissing, NatsServer } from './natsServer.js';

const missing = natsServerMissing();
const BENCHES = ['bench-a', 'bench-b'] as const;

type Live = Extract<ServerMessage, { type: 'fleet_live' }>;

// Skipped only where Debian's nats-server is not installed (`npm test`'s set-up installs it); the title
// then names what is missing, so the skip is never silent.
describe.skipIf(missing !== undefined)(
  `fleet_live across benches${missing ? ` — SKIPPED: ${missing}` : ''}`,
  () => {
    let server: NatsServer;
    let dir: string;
    const benchBackends: Backend[] = [];
    const agents: BenchAgent[] = [];
    let agentNc: NatsConnection;
    let dashboardNc: NatsConnection;
    let watcher: FleetWatcher;
    let bridge: FleetBridge;
    let dashboard: Backend;
    let client: TestClient;

    const connect = (name: string) =>
      connectToFleet({ url: parseNatsUrl(server.url), credentials: {}, name, log: silentLogger });

    beforeAll(async () => {
      server = await NatsServer.start();
      dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleetbenches-'));
      const benchFile = await writeSimBench(dir);
      agentNc = await connect('agents');
      for (const [i, bench] of BENCHES.entries()) {
        const backend = await startBackend({
          log: silentLogger,
          dataDir: path.join(dir, bench),
          benchFile,
          serveHttp: false,
          seed: i + 1,
        });
        benchBackends.push(backend);
        const agent = new BenchAgent({ nc: agentNc, bench, backend, log: silentLogger });
        agents.push(agent);
        await agent.start();
      }
      dashboardNc = await connect('dashboard');
      watcher = new FleetWatcher({ nc: dashboardNc, log: silentLogger });
      watcher.start();
      bridge = new FleetBridge({ watcher, controllerId: 'dashboard-benches', log: silentLogger });
      dashboard = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'dashboard'),
        benchFile,
        fleet: bridge,
        seed: 9,
      });
      client = await TestClient.connect(dashboard);
      for (const bench of BENCHES) {
        await waitFor(() => (watcher.lastSeq(bench) ?? 0) > 5, `${bench} records at the dashboard`);
      }
    });

    afterAll(async () => {
      await client?.close();
      await dashboard?.close();
      bridge?.close();
      watcher?.close();
      for (const agent of agents) await agent.close();
      await agentNc?.close();
      await dashboardNc?.close();
      for (const backend of benchBackends) await backend.close();
      await server?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('delivers every record of each bench once, in seq order, after its history; a bench at most once a push', async () => {
      const start = client.messages.length;
      const lastSeq = new Map<string, number>();
      for (const bench of BENCHES) {
        const reply = await client.request({ type: 'fleet_subscribe', bench });
        if (reply.type !== 'fleet_subscribed') throw new Error(JSON.stringify(reply));
        lastSeq.set(bench, reply.last_seq);
      }
      const pushes = (): Live[] =>
        client.messages.slice(start).filter((m): m is Live => m.type === 'fleet_live');
      const recordsOf = (bench: string): HistoryRecord[] =>
        pushes().flatMap((m) => m.benches.filter((b) => b.bench === bench).flatMap((b) => b.records));
      await waitFor(
        () => BENCHES.every((bench) => recordsOf(bench).length >= 20),
        () => `twenty live records of each bench (${BENCHES.map((b) => recordsOf(b).length).join(', ')})`,
      );

      for (const m of pushes()) {
        const named = m.benches.map((b) => b.bench);
        expect(new Set(named).size).toBe(named.length);
        for (const batch of m.benches) expect(batch.records.length).toBeGreaterThan(0);
      }
      const batches = pushes().reduce((n, m) => n + m.benches.length, 0);
      expect(pushes().length).toBeLessThanOrEqual(batches);

      for (const bench of BENCHES) {
        const live = recordsOf(bench);
        for (const r of live) {
          expect(historyRecordSchema.safeParse(r).success).toBe(true);
          expect(r.bench).toBe(bench);
        }
        const from = lastSeq.get(bench) ?? -1;
        expect(live[0]?.seq).toBe(from + 1);
        const history = await client.request({ type: 'get_fleet_history', bench });
        if (history.type !== 'fleet_history') throw new Error(JSON.stringify(history));
        const seqs = [...history.records.filter((r) => r.seq <= from), ...live].map((r) => r.seq);
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] ?? 0) + 1);
      }
    });
  },
);
