/**
 * What the broker (nats-server) spends per history record, by how records are published and read
 * (issue 19: the fleet's CPU per item). One nats-server, 20 bench streams, records of a supply's three
 * channels at 110 a second per bench (2,200/s, the fleetLoad rate) published from this process once per
 * 10 ms tick; each mode is a phase, the modes interleaved over rounds; the figure is the broker's CPU
 * (utime + stime from /proc by pid) per record published, median of the rounds. Modes:
 * - `jetstream publish`: a JetStream publish per record (request, PubAck), no reader — how agents published;
 * - `core + Nats-Msg-Id`: core publish with the message id the stream dedupes on, no reader — how they do now;
 * - `core, no id`: the same without the id: what the duplicate window costs;
 * - `+ ordered consumer`: core + id, each stream read by an ordered consumer (FleetWatcher's way until issue 19's fleetwatch part);
 * - `+ core subscription`: core + id, each bench's subjects read by a plain subscription instead;
 * - `+ FleetWatcher`: core + id, read by the dashboard's own FleetWatcher (a core subscription per bench,
 *   its stream read only for the backfill and for holes), the benches made known by their presence.
 * BENCH_SHORT=1: 1 round of 2 s per mode; BENCH_BROKER_ROUNDS, BENCH_BROKER_S (3 rounds, 10 s).
 */
import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { HistoryRecord, Presence } from '../../shared/protocol/index.js';
import { FleetWatcher } from '../../src-main/fleet/FleetWatcher.js';
import { ensureHistoryStream } from '../../src-main/fleet/historyStream.js';
import { silentLogger } from '../../src-main/util/index.js';
import { benchSubjects, historyStreamName } from '../../src-main/fleet/subjects.js';
import {
  connectPlain,
  NatsServer,
  natsServerMissing,
  percentile,
  processCpuMs,
  SHORT,
  sleep,
} from './lib/fleetRig.js';
import type { BenchResult } from './types.js';

const BENCHES = 20;
const RECORDS_PER_S = 110;
const TICK_MS = 10;
const ROUNDS = SHORT ? 1 : Number(process.env.BENCH_BROKER_ROUNDS ?? 3);
const WINDOW_S = SHORT ? 2 : Number(process.env.BENCH_BROKER_S ?? 10);
const WARMUP_MS = SHORT ? 500 : 2_000;

type Mode =
  | 'jetstream publish'
  | 'core + Nats-Msg-Id'
  | 'core, no id'
  | '+ ordered consumer'
  | '+ core subscription'
  | '+ FleetWatcher';
const MODES: Mode[] = [
  'jetstream publish',
  'core + Nats-Msg-Id',
  'core, no id',
  '+ ordered consumer',
  '+ core subscription',
  '+ FleetWatcher',
];

function record(bench: string, seq: number): HistoryRecord {
  return {
    bench,
    seq,
    timestamp: Date.now(),
    kind: 'readings',
    equipment_id: 'psu',
    data: [1, 2, 3].map((channel) => ({
      channel,
      voltage_v: 5 + Math.random() * 1e-3,
      current_a: 0.1 + Math.random() * 1e-4,
      mode: 'cv',
      output_on: false,
    })),
  };
}

/** What the FleetWatcher mode's phases saw (to tell a watcher that followed from one that did not). */
const watcherNotes: string[] = [];

