/**
 * Where a fleet record waits (issue 19's profile): benches (agents) and a dashboard's FleetWatcher in one
 * process on a real nats-server, so one clock times every hop. For each readings record: its bench
 * timestamp to arrival at a plain core-NATS subscriber on the bench's live subjects, and to the
 * FleetWatcher's timeline (its own core subscription, validation, the merge in seq order) — the path the
 * dashboard uses (a JetStream ordered consumer before issue 19's fleetwatch part). For each waveform: its timestamp (the
 * record's start) to the core subscriber, i.e. its age when the agent publishes it.
 * BENCH_SHORT=1: 3 benches for 3 s; BENCH_HOPS_BENCHES and BENCH_HOPS_S set count and window (5, 10 s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FleetWatcher, SUBJECT_ROOT } from '../../src-main/fleet/index.js';
import { silentLogger, systemClock } from '../../src-main/util/index.js';
import {
  connectPlain,
  NatsServer,
  natsServerMissing,
  percentile,
  READINGS_INTERVAL_MS,
  SHORT,
  sleep,
  startAgents,
  stopAgents,
  WAVEFORM_INTERVAL_MS,
  writeLoadBench,
} from './lib/fleetRig.js';
import type { BenchResult } from './types.js';

const BENCHES = SHORT ? 3 : Number(process.env.BENCH_HOPS_BENCHES ?? 5);
const WINDOW_S = SHORT ? 3 : Number(process.env.BENCH_HOPS_S ?? 10);
const WARMUP_MS = SHORT ? 2_000 : 5_000;

function timestampOf(data: Uint8Array): number | undefined {
  const value: unknown = JSON.parse(new TextDecoder().decode(data));
  if (typeof value !== 'object' || value === null || !('timestamp' in value)) return undefined;
  return typeof value.timestamp === 'number' ? value.timestamp : undefined;
}

export async function run(): Promise<BenchResult[]> {
  const missing = natsServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const server = await NatsServer.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleethops-'));
  const closers: (() => unknown)[] = [];
  const core: number[] = [];
  const watched: number[] = [];
  const waveforms: number[] = [];
  let measuring = false;
  try {
    const agentNc = await connectPlain(server.url, 'agents');
    closers.push(() => agentNc.close());
    const benches = await startAgents({
      nc: agentNc,
      count: BENCHES,
      prefix: 'hops',
      dataDir: dir,
      benchFile: await writeLoadBench(dir),
      readingsIntervalMs: READINGS_INTERVAL_MS,
      waveformIntervalMs: WAVEFORM_INTERVAL_MS,
    });
    closers.unshift(() => stopAgents(benches));
    const dashNc = await connectPlain(server.url, 'dashboard');
    closers.unshift(() => dashNc.close());
    const take = (into: number[]) => (err: Error | null, msg: { data: Uint8Array }) => {
      if (err || !measuring) return;
      const timestampMs = timestampOf(msg.data);
      if (timestampMs !== undefined) into.push(systemClock.nowMs() - timestampMs);
    };
    dashNc.subscribe(`${SUBJECT_ROOT}.*.readings.>`, { callback: take(core) });
    dashNc.subscribe(`${SUBJECT_ROOT}.*.waveform.>`, { callback: take(waveforms) });
    const watcher = new FleetWatcher({ nc: dashNc, log: silentLogger });
    watcher.start();
    closers.unshift(() => watcher.close());
    watcher.changes.on((change) => {
      if (change.kind !== 'record' || !measuring || change.record.kind !== 'readings') return;
      watched.push(systemClock.nowMs() - change.record.timestamp);
    });
    await sleep(WARMUP_MS);
    measuring = true;
    await sleep(WINDOW_S * 1000);
    measuring = false;
  } finally {
    for (const close of closers) await close();
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
  const label = `${BENCHES} benches, one process:`;
  const rows: BenchResult[] = ([50, 95, 99] as const).map((p) => ({
    name: `${label} record to FleetWatcher (JetStream) p${p}`,
    value: percentile(watched, p),
    unit: 'ms',
    baseline: {
      name: `same records at a core-NATS subscriber p${p}`,
      value: percentile(core, p),
      unit: 'ms',
    },
  }));
  rows.push({
    name: `${label} waveform age when published p50`,
    value: percentile(waveforms, 50),
    unit: 'ms',
    notes: `p95 ${percentile(waveforms, 95).toFixed(1)} ms; from the record's start timestamp (the scope's own window and the streams' record sharing, up to one interval, come before any publish); ${watched.length} records through the watcher, ${core.length} at the core subscriber, ${waveforms.length} waveforms in ${WINDOW_S} s`,
  });
  return rows;
}
