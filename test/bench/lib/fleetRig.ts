/**
 * Pieces the fleet benchmarks share: a nats-server started by pid on a free loopback port (the fleet
 * tests' NatsServer), simulated benches as BenchAgents (a bench is an object: several share one process),
 * a process's CPU time read from /proc by pid, and percentiles.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { type Backend, startBackend } from '../../../src-main/backend.js';
import { ComputePool } from '../../../src-main/compute/index.js';
import { BenchAgent, connectToFleet, parseNatsUrl } from '../../../src-main/fleet/index.js';
import { type Logger, silentLogger } from '../../../src-main/util/index.js';

export { NatsServer, natsServerMissing } from '../../integration/fleet/natsServer.js';
export { percentile } from './chromiumProbe.js';

/**
 * The bench: a supply (3 channels) and a scope with all 4 channels on; its records are decimated
 * to 1,200 points (600 min/max pairs) for the fleet, or asked at width 1,200 over a direct WebSocket.
 */
export async function writeLoadBench(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'bench.json');
  await writeFile(
    file,
    JSON.stringify({
      instruments: [
        { id: 'psu', driver: 'sim-psu', label: 'Supply' },
        {
          id: 'scope',
          driver: 'sim-scope',
          label: 'Scope',
          options: {
            global: { record_length: 10_000 },
            channels: { 3: { enabled: true }, 4: { enabled: true } },
          },
        },
      ],
    }),
  );
  return file;
}

export function connectPlain(url: string, name: string, log: Logger = silentLogger): Promise<NatsConnection> {
  return connectToFleet({ url: parseNatsUrl(url), credentials: {}, name, log });
}

export interface RunningBench {
  bench: string;
  backend: Backend;
  agent: BenchAgent;
  /** The compute pool every bench of this process shares (closed by stopAgents). */
  compute: ComputePool;
}

/**
 * Starts `count` benches named `<prefix>-<i>`, each with its own simulated instruments and agent, on one
 * NATS connection. The supply is read every `readingsIntervalMs`, the scope every `waveformIntervalMs`.
 */
export async function startAgents(options: {
  nc: NatsConnection;
  count: number;
  prefix: string;
  dataDir: string;
  benchFile: string;
  readingsIntervalMs: number;
  waveformIntervalMs: number;
  serveHttp?: boolean;
}): Promise<RunningBench[]> {
  const benches: RunningBench[] = [];
  // One compute pool for the process: one per bench would be 2 × count threads on a 2-core machine.
  const compute = new ComputePool();
  for (let i = 0; i < options.count; i++) {
    const bench = `${options.prefix}-${i}`;
    const backend = await startBackend({
      compute,
      log: silentLogger,
      dataDir: path.join(options.dataDir, bench),
      benchFile: options.benchFile,
      serveHttp: options.serveHttp ?? false,
      seed: i + 1,
    });
    const agent = new BenchAgent({
      nc: options.nc,
      bench,
      backend,
      log: silentLogger,
      readingsIntervalMs: options.readingsIntervalMs,
      waveformIntervalMs: options.waveformIntervalMs,
    });
    await agent.start();
    benches.push({ bench, backend, agent, compute });
  }
  return benches;
}

export async function stopAgents(benches: RunningBench[]): Promise<void> {
  for (const b of benches) {
    await b.agent.close();
    await b.backend.close();
  }
  await benches[0]?.compute.close();
}

/** CPU time (user + system) a process has used so far, ms, from /proc/<pid>/stat (10 ms resolution). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10;
}

/**
 * A process's read and write system calls so far (/proc/<pid>/io: every thread; socket reads and writes
 * included): what its CPU per item mostly is on loopback, and unlike CPU time not stretched by the load.
 */
export function processSyscalls(pid: number): { reads: number; writes: number } {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? NaN);
  return { reads: field('syscr'), writes: field('syscw') };
}

/** A process's CPU use over a window as a share of one core, %. */
export function cpuPercent(startCpuMs: number, endCpuMs: number, windowMs: number): number {
  return ((endCpuMs - startCpuMs) / windowMs) * 100;
}

/** The load: the supply's 3 channels at 100 Hz, the scope's 4 traces at 10 Hz. */
export const READINGS_INTERVAL_MS = 10;
export const WAVEFORM_INTERVAL_MS = 100;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** BENCH_SHORT=1: every fleet benchmark in a few seconds, to check that it runs (figures not meaningful). */
export const SHORT = process.env.BENCH_SHORT === '1';
