/**
 * The fleet under load (issue 19): 20 benches — each a simulated supply's 3 channels read at 100 Hz and a
 * scope's 4 traces at 10 Hz (decimated to 1,200 points), plus its measurements — watched by one dashboard
 * backend over NATS, and the same load over direct WebSocket connections to 20 backends as the baseline,
 * in the same run. Processes: the benches (agents) in one child, the dashboard backend in another, the
 * baseline's 20 backends in a third, nats-server by pid; the measuring WebSocket client is this process.
 * Figures: bench-to-client latency p50/p95/p99 (bench timestamp to arrival here, records and waveforms),
 * seq gaps, broker and dashboard-backend CPU (from /proc by pid, % of one core). Over NATS the window
 * starts once the client holds every record the benches had made when it subscribed: the dashboard joins
 * a running fleet and backfills a minute per bench, which its push carries on to the client; that wait
 * is reported as the catch-up, not mixed into the live latency.
 * Per item: each process's CPU ms per item delivered, and the broker's messages in and out per item (its
 * monitoring endpoint, `/varz`), the figures that do not move with the machine's load.
 * BENCH_SHORT=1: 3 benches for 4 s; BENCH_FLEET_BENCHES and BENCH_FLEET_S set count and window (20, 20 s);
 * BENCH_FLEET_NATS_ONLY=1 skips the direct baseline (for interleaved before/after runs of the fleet path);
 * BENCH_FLEET_CPU_PROF=<dir> writes each child's V8 CPU profile there.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type WebSocket from 'ws';
import { ROOT } from './lib/chromiumProbe.js';
import {
  LatencyLog,
  spawnChild,
  stopChild,
  waitForCatchUp,
  watchDirect,
  watchFleet,
} from './lib/fleetLoadClient.js';
import { freePort } from '../integration/fleet/natsServer.js';
import {
  cpuPercent,
  NatsServer,
  natsServerMissing,
  percentile,
  processCpuMs,
  processSyscalls,
  READINGS_INTERVAL_MS,
  SHORT,
  sleep,
  WAVEFORM_INTERVAL_MS,
} from './lib/fleetRig.js';
import type { BenchResult } from './types.js';

const BENCHES = SHORT ? 3 : Number(process.env.BENCH_FLEET_BENCHES ?? 20);
const WINDOW_S = SHORT ? 4 : Number(process.env.BENCH_FLEET_S ?? 20);
const WARMUP_MS = SHORT ? 2_000 : 5_000;
/** The dashboard's backfill of up to a minute per bench must be through by then. */
const CATCH_UP_TIMEOUT_MS = 300_000;
const NATS_ONLY = process.env.BENCH_FLEET_NATS_ONLY === '1';

/** The broker's message counters (nats-server `/varz`). */
interface BrokerCounts {
  inMsgs: number;
  outMsgs: number;
}

async function brokerCounts(monitorPort: number): Promise<BrokerCounts> {
  const res = await fetch(`http://127.0.0.1:${monitorPort}/varz`);
  const varz = (await res.json()) as { in_msgs: number; out_msgs: number };
  return { inMsgs: varz.in_msgs, outMsgs: varz.out_msgs };
}

interface Phase {
  log: LatencyLog;
  /** CPU over the window, % of one core, by process. */
  cpu: Record<string, number>;
  /** The measuring window as it ran, ms. */
  windowMs: number;
  /** The dashboard backend's read and write system calls over the window (over NATS only). */
  syscalls?: { reads: number; writes: number };
  /** From subscribing to holding every record the benches had made then (the dashboard's backfill), ms. */
  catchUpMs?: number;
  /** CPU ms each process used over the window. */
  cpuMs: Record<string, number>;
  /** The broker's messages over the window (over NATS only). */
  broker?: BrokerCounts;
}

/** Warms up, then measures for the window: latencies, gaps, and each named process's CPU. */
async function measure(
  log: LatencyLog,
  pids: Record<string, number>,
  monitorPort?: number,
  onStart: () => void = () => undefined,
): Promise<Phase> {
  await sleep(WARMUP_MS);
  onStart();
  const countsBefore = monitorPort === undefined ? undefined : await brokerCounts(monitorPort);
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid)]));
  const startMs = performance.now();
  log.measuring = true;
  await sleep(WINDOW_S * 1000);
  log.measuring = false;
  const windowMs = performance.now() - startMs;
  const after = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid)]));
  const countsAfter = monitorPort === undefined ? undefined : await brokerCounts(monitorPort);
  const cpu = Object.fromEntries(
    Object.keys(pids).map((k) => [k, cpuPercent(before[k] ?? 0, after[k] ?? 0, windowMs)]),
  );
  const cpuMs = Object.fromEntries(Object.keys(pids).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
  const broker =
    countsBefore === undefined || countsAfter === undefined
      ? undefined
      : {
          inMsgs: countsAfter.inMsgs - countsBefore.inMsgs,
          outMsgs: countsAfter.outMsgs - countsBefore.outMsgs,
        };
  return { log, cpu, cpuMs, broker, windowMs };
}

