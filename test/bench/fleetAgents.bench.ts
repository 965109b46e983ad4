/**
 * The agents alone (issue 19): 20 simulated benches as BenchAgents in one child (fleetLoadChild's `agents`
 * mode, the same child fleetLoad and fleetPixel run) publishing to a nats-server with nobody reading,
 * and what they cost — the child's CPU ms per second and per message published (the broker's `/varz`
 * messages in), and its write system calls per second. Without a dashboard, a client and a page on the
 * same 2 cores these figures move less with the machine's load than fleetLoad's; what the agents publish
 * does not depend on who reads it (core NATS), so the cost is the same as under fleetLoad.
 * BENCH_AGENTS_ROOTS=<dir>[,<dir>...]: the checkouts whose child to run, in interleaved rounds (default
 * this one) — the before/after of a change to the agents in one run; BENCH_AGENTS_ROUNDS (3),
 * BENCH_FLEET_BENCHES (20), BENCH_FLEET_S (window, 10 s after a 5 s warm-up); BENCH_SHORT=1: 3 benches,
 * one 3 s round. BENCH_FLEET_CPU_PROF=<dir> writes each child's V8 CPU profile there (fleetLoadClient).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/chromiumProbe.js';
import { spawnChild, stopChild } from './lib/fleetLoadClient.js';
import { freePort } from '../integration/fleet/natsServer.js';
import {
  NatsServer,
  natsServerMissing,
  processCpuMs,
  processSyscalls,
  SHORT,
  sleep,
} from './lib/fleetRig.js';
import type { BenchResult } from './types.js';

const BENCHES = SHORT ? 3 : Number(process.env.BENCH_FLEET_BENCHES ?? 20);
const WINDOW_S = SHORT ? 3 : Number(process.env.BENCH_FLEET_S ?? 10);
const WARMUP_MS = SHORT ? 1_000 : 5_000;
const ROUNDS = SHORT ? 1 : Number(process.env.BENCH_AGENTS_ROUNDS ?? 3);
const ROOTS = (process.env.BENCH_AGENTS_ROOTS ?? ROOT).split(',').map((r) => path.resolve(r));

interface Round {
  cpuMsPerS: number;
  messagesPerS: number;
  writesPerS: number;
}

async function inMsgs(monitorPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${monitorPort}/varz`);
  return ((await res.json()) as { in_msgs: number }).in_msgs;
}

/** One round: a fresh broker, the agents of `root` started on it, warmed up, measured over the window. */
async function round(root: string, dir: string): Promise<Round> {
  const monitorPort = await freePort();
  const server = await NatsServer.start(['-m', String(monitorPort)]);
  try {
    const { child } = await spawnChild(root, ['agents', server.url, String(BENCHES), dir]);
    try {
      const pid = child.pid ?? 0;
      await sleep(WARMUP_MS);
      const before = { cpuMs: processCpuMs(pid), io: processSyscalls(pid), msgs: await inMsgs(monitorPort) };
      const startMs = performance.now();
      await sleep(WINDOW_S * 1000);
      const seconds = (performance.now() - startMs) / 1000;
      const after = { cpuMs: processCpuMs(pid), io: processSyscalls(pid), msgs: await inMsgs(monitorPort) };
      return {
        cpuMsPerS: (after.cpuMs - before.cpuMs) / seconds,
        messagesPerS: (after.msgs - before.msgs) / seconds,
        writesPerS: (after.io.writes - before.io.writes) / seconds,
      };
    } finally {
      await stopChild(child);
    }
  } finally {
    await server.dispose();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function run(): Promise<BenchResult[]> {
  const missing = natsServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleetagents-'));
  const rounds = new Map<string, Round[]>(ROOTS.map((r) => [r, []]));
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const root of ROOTS) {
        const r = await round(root, path.join(dir, `${i}-${path.basename(root)}`));
        rounds.get(root)?.push(r);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const [first] = ROOTS;
  return ROOTS.flatMap((root) => {
    const own = rounds.get(root) ?? [];
    const label = `${BENCHES} agents${ROOTS.length > 1 ? ` (${root})` : ''}:`;
    const perMessageUs = own.map((r) => (r.cpuMsPerS * 1000) / r.messagesPerS);
    const baseline = (values: (r: Round) => number, unit: string): BenchResult['baseline'] =>
      root === first || first === undefined
        ? undefined
        : { name: `${first}`, value: median((rounds.get(first) ?? []).map(values)), unit };
    const list = (values: number[]): string => values.map((v) => v.toFixed(1)).join(', ');
    return [
      {
        name: `${label} CPU`,
        value: median(own.map((r) => r.cpuMsPerS / 10)),
        unit: '% of a core',
        baseline: baseline((r) => r.cpuMsPerS / 10, '% of a core'),
        notes: `rounds: ${list(own.map((r) => r.cpuMsPerS / 10))} (median; /proc CPU at 10 ms resolution)`,
      },
      {
        name: `${label} CPU per message published`,
        value: median(perMessageUs),
        unit: 'µs CPU/msg',
        baseline: baseline((r) => (r.cpuMsPerS * 1000) / r.messagesPerS, 'µs CPU/msg'),
        notes: `rounds: ${list(perMessageUs)}; ${list(own.map((r) => r.messagesPerS))} messages/s`,
      },
      {
        name: `${label} write system calls`,
        value: median(own.map((r) => r.writesPerS)),
        unit: 'writes/s',
        baseline: baseline((r) => r.writesPerS, 'writes/s'),
        notes: `rounds: ${list(own.map((r) => r.writesPerS))}`,
      },
    ];
  });
}
