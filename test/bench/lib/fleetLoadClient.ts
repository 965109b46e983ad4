/**
 * The measuring side of the fleetLoad benchmark, in the harness process: WebSocket clients that take the
 * arrival time of every record and waveform against its bench timestamp (both processes read the same
 * epoch-based clock), and count seq gaps — through the dashboard's fleet push, or straight from each
 * bench's backend (the baseline). Both clients take binary frames, as the dashboard does: fleet waveforms
 * as the bench's kind-5 frames (a flush's together in one kind-6 bundle), a direct bench's waveforms as kind-1
 * stream frames.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { splitFleetWaveformBundle } from '../../../shared/codec/fleetWaveformBundle.js';
import { readFleetWaveformHeader } from '../../../shared/codec/fleetWaveformFrame.js';
import { decodeFrame } from '../../../shared/codec/frame.js';
import { type HistoryRecord, presenceSchema } from '../../../shared/protocol/index.js';
import { SUBJECT_ROOT } from '../../../src-main/fleet/index.js';
import { systemClock } from '../../../src-main/util/index.js';
import type { ChildReady } from './fleetLoadChild.js';
import { connectPlain, sleep } from './fleetRig.js';

export class LatencyLog {
  readonly recordMs: number[] = [];
  readonly waveformMs: number[] = [];
  gaps = 0;
  messages = 0;
  bytes = 0;
  measuring = false;
  readonly #lastSeq = new Map<string, number>();

  /** The newest seq noted for `key` (undefined before its first). */
  lastSeqOf(key: string): number | undefined {
    return this.#lastSeq.get(key);
  }

  /** One message's items; `key` names the sequence its seq belongs to. */
  note(key: string, seq: number, timestampMs: number, kind: 'record' | 'waveform'): void {
    const last = this.#lastSeq.get(key);
    this.#lastSeq.set(key, seq);
    if (!this.measuring) return;
    if (last !== undefined && seq !== last + 1) this.gaps++;
    (kind === 'record' ? this.recordMs : this.waveformMs).push(systemClock.nowMs() - timestampMs);
  }
}

/**
 * A client with the token in its URL that then says `hello` with binary frames accepted (JSON alone until
 * it does), so waveforms come as the dashboard gets them. Resolves once welcomed.
 */
export function openSocket(
  wsUrl: string,
  token: string,
  onMessage: (text: string) => void,
  onBinary: (frame: Buffer) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(`${wsUrl}?token=${token}`, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) return onBinary(bytes);
      const text = bytes.toString('utf8');
      if (text.includes('"type":"welcome"')) resolve(ws);
      onMessage(text);
    });
    ws.once('open', () =>
      ws.send(
        JSON.stringify({ type: 'hello', protocol: 1, client: 'fleetLoad', encodings: ['json', 'binary'] }),
      ),
    ).once('error', reject);
  });
}

/** Through the dashboard: every bench subscribed with waveforms; records and waveforms timed. */
export async function watchFleet(
  ready: Extract<ChildReady, { mode: 'dashboard' }>,
  benches: number,
  log: LatencyLog,
): Promise<{ ws: WebSocket; benches: string[] }> {
  let known: string[] = [];
  const ws = await openSocket(
    ready.wsUrl,
    ready.token,
    (text) => {
      log.bytes += text.length;
      const m = JSON.parse(text) as
        | { type: 'fleet'; benches: { bench: string; online: boolean }[] }
        | { type: 'fleet_live'; benches: { bench: string; records: HistoryRecord[] }[] }
        | { type: '' };
      if (m.type === 'fleet') known = m.benches.filter((b) => b.online).map((b) => b.bench);
      if (m.type === 'fleet_live') {
        log.messages++;
        for (const batch of m.benches)
          for (const r of batch.records) log.note(`${r.bench}`, r.seq, r.timestamp, 'record');
      }
    },
    (frame) => {
      log.bytes += frame.length;
      log.messages++;
      // Waveforms carry no seq (latest-wins by design); their latency is what counts. A flush's waveforms
      // come as one kind-6 bundle of the benches' kind-5 frames.
      const nowMs = systemClock.nowMs();
      for (const one of splitFleetWaveformBundle(frame).frames) {
        const { timestamp } = readFleetWaveformHeader(one);
        if (log.measuring) log.waveformMs.push(nowMs - timestamp);
      }
    },
  );
  const deadline = Date.now() + 60_000;
  while (known.length < benches) {
    if (Date.now() > deadline)
      throw new Error(`the dashboard saw ${known.length} of ${benches} benches in 60 s`);
    ws.send(JSON.stringify({ type: 'get_fleet' }));
    await sleep(250);
  }
  for (const bench of known) ws.send(JSON.stringify({ type: 'fleet_subscribe', bench, waveforms: true }));
  return { ws, benches: known };
}