/** Items the client received in the window (records and waveforms). */
function items(log: LatencyLog): number {
  return log.recordMs.length + log.waveformMs.length;
}

function perItemRows(label: string, nats: Phase, direct: Phase | undefined): BenchResult[] {
  const n = items(nats.log);
  const perItem = (cpuMs: number | undefined): number => ((cpuMs ?? Number.NaN) * 1000) / n;
  const rows: BenchResult[] = [
    {
      name: `${label} the benches' (agents') CPU per item`,
      value: perItem(nats.cpuMs.benches),
      unit: 'µs CPU/item',
      ...(direct === undefined
        ? {}
        : {
            baseline: {
              name: 'direct: the benches serving WebSockets',
              value: ((direct.cpuMs.benches ?? Number.NaN) * 1000) / items(direct.log),
              unit: 'µs CPU/item',
            },
          }),
    },
    { name: `${label} broker CPU per item`, value: perItem(nats.cpuMs.broker), unit: 'µs CPU/item' },
    {
      name: `${label} dashboard backend CPU per item`,
      value: perItem(nats.cpuMs.dashboard),
      unit: 'µs CPU/item',
      notes: `write and read system calls per item: ${countPerItem(nats.syscalls?.writes, nats)} and ${countPerItem(nats.syscalls?.reads, nats)}`,
    },
  ];
  if (nats.broker !== undefined) {
    rows.push({
      name: `${label} broker messages per item`,
      value: (nats.broker.inMsgs + nats.broker.outMsgs) / n,
      unit: 'msgs/item',
      notes: `in ${(nats.broker.inMsgs / n).toFixed(2)}, out ${(nats.broker.outMsgs / n).toFixed(2)} per item (${n} items, /proc CPU at 10 ms resolution)`,
    });
  }
  return rows;
}

async function natsPhase(dir: string): Promise<Phase> {
  const monitorPort = await freePort();
  const server = await NatsServer.start(['-m', String(monitorPort)]);
  const children: ChildProcess[] = [];
  const sockets: WebSocket[] = [];
  try {
    const agents = await spawnChild(ROOT, ['agents', server.url, String(BENCHES), path.join(dir, 'agents')]);
    children.push(agents.child);
    const dashboard = await spawnChild(ROOT, ['dashboard', server.url, path.join(dir, 'dash')]);
    children.push(dashboard.child);
    if (dashboard.ready.mode !== 'dashboard') throw new Error('dashboard child answered as another mode');
    const log = new LatencyLog();
    const watched = await watchFleet(dashboard.ready, BENCHES, log);
    sockets.push(watched.ws);
    const catchUpMs = await waitForCatchUp(server.url, watched.benches, log, CATCH_UP_TIMEOUT_MS);
    const dashboardPid = dashboard.child.pid ?? 0;
    let syscallsBefore = { reads: 0, writes: 0 };
    const phase = await measure(
      log,
      { broker: server.pid ?? 0, dashboard: dashboardPid, benches: agents.child.pid ?? 0 },
      monitorPort,
      () => (syscallsBefore = processSyscalls(dashboardPid)),
    );
    const after = processSyscalls(dashboardPid);
    const syscalls = {
      reads: after.reads - syscallsBefore.reads,
      writes: after.writes - syscallsBefore.writes,
    };
    return { ...phase, catchUpMs, syscalls };
  } finally {
    for (const ws of sockets) ws.close();
    for (const child of children.reverse()) await stopChild(child);
    await server.dispose();
  }
}

async function directPhase(dir: string): Promise<Phase> {
  const direct = await spawnChild(ROOT, ['direct', String(BENCHES), path.join(dir, 'direct')]);
  const sockets: WebSocket[] = [];
  try {
    if (direct.ready.mode !== 'direct') throw new Error('direct child answered as another mode');
    const log = new LatencyLog();
    sockets.push(
      ...(await watchDirect(
        direct.ready,
        { readingsIntervalMs: READINGS_INTERVAL_MS, waveformIntervalMs: WAVEFORM_INTERVAL_MS },
        log,
      )),
    );
    return await measure(log, { benches: direct.child.pid ?? 0 });
  } finally {
    for (const ws of sockets) ws.close();
    await stopChild(direct.child);
  }
}

