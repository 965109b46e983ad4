/**
 * The live fleet push over a real nats-server with an agent, as the renderer sees it through its own
 * backend's WebSocket: `fleet_subscribe` answers the last seq, `fleet_live` records continue exactly from
 * `get_fleet_history` (seq order, no duplicates), waveforms only when asked, `fleet` pushed when a lease
 * changes, `fleet_unsubscribe` stops the push, and a broker restart resumes it with any loss a seq jump.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeFleetWaveformBundle,
  splitFleetWaveformBundle,
} from '../../../shared/codec/fleetWaveformBundle.js';
import {
  decodeFleetWaveformFrame,
  encodeFleetWaveformFrame,
  isFleetWaveformFrame,
  readFleetWaveformHeader,
} from '../../../shared/codec/fleetWaveformFrame.js';
import {
  fleetWaveformSchema,
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

type Live = Extract<ServerMessage, { type: 'fleet_live' }>;

/** Every record pushed for `bench` from message index `from` on, in arrival order. */
function pushedRecords(client: TestClient, bench: string, from = 0): HistoryRecord[] {
  return client.messages
    .slice(from)
    .filter((m): m is Live => m.type === 'fleet_live')
    .flatMap((m) => m.benches.filter((b) => b.bench === bench).flatMap((b) => b.records));
}

function expectIncreasing(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? 0);
}

