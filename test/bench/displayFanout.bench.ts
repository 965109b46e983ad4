/**
 * Display-rate fan-out: dashboards (WebSocket clients, no Chromium) watching the scope at display rate,
 * 4 × 100k-point records decimated to 1,200 min/max pairs, each asking for the phase its own display would
 * want (`shift_stream`), the way DisplayPacer does. What it counts is instrument reads per display tick, at
 * the driver (a counting wrapper around the simulated scope's `read`): one per tick however many
 * dashboards watch, against the same load with one dashboard, in the same run.
 *
 * Each dashboard asks for the display period as it measured it: 1000/60 ms give or take 0.02 % (pages on
 * one display measure it a few µs apart), and shifts twice: once after starting, once halfway through the
 * window (the phase leader's second shift moves everyone's grid: no frame may be lost over it).
 * BENCH_DISPLAY_FANOUT_S sets the measured window (default 10 s), BENCH_DISPLAY_FANOUT_CLIENTS the
 * dashboards (default 20).
 */
import WebSocket from 'ws';
import { startBackend } from '../../src-main/backend.js';
import { SimOscilloscope } from '../../src-main/instruments/scope/SimOscilloscope.js';
import { createLogger } from '../../src-main/util/log.js';
import { configureScope } from './lib/fanoutPhase.js';
import type { BenchResult } from './types.js';

const CLIENTS = Number(process.env.BENCH_DISPLAY_FANOUT_CLIENTS ?? 20);
const WINDOW_S = Number(process.env.BENCH_DISPLAY_FANOUT_S ?? 10);
const WARMUP_S = 2;
const DISPLAY_PERIOD_MS = 1000 / 60;
/** How far apart the dashboards' measured periods are, as a fraction (see the module comment). */
const PERIOD_SPREAD = 0.0002;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A dashboard's connection, reduced to what is counted: replies, and each binary frame's seq. */
class Dashboard {
  readonly ws: WebSocket;
  frames = 0;
  seqGaps = 0;
  #lastSeq: number | undefined;
  readonly #replies = new Map<string, (message: Record<string, unknown>) => void>();
  #nextId = 0;

  constructor(url: string) {
    this.ws = new WebSocket(url, { maxPayload: 0 });
    this.ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        // The frame header's seq (shared/codec/frame.ts); the channel blocks are not looked at.
        const seq = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(12, true);
        if (this.#lastSeq !== undefined && seq > this.#lastSeq + 1) this.seqGaps += seq - this.#lastSeq - 1;
        this.#lastSeq = seq;
        this.frames++;
        return;
      }
      const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (typeof message.request_id !== 'string') return;
      this.#replies.get(message.request_id)?.(message);
      this.#replies.delete(message.request_id);
    });
  }

  async open(token: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    const hello = {
      type: 'hello',
      protocol: 1,
      token,
      client: 'display-fanout-bench',
      encodings: ['binary'],
    };
    await this.request(hello);
  }

  request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request_id = `d${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${String(message.type)}`)), 10_000);
      this.#replies.set(request_id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.ws.send(JSON.stringify({ ...message, request_id }));
    });
  }
}

interface PhaseResult {
  dashboards: number;
  readsPerTick: number;
  /** Ticks run per second (60 when none is skipped). */
  ticksPerS: number;
  acquisitionsPerTick: number;
  framesPerClientPerS: number;
  seqGaps: number;
  producers: number;
  skippedTicks: number;
  /** Shifts answered moved: true / moved: false (or without `moved`, from a backend that always moved). */
  shiftsMoved: number;
  shiftsDeclined: number;
  /** Distinct intervals the dashboards asked for, and that stream_started gave them. */
  intervalsAsked: number;
  intervalsGiven: number;
}