/** A count over the window per item delivered. */
function countPerItem(count: number | undefined, phase: Phase): string {
  const items = phase.log.recordMs.length + phase.log.waveformMs.length;
  return count === undefined || items === 0 ? 'NaN' : (count / items).toFixed(2);
}

function latencyRows(label: string, ours: number[], base: number[]): BenchResult[] {
  return ([50, 95, 99] as const).map((p) => ({
    name: `${label} bench-to-client latency p${p}`,
    value: percentile(ours, p),
    unit: 'ms',
    baseline: { name: `direct WebSocket p${p}`, value: percentile(base, p), unit: 'ms' },
    ...(p === 95 ? { target: '<= 50', pass: percentile(ours, p) <= 50 } : {}),
  }));
}

/** The fleet path alone (BENCH_FLEET_NATS_ONLY): latencies, gaps and CPU, no baseline. */
function natsRows(label: string, nats: Phase): BenchResult[] {
  const n = items(nats.log);
  return [
    ...(['records', 'waveforms'] as const).flatMap((kind) =>
      ([50, 95] as const).map((p) => ({
        name: `${label} ${kind} bench-to-client latency p${p}`,
        value: percentile(kind === 'records' ? nats.log.recordMs : nats.log.waveformMs, p),
        unit: 'ms',
      })),
    ),
    {
      name: `${label} seq gaps`,
      value: nats.log.gaps,
      unit: 'gaps',
      target: '0',
      pass: nats.log.gaps === 0,
      notes: `${(n / WINDOW_S).toFixed(0)} items/s; catch-up ${((nats.catchUpMs ?? Number.NaN) / 1000).toFixed(1)} s`,
    },
    ...(['benches', 'broker', 'dashboard'] as const).map((k) => ({
      name: `${label} ${k} CPU`,
      value: nats.cpu[k] ?? Number.NaN,
      unit: '% of a core',
    })),
  ];
}

export async function run(): Promise<BenchResult[]> {
  const missing = natsServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleetload-'));
  try {
    const nats = await natsPhase(dir);
    const label = `${BENCHES} benches over NATS:`;
    if (NATS_ONLY) return [...natsRows(label, nats), ...perItemRows(label, nats, undefined)];
    const direct = await directPhase(dir);
    const rate = (log: LatencyLog): string =>
      `${((log.recordMs.length + log.waveformMs.length) / WINDOW_S).toFixed(0)} items/s in ${(log.messages / WINDOW_S).toFixed(0)} messages/s, ${(log.bytes / WINDOW_S / 1e6).toFixed(1)} MB/s (JSON and binary frames)`;
    return [
      ...latencyRows(`${label} records`, nats.log.recordMs, direct.log.recordMs),
      ...latencyRows(`${label} waveforms`, nats.log.waveformMs, direct.log.waveformMs),
      {
        name: `${label} seq gaps`,
        value: nats.log.gaps,
        unit: 'gaps',
        baseline: { name: 'direct WebSocket seq gaps', value: direct.log.gaps, unit: 'gaps' },
        target: '0',
        pass: nats.log.gaps === 0,
        notes: `NATS: ${rate(nats.log)}; direct: ${rate(direct.log)}; window ${WINDOW_S} s after ${WARMUP_MS / 1000} s warm-up (over NATS after the client caught up with the dashboard's backfill: ${((nats.catchUpMs ?? Number.NaN) / 1000).toFixed(1)} s)`,
      },
      {
        name: `${label} broker (nats-server) CPU`,
        value: nats.cpu.broker ?? Number.NaN,
        unit: '% of a core',
      },
      {
        name: `${label} dashboard backend CPU`,
        value: nats.cpu.dashboard ?? Number.NaN,
        unit: '% of a core',
        baseline: {
          name: `direct: the ${BENCHES} backends serving the client`,
          value: direct.cpu.benches ?? Number.NaN,
          unit: '% of a core',
        },
        notes: `the ${BENCHES} benches with their agents: ${(nats.cpu.benches ?? Number.NaN).toFixed(0)} % of a core (direct: ${(direct.cpu.benches ?? Number.NaN).toFixed(0)} %, same instruments, WebSocket instead of NATS)`,
      },
      ...perItemRows(label, nats, direct),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