/** One phase: publishes for warm-up plus window; returns broker CPU µs per record published in the window. */
async function phase(
  server: NatsServer,
  pub: NatsConnection,
  reader: NatsConnection,
  jsm: JetStreamManager,
  mode: Mode,
  seqs: Map<string, number>,
): Promise<number> {
  const js = jetstream(pub);
  const benches = [...seqs.keys()];
  const stops: (() => void)[] = [];
  if (mode === '+ ordered consumer') {
    const rjs = jetstream(reader);
    for (const bench of benches) {
      const consumer = await rjs.consumers.get(historyStreamName(bench), {
        opt_start_seq: (await jsm.streams.info(historyStreamName(bench))).state.last_seq + 1,
        deliver_policy: DeliverPolicy.StartSequence,
      });
      const messages = await consumer.consume({ expires: 2_000 });
      stops.push(() => void messages.close());
      void (async () => {
        for await (const m of messages) JSON.parse(m.string());
      })();
    }
  } else if (mode === '+ FleetWatcher') {
    // No backfill to speak of: the watcher starts at the live edge, as it runs after its first minute.
    const watcher = new FleetWatcher({ nc: reader, log: silentLogger, backfillMs: 0 });
    watcher.start();
    const announce = (): void => {
      for (const bench of benches) {
        const presence: Presence = {
          bench,
          instance_id: 'fleetBroker',
          seq: seqs.get(bench) ?? 0,
          timestamp: Date.now(),
          equipment_ids: ['psu'],
          lease: {},
        };
        pub.publish(benchSubjects(bench).presence, JSON.stringify(presence));
      }
    };
    announce();
    const presenceTimer = setInterval(announce, 1_000);
    stops.push(() => {
      clearInterval(presenceTimer);
      const holes = benches.reduce((n, b) => n + (watcher.followStats(b)?.holes ?? 0), 0);
      const held = benches.reduce((n, b) => n + (watcher.history(b)?.records.length ?? 0), 0);
      const gaps = benches.reduce((n, b) => n + (watcher.history(b)?.gaps.length ?? 0), 0);
      watcherNotes.push(`${held} records held, ${holes} holes, ${gaps} gaps`);
      watcher.close();
    });
  } else if (mode === '+ core subscription') {
    for (const bench of benches) {
      const sub = reader.subscribe(benchSubjects(bench).readings('*'), {
        callback: (_err, m) => void JSON.parse(m.string()),
      });
      stops.push(() => sub.unsubscribe());
    }
  }
  let published = 0;
  let counting = false;
  const perTick = (RECORDS_PER_S * TICK_MS) / 1000;
  let carry = 0;
  const timer = setInterval(() => {
    carry += perTick;
    const n = Math.floor(carry);
    carry -= n;
    for (const bench of benches) {
      const subject = benchSubjects(bench).readings('psu');
      for (let i = 0; i < n; i++) {
        const seq = (seqs.get(bench) ?? 0) + 1;
        seqs.set(bench, seq);
        const data = JSON.stringify(record(bench, seq));
        if (mode === 'jetstream publish') {
          js.publish(subject, data, { msgID: `${bench}-${seq}` }).catch(() => undefined);
        } else if (mode === 'core, no id') {
          pub.publish(subject, data);
        } else {
          const h = headers();
          h.set('Nats-Msg-Id', `${bench}-${seq}`);
          pub.publish(subject, data, { headers: h });
        }
        if (counting) published++;
      }
    }
  }, TICK_MS);
  try {
    await sleep(WARMUP_MS);
    const pid = server.pid ?? 0;
    const before = processCpuMs(pid);
    counting = true;
    await sleep(WINDOW_S * 1000);
    counting = false;
    const cpuMs = processCpuMs(pid) - before;
    return (cpuMs * 1000) / published;
  } finally {
    clearInterval(timer);
    await pub.flush();
    for (const stop of stops) stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const missing = natsServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const server = await NatsServer.start();
  const pub = await connectPlain(server.url, 'publisher');
  const reader = await connectPlain(server.url, 'reader');
  try {
    const jsm = await jetstreamManager(pub);
    const seqs = new Map<string, number>();
    for (let i = 0; i < BENCHES; i++) {
      const bench = `broker-${i}`;
      await ensureHistoryStream(jsm, bench, { maxAgeMs: 600_000, maxBytes: 256 * 1024 * 1024 });
      seqs.set(bench, 0);
    }
    const figures = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) figures.get(mode)?.push(await phase(server, pub, reader, jsm, mode, seqs));
    }
    const median = (mode: Mode): number => percentile(figures.get(mode) ?? [], 50);
    const rounds = (mode: Mode): string => (figures.get(mode) ?? []).map((v) => v.toFixed(1)).join(', ');
    return MODES.map((mode) => ({
      name: `broker CPU per record: ${mode}`,
      value: median(mode),
      unit: 'µs CPU/record',
      ...(mode === 'core + Nats-Msg-Id'
        ? {
            baseline: {
              name: 'jetstream publish',
              value: median('jetstream publish'),
              unit: 'µs CPU/record',
            },
          }
        : {}),
      notes:
        `${BENCHES} streams, ${BENCHES * RECORDS_PER_S} records/s; rounds: ${rounds(mode)}` +
        (mode === '+ FleetWatcher' ? `; watcher: ${watcherNotes.join('; ')}` : ''),
    }));
  } finally {
    await pub.close();
    await reader.close();
    await server.dispose();
  }
}