async function phase(dashboards: number): Promise<PhaseResult> {
  const scope = new SimOscilloscope({ id: 'scope_1', seed: 2 });
  let reads = 0;
  const read = scope.read.bind(scope);
  scope.read = (streamType, options) => {
    if (streamType === 'waveform') reads++;
    return read(streamType, options);
  };
  const backend = await startBackend({ log: createLogger('warn'), drivers: [scope] });
  const clients: Dashboard[] = [];
  try {
    await configureScope(backend);
    const asked = new Set<number>();
    const given = new Set<number>();
    for (let i = 0; i < dashboards; i++) {
      const client = new Dashboard(backend.wsUrl);
      clients.push(client);
      await client.open(backend.token);
      const spread = dashboards === 1 ? 0 : (i / (dashboards - 1) - 0.5) * 2 * PERIOD_SPREAD;
      const intervalMs = DISPLAY_PERIOD_MS * (1 + spread);
      asked.add(intervalMs);
      const reply = await client.request({
        type: 'start_stream',
        equipment_id: 'scope_1',
        stream_type: 'waveform',
        interval_ms: intervalMs,
        width: 1200,
      });
      if (reply.type !== 'stream_started') throw new Error(`start_stream: ${JSON.stringify(reply)}`);
      given.add(reply.interval_ms as number);
    }
    let moved = 0;
    let declined = 0;
    /** Each dashboard asks for its own phase, spread over the period. */
    const shiftAll = async (round: number): Promise<void> => {
      const replies = await Promise.all(
        clients.map((client, i) =>
          client.request({
            type: 'shift_stream',
            equipment_id: 'scope_1',
            stream_type: 'waveform',
            shift_ms: (((i + round * 0.5) / dashboards) % 1) * DISPLAY_PERIOD_MS - DISPLAY_PERIOD_MS / 2,
          }),
        ),
      );
      for (const reply of replies) {
        if (reply.type !== 'stream_shifted') throw new Error(`shift_stream: ${JSON.stringify(reply)}`);
        if (reply.moved === false) declined++;
        else moved++;
      }
    };
    await shiftAll(0);
    await sleep(WARMUP_S * 1000);

    const readsBefore = reads;
    const acquisitionsBefore = scope.acquisitionCount;
    const skippedBefore = backend.streams.producers().reduce((s, p) => s + p.skippedTicks, 0);
    const ticksBefore = new Map(backend.streams.producers().map((p) => [p, p.ticks]));
    for (const client of clients) {
      client.frames = 0;
      client.seqGaps = 0;
    }
    const startedMs = performance.now();
    await sleep((WINDOW_S * 1000) / 2);
    await shiftAll(1);
    await sleep((WINDOW_S * 1000) / 2);
    const windowMs = performance.now() - startedMs;
    const producers = backend.streams.producers();
    // A tick is one of the stream's grid that ran (on a starved machine some are skipped, and counted):
    // with a producer per dashboard each of them runs its own, so reads ÷ the busiest grid's ticks.
    const ticks = Math.max(...producers.map((p) => p.ticks - (ticksBefore.get(p) ?? 0)));
    return {
      dashboards,
      readsPerTick: (reads - readsBefore) / ticks,
      acquisitionsPerTick: (scope.acquisitionCount - acquisitionsBefore) / ticks,
      ticksPerS: ticks / (windowMs / 1000),
      framesPerClientPerS: clients.reduce((s, c) => s + c.frames, 0) / clients.length / (windowMs / 1000),
      seqGaps: clients.reduce((s, c) => s + c.seqGaps, 0),
      producers: producers.length,
      skippedTicks: producers.reduce((s, p) => s + p.skippedTicks, 0) - skippedBefore,
      shiftsMoved: moved,
      shiftsDeclined: declined,
      intervalsAsked: asked.size,
      intervalsGiven: given.size,
    };
  } finally {
    for (const client of clients) client.ws.terminate();
    await backend.close();
  }
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export async function run(): Promise<BenchResult[]> {
  process.stderr.write(`displayFanout: 1 dashboard, then ${CLIENTS}, ${WINDOW_S} s each\n`);
  const one = await phase(1);
  const many = await phase(CLIENTS);
  const notes = (p: PhaseResult): string =>
    `${p.producers} producer(s) for ${p.intervalsAsked} intervals asked (${p.intervalsGiven} given); ` +
    `${round(p.acquisitionsPerTick)} acquisitions/tick; ${round(p.ticksPerS, 1)} ticks/s run, ` +
    `${p.skippedTicks} ticks skipped; shifts moved/declined ${p.shiftsMoved}/${p.shiftsDeclined}`;
  return [
    {
      name: `${CLIENTS} dashboards at display rate, own phases: instrument reads per tick`,
      value: many.readsPerTick,
      unit: 'reads/tick',
      baseline: { name: '1 dashboard', value: one.readsPerTick },
      ratio: one.readsPerTick / many.readsPerTick,
      target: '1 read per tick (≤ 1.05)',
      pass: many.readsPerTick <= 1.05,
      notes: `${notes(many)}; 1 dashboard: ${notes(one)}`,
    },
    {
      name: `${CLIENTS} dashboards: waveform frames per dashboard`,
      value: many.framesPerClientPerS,
      unit: 'frames/s',
      baseline: { name: '1 dashboard', value: one.framesPerClientPerS },
      target: '≥ 99 % of the ticks run',
      pass: many.framesPerClientPerS >= 0.99 * many.ticksPerS,
      notes: `ticks run ${round(many.ticksPerS, 1)}/s of 60 (1 dashboard: ${round(one.ticksPerS, 1)}/s)`,
    },
    {
      name: `${CLIENTS} dashboards: frames lost (seq gaps), over a leader's shift too`,
      value: many.seqGaps,
      unit: 'frames',
      baseline: { name: '1 dashboard', value: one.seqGaps },
      target: '0',
      pass: many.seqGaps === 0,
    },
  ];
}