// Skipped only where Debian's nats-server is not installed (`npm test`'s set-up installs it); the title
// then names what is missing and the apt command, so the skip is never silent.
describe.skipIf(missing !== undefined)(
  `live fleet push through the dashboard's backend${missing ? ` — SKIPPED: ${missing}` : ''}`,
  () => {
    let server: NatsServer;
    let dir: string;
    let benchBackend: Backend;
    let dashboard: Backend;
    let agentNc: NatsConnection;
    let dashboardNc: NatsConnection;
    let agent: BenchAgent;
    let watcher: FleetWatcher;
    let bridge: FleetBridge;
    let client: TestClient;

    const connect = (name: string) =>
      connectToFleet({ url: parseNatsUrl(server.url), credentials: {}, name, log: silentLogger });

    beforeAll(async () => {
      server = await NatsServer.start();
      dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleetlive-'));
      const benchFile = await writeSimBench(dir);
      benchBackend = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'bench'),
        benchFile,
        serveHttp: false,
        seed: 1,
      });
      agentNc = await connect('agent');
      agent = new BenchAgent({ nc: agentNc, bench: 'bench-a', backend: benchBackend, log: silentLogger });
      await agent.start();
      dashboardNc = await connect('dashboard');
      watcher = new FleetWatcher({ nc: dashboardNc, log: silentLogger });
      watcher.start();
      bridge = new FleetBridge({ watcher, controllerId: 'dashboard-live', log: silentLogger });
      dashboard = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'dashboard'),
        benchFile,
        fleet: bridge,
        seed: 2,
        // A flush waits for its fleet_ack however slow this machine is (the pacing test counts on it).
        session: { fleetAckTimeoutMs: 60_000 },
      });
      client = await TestClient.connect(dashboard);
      await waitFor(() => (watcher.lastSeq('bench-a') ?? 0) > 10, 'bench-a records at the dashboard');
    });

    afterAll(async () => {
      await client?.close();
      await dashboard?.close();
      bridge?.close();
      watcher?.close();
      await agent?.close();
      await agentNc?.close();
      await dashboardNc?.close();
      await benchBackend?.close();
      await server?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses an unknown bench with not_found naming the known ones', async () => {
      const reply = await client.request({ type: 'fleet_subscribe', bench: 'bench-zz' });
      expect(reply).toMatchObject({ type: 'error', code: 'not_found' });
      if (reply.type === 'error') expect(reply.message).toContain('bench-a');
    });

    it('pushes records after last_seq that join the history exactly: seq order, nothing twice, no hole', async () => {
      const start = client.messages.length;
      const subscribed = await client.request({ type: 'fleet_subscribe', bench: 'bench-a' });
      expect(subscribed).toMatchObject({ type: 'fleet_subscribed', bench: 'bench-a' });
      const lastSeq = subscribed.type === 'fleet_subscribed' ? subscribed.last_seq : -1;
      expect(lastSeq).toBeGreaterThan(10);
      await waitFor(() => pushedRecords(client, 'bench-a', start).length >= 30, 'thirty live records');
      const history = await client.request({ type: 'get_fleet_history', bench: 'bench-a' });
      if (history.type !== 'fleet_history') throw new Error(JSON.stringify(history));
      const backfill = history.records.filter((r) => r.seq <= lastSeq);
      const live = pushedRecords(client, 'bench-a', start);
      for (const r of live) expect(historyRecordSchema.safeParse(r).success).toBe(true);
      expect(live[0]?.seq).toBe(lastSeq + 1);
      const seqs = [...backfill, ...live].map((r) => r.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] ?? 0) + 1);
      expect(live.some((r) => r.kind === 'readings')).toBe(true);
      // Batched: fewer pushes than records (the supply alone reads every 100 ms).
      const pushes = client.messages.slice(start).filter((m) => m.type === 'fleet_live').length;
      expect(pushes).toBeLessThanOrEqual(live.length);
      // Subscribed without waveforms: none came.
      expect(client.ofType('fleet_waveform')).toHaveLength(0);
    });

    it('sends waveforms only once asked, each a valid decimated trace (as JSON to a JSON-only client)', async () => {
      const again = await client.request({ type: 'fleet_subscribe', bench: 'bench-a', waveforms: true });
      expect(again).toMatchObject({ type: 'fleet_subscribed', bench: 'bench-a' });
      const message = await client.next<Extract<ServerMessage, { type: 'fleet_waveform' }>>(
        (m) => m.type === 'fleet_waveform',
      );
      const waveform = fleetWaveformSchema.parse(message.waveform);
      expect(waveform.equipment_id).toBe('scope');
      expect(waveform.min_max.length).toBeGreaterThan(0);
      expect(waveform.min_max.length).toBeLessThanOrEqual(1_200);
      // Re-subscribing kept the record feed where it was: still no record twice.
      const seqs = pushedRecords(client, 'bench-a').map((r) => r.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    });

    it('forwards waveforms to a binary session as the bench published them (kind 5, bundled per flush as kind 6), dropping a bad one', async () => {
      const binary = await TestClient.handshake(dashboard);
      // What the bench publishes, seen at a plain NATS subscriber next to the dashboard.
      const published = new Map<string, Uint8Array>();
      const key = (w: { timestamp: number; channel: number }): string => `${w.timestamp}/${w.channel}`;
      const tap = dashboardNc.subscribe('benchtop.bench.bench-a.waveform.>', {
        callback: (_err, msg) => {
          try {
            published.set(key(readFleetWaveformHeader(msg.data)), msg.data.slice());
          } catch {
            // The bad frames published below, not the bench's.
          }
        },
      });
      try {
        const reply = await binary.request({ type: 'fleet_subscribe', bench: 'bench-a', waveforms: true });
        expect(reply).toMatchObject({ type: 'fleet_subscribed', bench: 'bench-a' });
        // Every binary message is a bundle (kind 6) of the kind-5 frames of one flush.
        const frames = (): Uint8Array[] => binary.binary.flatMap((b) => splitFleetWaveformBundle(b).frames);
        await waitFor(() => frames().length >= 8, 'eight waveform frames');
        expect(binary.ofType('fleet_waveform')).toHaveLength(0);
        for (const frame of frames().slice(0, 8)) {
          expect(isFleetWaveformFrame(frame)).toBe(true);
          const w = decodeFleetWaveformFrame(frame);
          expect(w).toMatchObject({ bench: 'bench-a', equipment_id: 'scope' });
          expect(w.min_max.length).toBe(w.columns * 2);
          // Byte for byte what the bench published: forwarded, not re-encoded.
          await waitFor(() => published.has(key(w)), 'the same frame at the NATS tap');
          expect(Buffer.compare(Buffer.from(frame), Buffer.from(published.get(key(w))!))).toBe(0);
        }
        // A cut frame and a frame naming another bench, on bench-a's subject: counted, never forwarded.
        const invalidBefore = watcher.invalidMessages;
        const good = encodeFleetWaveformFrame(
          {
            bench: 'bench-a',
            equipment_id: 'scope',
            channel: 1,
            timestamp: 1,
            sample_rate_hz: 1e6,
            x0_s: 0,
            samples: 2,
          },
          new Float32Array([-1, 1]),
        );
        const forged = encodeFleetWaveformFrame(
          {
            bench: 'bench-b',
            equipment_id: 'scope',
            channel: 1,
            timestamp: 2,
            sample_rate_hz: 1e6,
            x0_s: 0,
            samples: 2,
          },
          new Float32Array([-1, 1]),
        );
        agentNc.publish('benchtop.bench.bench-a.waveform.scope.1', good.subarray(0, good.length - 4));
        agentNc.publish('benchtop.bench.bench-a.waveform.scope.1', forged);
        await agentNc.flush();
        await waitFor(() => watcher.invalidMessages >= invalidBefore + 2, 'both counted as invalid');
        const stamps = binary.binary.flatMap((b) =>
          decodeFleetWaveformBundle(b).waveforms.map((w) => w.timestamp),
        );
        expect(stamps).not.toContain(1);
        expect(stamps).not.toContain(2);
      } finally {
        tap.unsubscribe();
        await binary.close();
      }
    });

    it('paces a session that subscribed with ack: one numbered flush in flight until its fleet_ack', async () => {
      const paced = await TestClient.handshake(dashboard);
      try {
        await paced.request({ type: 'fleet_subscribe', bench: 'bench-a', ack: true });
        const first = await paced.nextAfter<Live>(0, (m) => m.type === 'fleet_live');
        expect(first.flush).toBe(1);
        // Without an ack the next flush waits while the bench publishes …
        await new Promise((r) => setTimeout(r, 100));
        expect(paced.messages.filter((m) => m.type === 'fleet_live')).toHaveLength(1);
        // … and goes as soon as the ack comes, carrying everything that waited, seq order kept.
        const from = paced.messages.length;
        paced.send({ type: 'fleet_ack', flush: 1 });
        const second = await paced.nextAfter<Live>(from, (m) => m.type === 'fleet_live');
        expect(second.flush).toBe(2);
        expect(second.benches.flatMap((b) => b.records).length).toBeGreaterThan(0);
        // An ack that asks for a wait (after_ms): the next flush leaves no sooner (timers never fire early;
        // a millisecond of rounding allowed).
        const fromThird = paced.messages.length;
        const ackedMs = performance.now();
        paced.send({ type: 'fleet_ack', flush: 2, after_ms: 60 });
        const third = await paced.nextAfter<Live>(fromThird, (m) => m.type === 'fleet_live');
        expect(third.flush).toBe(3);
        expect(performance.now() - ackedMs).toBeGreaterThanOrEqual(59);
        expectIncreasing(pushedRecords(paced, 'bench-a').map((r) => r.seq));
        expect(paced.ofType('error')).toEqual([]); // fleet_ack is never answered
      } finally {
        await paced.close();
      }
    });

    it('pushes fleet to a session that asked get_fleet when a lease changes', async () => {
      await client.request({ type: 'get_fleet' });
      const from = client.messages.length;
      await watcher.request('bench-a', { kind: 'lease', from: 'dash-other', action: 'take' });
      const pushed = await client.nextAfter<Extract<ServerMessage, { type: 'fleet' }>>(
        from,
        (m) => m.type === 'fleet' && m.benches.some((b) => b.lease.holder === 'dash-other'),
      );
      expect(pushed.request_id).toBeUndefined();
      expect(pushed.controller).toBe('dashboard-live');
      await watcher.request('bench-a', { kind: 'lease', from: 'dash-other', action: 'release' });
    });

    it('stops every push of the bench after fleet_unsubscribe', async () => {
      const reply = await client.request({ type: 'fleet_unsubscribe', bench: 'bench-a' });
      expect(reply).toMatchObject({ type: 'fleet_unsubscribed', bench: 'bench-a' });
      const after = client.messages.indexOf(reply) + 1;
      const seqBefore = agent.seq;
      await waitFor(() => agent.seq > seqBefore + 10, 'the bench carried on publishing');
      await new Promise((r) => setTimeout(r, 300));
      const late = client.messages
        .slice(after)
        .filter((m) => m.type === 'fleet_live' || m.type === 'fleet_waveform');
      expect(late).toEqual([]);
    });

    it('resumes the push after a broker restart; anything lost is a seq jump the history marks too', async () => {
      const start = client.messages.length;
      const subscribed = await client.request({ type: 'fleet_subscribe', bench: 'bench-a' });
      const lastSeq = subscribed.type === 'fleet_subscribed' ? subscribed.last_seq : -1;
      await waitFor(() => pushedRecords(client, 'bench-a', start).length >= 5, 'live before the restart');
      const beforeRestart = pushedRecords(client, 'bench-a', start).at(-1)?.seq ?? 0;
      await server.restart(1_500);
      await waitFor(
        () => (pushedRecords(client, 'bench-a', start).at(-1)?.seq ?? 0) > beforeRestart + 20,
        () =>
          `live records after the restart (agent seq ${agent.seq}, last pushed ${pushedRecords(client, 'bench-a', start).at(-1)?.seq})`,
        45_000,
      );
      const live = pushedRecords(client, 'bench-a', start);
      const seqs = live.map((r) => r.seq);
      expect(seqs[0]).toBe(lastSeq + 1);
      expectIncreasing(seqs);
      const history = await client.request({ type: 'get_fleet_history', bench: 'bench-a' });
      if (history.type !== 'fleet_history') throw new Error(JSON.stringify(history));
      for (let i = 1; i < live.length; i++) {
        const prev = live[i - 1];
        const next = live[i];
        if (prev === undefined || next === undefined || next.seq === prev.seq + 1) continue;
        // A jump in the push is the same gap the backend's history marks.
        expect(
          history.gaps.some((g) => g.to === next.timestamp && g.missing_records === next.seq - prev.seq - 1),
        ).toBe(true);
      }
    });
  },
);
