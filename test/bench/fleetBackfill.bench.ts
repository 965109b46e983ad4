/**
 * Backfill after a dashboard backend restarts (issue 19): 20 benches each with 60 s of history in
 * JetStream — a supply's readings at 100 Hz and the scope's measurements at 10 Hz, records made from real
 * simulator samples and stored with their bench timestamps spread over the last 60 s — then a fresh
 * dashboard backend (FleetWatcher + FleetBridge + its WebSocket) starts and backfills all 20. Figures: time
 * until the backend holds every bench's last 60 s, and until a WebSocket client has fetched all 20 with
 * `get_fleet_history`; records, duplicates (0) and gaps (0). Baseline in the same run: reading the same
 * records with one plain JetStream consumer per bench, no validation or timeline (the transport alone).
 * Storing the 60 s takes seconds rather than a minute; the backfill reads by store time, so it sees the
 * same records it would after a real minute. BENCH_SHORT=1: 3 benches with 5 s each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import WebSocket from 'ws';
import type { HistoryRecord } from '../../shared/protocol/index.js';
import { startBackend } from '../../src-main/backend.js';
import { FleetBridge, FleetWatcher, historyStreamName } from '../../src-main/fleet/index.js';
import { ensureHistoryStream } from '../../src-main/fleet/historyStream.js';
import { benchSubjects } from '../../src-main/fleet/subjects.js';
import type { StreamSample } from '../../src-main/instruments/index.js';
import { silentLogger } from '../../src-main/util/index.js';
import { connectPlain, NatsServer, natsServerMissing, SHORT, sleep, writeLoadBench } from './lib/fleetRig.js';
import type { BenchResult } from './types.js';

const BENCHES = SHORT ? 3 : 20;
const HISTORY_S = SHORT ? 5 : 60;
const READINGS_HZ = 100;
const MEASUREMENTS_HZ = 10;

/** One real sample of each kind from the simulators, to give stored records their real size. */
async function realSamples(dir: string): Promise<{ readings: unknown; measurements: unknown }> {
  const backend = await startBackend({
    log: silentLogger,
    dataDir: path.join(dir, 'sample'),
    benchFile: await writeLoadBench(dir),
    serveHttp: false,
    seed: 1,
  });
  try {
    const take = (equipmentId: string, streamType: string, kind: StreamSample['kind']) =>
      new Promise<unknown>((resolve) => {
        const sub = backend.streams.subscribe({
          ownerId: 'bench',
          equipmentId,
          streamType,
          intervalMs: 100,
          onStopped: () => undefined,
          onSample: (s) => {
            if (s.kind !== kind) return;
            backend.streams.unsubscribe(sub);
            resolve(s.kind === 'readings' ? s.readings : s.kind === 'measurements' ? s.values : undefined);
          },
        });
      });
    return {
      readings: await take('psu', 'readings', 'readings'),
      measurements: await take('scope', 'measurements', 'measurements'),
    };
  } finally {
    await backend.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const missing = natsServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const server = await NatsServer.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-backfill-'));
  try {
    const samples = await realSamples(dir);
    const nc = await connectPlain(server.url, 'history writer');
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    const storeStartMs = performance.now();
    const nowMs = Date.now();
    const lastSeq = new Map<string, number>();
    let stored = 0;
    for (let b = 0; b < BENCHES; b++) {
      const bench = `bench-${b}`;
      await ensureHistoryStream(jsm, bench, { maxAgeMs: 10 * 60_000, maxBytes: 256 * 1024 * 1024 });
      const subjects = benchSubjects(bench);
      const records: HistoryRecord[] = [];
      let seq = 0;
      // Readings every 10 ms, a measurement after every tenth, timestamps over the last HISTORY_S.
      for (let i = 0; i < HISTORY_S * READINGS_HZ; i++) {
        const timestamp = nowMs - HISTORY_S * 1000 + i * (1000 / READINGS_HZ);
        records.push({
          bench,
          seq: ++seq,
          timestamp,
          kind: 'readings',
          equipment_id: 'psu',
          data: samples.readings,
        });
        if (i % (READINGS_HZ / MEASUREMENTS_HZ) === 0) {
          records.push({
            bench,
            seq: ++seq,
            timestamp,
            kind: 'measurements',
            equipment_id: 'scope',
            data: samples.measurements,
          });
        }
      }
      for (let i = 0; i < records.length; i += 500) {
        await Promise.all(
          records
            .slice(i, i + 500)
            .map((r) =>
              js.publish(
                r.kind === 'readings' ? subjects.readings('psu') : subjects.measurements('scope'),
                JSON.stringify(r),
                { msgID: `${bench}-${r.seq}` },
              ),
            ),
        );
      }
      lastSeq.set(bench, seq);
      stored += records.length;
    }

    const storeMs = performance.now() - storeStartMs;
    // Baseline: the same records through one plain consumer per bench, nothing else.
    const rawStartMs = performance.now();
    await Promise.all(
      [...lastSeq].map(async ([bench, seq]) => {
        const consumer = await js.consumers.get(historyStreamName(bench), {
          deliver_policy: DeliverPolicy.All,
        });
        const messages = await consumer.consume();
        let n = 0;
        for await (const m of messages) {
          void m.data;
          if (++n === seq) break;
        }
      }),
    );
    const rawMs = performance.now() - rawStartMs;

    // The restart: a new dashboard backend on its own connection, from nothing.
    const startMs = performance.now();
    const dashNc = await connectPlain(server.url, 'dashboard');
    // The backfill window is by store time: widened by the time storing took, it holds exactly what a
    // 60 s window would after the bench had published for a real minute.
    const watcher = new FleetWatcher({ nc: dashNc, log: silentLogger, backfillMs: 60_000 + storeMs + 1_000 });
    const bridge = new FleetBridge({ watcher, controllerId: 'dashboard-bench', log: silentLogger });
    const dashboard = await startBackend({
      log: silentLogger,
      dataDir: path.join(dir, 'dashboard'),
      benchFile: await writeLoadBench(dir),
      fleet: bridge,
      seed: 9,
    });
    watcher.start();
    // Presence is what makes a dashboard see a bench: announce each once, as its agent does every second.
    for (const bench of lastSeq.keys()) {
      nc.publish(
        benchSubjects(bench).presence,
        JSON.stringify({
          bench,
          instance_id: 'bench',
          seq: lastSeq.get(bench),
          timestamp: Date.now(),
          equipment_ids: ['psu', 'scope'],
          lease: {},
        }),
      );
    }
    const done = (): boolean =>
      [...lastSeq].every(([bench, seq]) => watcher.history(bench)?.records.at(-1)?.seq === seq);
    const deadline = Date.now() + 120_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error('backfill did not complete within 120 s');
      await sleep(5);
    }
    const backendMs = performance.now() - startMs;

    // And the renderer's side: one WebSocket, get_fleet_history for each bench in turn. One at a time, as
    // the renderer should: 60 s of a 100 Hz bench is about 3 MB of JSON, and twenty asked at once exceed
    // the session's 32 MB queued-bytes bound (the backend would close the connection).
    const ws = new WebSocket(`${dashboard.wsUrl}?token=${dashboard.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const fetched = new Map<string, HistoryRecord[]>();
    let gapsSeen = 0;
    let answer:
      ((m: { type: string; bench: string; records: HistoryRecord[]; gaps: unknown[] }) => void) | undefined;
    let closed: ((err: Error) => void) | undefined;
    ws.on('message', (data) =>
      answer?.(JSON.parse(String(data)) as Parameters<NonNullable<typeof answer>>[0]),
    );
    ws.on('close', (code, reason) =>
      closed?.(new Error(`the dashboard closed the WebSocket: ${code} ${String(reason)}`)),
    );
    for (const bench of lastSeq.keys()) {
      const reply = await new Promise<Parameters<NonNullable<typeof answer>>[0]>((resolve, reject) => {
        answer = resolve;
        closed = reject;
        ws.send(JSON.stringify({ type: 'get_fleet_history', request_id: bench, bench }));
      });
      if (reply.type !== 'fleet_history')
        throw new Error(`get_fleet_history ${bench}: ${JSON.stringify(reply).slice(0, 300)}`);
      fetched.set(reply.bench, reply.records);
      gapsSeen += reply.gaps.length;
    }
    const clientMs = performance.now() - startMs;
    closed = undefined;
    ws.close();

    let records = 0;
    let duplicates = 0;
    let holes = 0;
    for (const [bench, seq] of lastSeq) {
      const history = watcher.history(bench);
      duplicates += history?.duplicates ?? 0;
      const got = fetched.get(bench) ?? [];
      records += got.length;
      got.forEach((r, i) => {
        if (r.seq !== i + 1) holes++;
      });
      if (got.length !== seq) holes += seq - got.length;
    }
    bridge.close();
    watcher.close();
    await dashboard.close();
    await dashNc.close();
    await nc.close();
    const label = `${BENCHES} benches x ${HISTORY_S} s`;
    return [
      {
        name: `backfill ${label}: dashboard backend restart to all history held`,
        value: backendMs,
        unit: 'ms',
        baseline: { name: 'plain JetStream consumers, same records', value: rawMs, unit: 'ms' },
        notes: `${stored} records stored in ${(storeMs / 1000).toFixed(1)} s (${READINGS_HZ} Hz readings + ${MEASUREMENTS_HZ} Hz measurements per bench)`,
      },
      {
        name: `backfill ${label}: restart to the WebSocket client holding all ${BENCHES}`,
        value: clientMs,
        unit: 'ms',
        notes: `get_fleet_history for each bench over one WebSocket after the backend held it`,
      },
      {
        name: `backfill ${label}: records received`,
        value: records,
        unit: 'records',
        target: `${stored}`,
        pass: records === stored,
      },
      {
        name: `backfill ${label}: duplicates`,
        value: duplicates,
        unit: 'records',
        target: '0',
        pass: duplicates === 0,
      },
      {
        name: `backfill ${label}: gaps`,
        value: holes + gapsSeen,
        unit: 'gaps',
        target: '0',
        pass: holes + gapsSeen === 0,
        notes: 'seq holes in what the client received plus gaps the backend marked',
      },
    ];
  } finally {
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
