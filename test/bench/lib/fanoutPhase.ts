/**
 * One phase of the fan-out benchmark: a fresh backend in this process (the simulated supply and scope), the
 * scope set to 4 × 100k-point records over the wire, clients spread over child processes
 * (lib/fanoutClient.ts), a warm-up, then a measured window. This process then runs nothing but the
 * server, so its CPU time (process.cpuUsage) is the server's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { DEMO_BENCH, SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { EventLoopMonitor, type EventLoopLag } from '../../../src-main/server/sessions/EventLoopMonitor.js';
import { createLogger } from '../../../src-main/util/log.js';
import type {
  ChildMessage,
  ClientMode,
  ClientPlan,
  ClientReport,
  ParentMessage,
  StreamRequest,
} from './fanoutClient.js';

const CLIENT_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fanoutClient.ts');

export const READINGS_INTERVAL_MS = 10;
export const WAVEFORM_INTERVAL_MS = 16;
export const RECORD_LENGTH = 100_000;

/** Per client: three supply channels at 100 Hz and the scope's four channels decimated for display. */
export const STREAMS: Record<ClientMode, StreamRequest[]> = {
  binary: [
    ...[1, 2, 3].map((channel) => ({
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: READINGS_INTERVAL_MS,
      channel,
    })),
    // 1200 (min, max) pairs: 2,400 values per channel.
    { equipment_id: 'scope_1', stream_type: 'waveform', interval_ms: WAVEFORM_INTERVAL_MS, width: 1200 },
  ],
  json: [
    ...[1, 2, 3].map((channel) => ({
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: READINGS_INTERVAL_MS,
      channel,
    })),
    // JSON carries at most `width` values per channel: width 2400 is the same 1200 pairs as binary's 1200.
    { equipment_id: 'scope_1', stream_type: 'waveform', interval_ms: WAVEFORM_INTERVAL_MS, width: 2400 },
  ],
};