/** Straight to each bench's backend: the same streams the agent publishes, at the same rates. */
export async function watchDirect(
  ready: Extract<ChildReady, { mode: 'direct' }>,
  rates: { readingsIntervalMs: number; waveformIntervalMs: number },
  log: LatencyLog,
): Promise<WebSocket[]> {
  return Promise.all(
    ready.backends.map(async ({ wsUrl, token }, i) => {
      const ws = await openSocket(
        wsUrl,
        token,
        (text) => {
          log.bytes += text.length;
          const m = JSON.parse(text) as {
            type: string;
            stream_id?: number;
            stream_type?: string;
            seq?: number;
            timestamp?: number;
          };
          if (m.type !== 'stream_data' || m.seq === undefined || m.timestamp === undefined) return;
          log.messages++;
          log.note(`${i}/${m.stream_id}`, m.seq, m.timestamp, 'record');
        },
        (bytes) => {
          log.bytes += bytes.length;
          log.messages++;
          const frame = decodeFrame(bytes);
          log.note(`${i}/${frame.streamId}`, frame.seq, frame.t0Ms, 'waveform');
        },
      );
      const start = (spec: Record<string, unknown>) =>
        ws.send(JSON.stringify({ type: 'start_stream', ...spec }));
      start({ equipment_id: 'psu', stream_type: 'readings', interval_ms: rates.readingsIntervalMs });
      start({
        equipment_id: 'scope',
        stream_type: 'waveform',
        interval_ms: rates.waveformIntervalMs,
        width: 1200,
      });
      start({ equipment_id: 'scope', stream_type: 'measurements', interval_ms: rates.waveformIntervalMs });
      return ws;
    }),
  );
}

/** A child of fleetLoadChild.ts, with its ready line; `env` adds to this process's environment. */
/** BENCH_FLEET_NICE, when set: a niceness of 1..19. */
export function niceness(): number | undefined {
  const raw = process.env.BENCH_FLEET_NICE;
  if (raw === undefined || raw === '') return undefined;
  const nice = Number(raw);
  if (!Number.isInteger(nice) || nice < 1 || nice > 19)
    throw new Error(`BENCH_FLEET_NICE must be 1..19, not ${raw}`);
  return nice;
}

/** Sets every thread of process `pid` to niceness `nice` (setpriority on a pid moves only its first thread). */
export function reniceProcess(pid: number, nice: number): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) os.setPriority(Number(tid), nice);
}

export async function spawnChild(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; ready: ChildReady }> {
  // BENCH_FLEET_CPU_PROF=<dir>: the child writes a V8 CPU profile there when it exits (SIGTERM ends it
  // through process.exit, which writes the profile), for `node --cpu-prof` figures of where its CPU goes.
  const profDir = process.env.BENCH_FLEET_CPU_PROF;
  // One folder per mode: node names each thread's profile itself (tsx's loader runs in a worker thread).
  const prof =
    profDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', path.join(profDir, args[0] ?? 'child')];
  // BENCH_FLEET_NICE=<n> runs the benches' child (agents, or the direct backends) at that niceness (every
  // thread of it: `nice` starts the process so), standing for lab PCs of their own: see fleetPixel.bench.ts.
  const nice = args[0] === 'agents' || args[0] === 'direct' ? niceness() : undefined;
  const command = [
    process.execPath,
    ...prof,
    '--import',
    'tsx',
    path.join(root, 'test/bench/lib/fleetLoadChild.ts'),
    ...args,
  ];
  if (nice !== undefined) command.unshift('nice', '-n', String(nice));
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = await new Promise<ChildReady>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} not ready in 120 s: ${stderr}`)), 120_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as ChildReady);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}: ${stderr}`));
    });
  });
  return { child, ready };
}

/** Ends a child by its pid: SIGTERM, then SIGKILL after 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Waits until the client holds every record the benches had made when this was called (their newest seq,
 * from their presence on NATS): a dashboard that joins a running fleet first backfills a minute per bench,
 * and the push carries that backfill to a client that subscribed meanwhile. Those records are catch-up, not
 * live latency, so the measuring window starts after them. Returns the wait, ms.
 */
export async function waitForCatchUp(
  natsUrl: string,
  benches: readonly string[],
  log: LatencyLog,
  timeoutMs: number,
): Promise<number> {
  const startMs = performance.now();
  const nc = await connectPlain(natsUrl, 'catch-up-probe');
  const target = new Map<string, number>();
  try {
    nc.subscribe(`${SUBJECT_ROOT}.*.presence`, {
      callback: (err, msg) => {
        if (err) return;
        const presence = presenceSchema.safeParse(msg.json());
        if (presence.success && !target.has(presence.data.bench)) {
          target.set(presence.data.bench, presence.data.seq);
        }
      },
    });
    const caughtUp = (): boolean =>
      benches.every((b) => {
        const want = target.get(b);
        return want !== undefined && (log.lastSeqOf(b) ?? 0) >= want;
      });
    while (!caughtUp()) {
      if (performance.now() - startMs > timeoutMs) {
        const behind = benches.filter((b) => (log.lastSeqOf(b) ?? 0) < (target.get(b) ?? Infinity));
        throw new Error(`the client had not caught up after ${timeoutMs} ms: ${behind.join(', ')} behind`);
      }
      await sleep(100);
    }
  } finally {
    await nc.close();
  }
  return performance.now() - startMs;
}