export interface PhaseOptions {
  mode: ClientMode;
  clients: number;
  /** Extra stalled clients (binary, socket paused after their streams started). */
  slowClients: number;
  durationS: number;
  warmupS: number;
  clientProcesses: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface PhaseResult {
  windowS: number;
  serverCpuPercent: number;
  clientCpuPercent: number;
  eventLoop: EventLoopLag;
  rssMb: { before: number; after: number; peak: number };
  /** The clients that read everything they are sent (all but the stalled ones). */
  keptUp: ClientReport[];
  /** Frames the server dropped per session over the run (last figure seen for each). */
  serverDroppedBySession: number[];
  producers: {
    streamType: string;
    intervalMs: number;
    meanPeriodMs: number;
    skippedTicks: number;
    ticks: number;
  }[];
  scopeAcquisitionsPerS: number;
  /** Backend log lines about closing or terminating sessions (the stalled client's fate). */
  sessionEnds: string[];
}

const mb = (bytes: number): number => bytes / 2 ** 20;

export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: Number.NaN, p99: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sets the scope up as the benchmark wants it, through the protocol like any client would. */
export async function configureScope(backend: Backend): Promise<void> {
  const ws = new WebSocket(`${backend.wsUrl}?token=${backend.token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const settings: [string, number | boolean, number | undefined][] = [
    ['record_length', RECORD_LENGTH, undefined],
    ...[1, 2, 3, 4].map((ch): [string, boolean, number] => ['enabled', true, ch]),
  ];
  for (const [parameter, value, channel] of settings) {
    const reply = await new Promise<Record<string, unknown>>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'set_parameter', equipment_id: 'scope_1', parameter, value, channel }));
    });
    if (reply.type !== 'parameter_set') throw new Error(`scope setup failed: ${JSON.stringify(reply)}`);
  }
  ws.close();
}

/** The child's next message of `type`; rejects if it fails, exits or takes longer than `timeoutMs`. */
function waitFor(child: ChildProcess, type: ChildMessage['type'], timeoutMs = 60_000): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`bench client ${child.pid} sent no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'failed') reject(new Error(`bench client failed: ${message.error}`));
      else if (message.type === type) resolve(message);
      else return;
      done();
    };
    const onExit = (code: number | null): void => {
      done();
      reject(new Error(`bench client ${child.pid} exited (${code}) before sending ${type}`));
    };
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const sessionEnds: string[] = [];
  const log = createLogger('info', (line) => {
    if (/closing|terminating/.test(line)) sessionEnds.push(line.trim());
  });
  const scope = new SimOscilloscope({ id: 'scope_1', seed: 2 });
  const backend = await startBackend({
    log,
    drivers: [new SimPowerSupply({ id: 'psu_1', seed: 1, initial: DEMO_BENCH }), scope],
  });
  const children: ChildProcess[] = [];
  try {
    await configureScope(backend);
    const plans: ClientPlan[][] = Array.from({ length: options.clientProcesses }, () => []);
    for (let i = 0; i < options.clients; i++)
      plans[i % plans.length]!.push({ mode: options.mode, slow: false });
    if (options.slowClients > 0) {
      plans.push(
        Array.from({ length: options.slowClients }, () => ({ mode: 'binary' as const, slow: true })),
      );
    }
    for (const plan of plans) {
      const child = fork(CLIENT_SCRIPT, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
      children.push(child);
      const ready = waitFor(child, 'ready');
      const start: ParentMessage = {
        type: 'start',
        url: backend.wsUrl,
        token: backend.token,
        plans: plan,
        streams: STREAMS,
      };
      child.send(start);
      await ready;
    }
    await sleep(options.warmupS * 1000);

    const monitor = new EventLoopMonitor({ windowMs: 3_600_000 });
    const dropped = new Map<string, number>();
    const sampleSessions = (): void => {
      for (const session of backend.server.sessions()) {
        dropped.set(session.id, session.stats().connection.frames_dropped);
      }
    };
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const acquisitionsBefore = scope.acquisitionCount;
    for (const child of children) child.send({ type: 'measure' } satisfies ParentMessage);
    monitor.start();
    const cpuBefore = process.cpuUsage();
    const startedMs = performance.now();
    while (performance.now() - startedMs < options.durationS * 1000) {
      await sleep(250);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      sampleSessions();
    }
    const cpu = process.cpuUsage(cpuBefore);
    const windowMs = performance.now() - startedMs;
    const eventLoop = monitor.lag();
    monitor.stop();
    const acquisitions = scope.acquisitionCount - acquisitionsBefore;
    sampleSessions();
    const producers = backend.streams.producers().map((p) => ({
      streamType: p.streamType,
      intervalMs: p.intervalMs,
      meanPeriodMs: p.meanPeriodMs,
      skippedTicks: p.skippedTicks,
      ticks: p.ticks,
    }));
    const rssAfter = process.memoryUsage().rss;

    const reports: ClientReport[] = [];
    let clientCpuMs = 0;
    for (const child of children) {
      const done = waitFor(child, 'report');
      child.send({ type: 'finish' } satisfies ParentMessage);
      const report = await done;
      if (report.type !== 'report') throw new Error('unexpected reply');
      reports.push(...report.clients);
      clientCpuMs += report.cpuMs;
    }
    return {
      windowS: windowMs / 1000,
      serverCpuPercent: ((cpu.user + cpu.system) / 1000 / windowMs) * 100,
      clientCpuPercent: (clientCpuMs / windowMs) * 100,
      eventLoop,
      rssMb: { before: mb(rssBefore), after: mb(rssAfter), peak: mb(rssPeak) },
      keptUp: reports.filter((r) => !r.slow),
      serverDroppedBySession: [...dropped.values()],
      producers,
      scopeAcquisitionsPerS: acquisitions / (windowMs / 1000),
      sessionEnds,
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
    await backend.close();
  }
}
