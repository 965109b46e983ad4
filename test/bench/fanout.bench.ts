/**
 * Fan-out: 20 clients, each with three power-supply readings streams at 100 Hz (psu_1 CH1, CH2, CH3) and
 * one oscilloscope waveform stream at 62.5 Hz (interval 16 ms) of 4 × 100k-point records decimated to
 * 1200 min/max pairs — over loopback, for BENCH_FANOUT_S seconds (default 30) per phase, clients in child
 * processes so this process's CPU is the server's alone. Three phases, each on a fresh backend:
 *
 * 1. binary: our protocol (hello with binary; readings as JSON, waveforms as binary frames);
 * 2. guide JSON: the same load sent the streaming guide's way (token in the URL, no hello: every message
 *    JSON, waveforms as `stream_data` with decimated channel arrays of the same 2,400 values) — the baseline
 *    for bytes/s and server CPU;
 * 3. binary plus one stalled client (socket paused after its streams started): the others' p99 delivery
 *    latency against phase 1, and the server's memory.
 */
import type { ClientReport } from './lib/fanoutClient.js';
import {
  percentiles,
  READINGS_INTERVAL_MS,
  runPhase,
  WAVEFORM_INTERVAL_MS,
  type PhaseOptions,
  type PhaseResult,
} from './lib/fanoutPhase.js';
import type { BenchResult } from './types.js';

const CLIENTS = 20;
const DURATION_S = Number(process.env.BENCH_FANOUT_S ?? 30);
const READINGS_HZ = (3 * 1000) / READINGS_INTERVAL_MS;
const WAVEFORM_HZ = 1000 / WAVEFORM_INTERVAL_MS;

interface Summary {
  readingsHz: number;
  waveformHz: number;
  bytesPerS: number;
  seqGaps: number;
  framesDropped: number;
  readingsLatency: { p50: number; p99: number };
  waveformLatency: { p50: number; p99: number };
  allLatencyP99: number;
}

function summarize(phase: PhaseResult): Summary {
  const clients: ClientReport[] = phase.keptUp;
  const sum = (f: (c: ClientReport) => number): number => clients.reduce((s, c) => s + f(c), 0);
  const readingsLatency = clients.flatMap((c) => c.readingsLatencyMs);
  const waveformLatency = clients.flatMap((c) => c.waveformLatencyMs);
  return {
    readingsHz: sum((c) => c.readings) / clients.length / phase.windowS,
    waveformHz: sum((c) => c.waveforms) / clients.length / phase.windowS,
    bytesPerS: sum((c) => c.bytes) / phase.windowS,
    seqGaps: sum((c) => c.seqGaps),
    framesDropped: sum((c) => c.framesDropped ?? 0),
    readingsLatency: percentiles(readingsLatency),
    waveformLatency: percentiles(waveformLatency),
    allLatencyP99: percentiles([...readingsLatency, ...waveformLatency]).p99,
  };
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function producerNote(phase: PhaseResult): string {
  return phase.producers
    .map(
      (p) =>
        `${p.streamType}@${p.intervalMs} ms: mean period ${round(p.meanPeriodMs, 3)} ms, ${p.ticks} ticks, ` +
        `${p.skippedTicks} skipped`,
    )
    .join('; ');
}

function phaseResults(label: string, phase: PhaseResult, s: Summary): BenchResult[] {
  const common = `${phase.keptUp.length} clients, ${round(phase.windowS, 1)} s window`;
  return [
    {
      name: `${label}: readings delivered per client`,
      value: s.readingsHz,
      unit: 'msg/s',
      target: `≥ 99 % of ${READINGS_HZ}`,
      pass: s.readingsHz >= 0.99 * READINGS_HZ,
      notes: common,
    },
    {
      name: `${label}: waveform frames delivered per client`,
      value: s.waveformHz,
      unit: 'frames/s',
      target: `≥ 99 % of ${WAVEFORM_HZ}`,
      pass: s.waveformHz >= 0.99 * WAVEFORM_HZ,
      notes: `scope acquisitions ${round(phase.scopeAcquisitionsPerS, 1)}/s; ${producerNote(phase)}`,
    },
    {
      name: `${label}: frames dropped (clients that keep up)`,
      value: s.framesDropped,
      unit: 'frames',
      target: '0',
      pass: s.framesDropped === 0 && s.seqGaps === 0,
      notes: `seq gaps seen by the clients: ${s.seqGaps}`,
    },
    { name: `${label}: bytes received, all clients`, value: s.bytesPerS / 1e6, unit: 'MB/s' },
    {
      name: `${label}: server CPU`,
      value: phase.serverCpuPercent,
      unit: '% of a core',
      notes: `client processes together: ${round(phase.clientCpuPercent, 0)} % of a core`,
    },
    {
      name: `${label}: event-loop lag p99`,
      value: phase.eventLoop.p99Ms,
      unit: 'ms',
      target: '≤ 10 ms',
      pass: phase.eventLoop.p99Ms <= 10,
      notes: `p50 ${round(phase.eventLoop.p50Ms)} ms, max ${round(phase.eventLoop.maxMs)} ms`,
    },
    {
      name: `${label}: delivery latency p99, readings`,
      value: s.readingsLatency.p99,
      unit: 'ms',
      notes: `p50 ${round(s.readingsLatency.p50)} ms`,
    },
    {
      name: `${label}: delivery latency p99, waveforms`,
      value: s.waveformLatency.p99,
      unit: 'ms',
      notes: `p50 ${round(s.waveformLatency.p50)} ms (from the end of the record)`,
    },
    {
      name: `${label}: server RSS peak`,
      value: phase.rssMb.peak,
      unit: 'MiB',
      notes: `before ${round(phase.rssMb.before, 0)} MiB, after ${round(phase.rssMb.after, 0)} MiB`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const base: PhaseOptions = {
    mode: 'binary',
    clients: CLIENTS,
    slowClients: 0,
    durationS: DURATION_S,
    warmupS: 2,
    clientProcesses: 4,
  };
  const phase = async (label: string, options: PhaseOptions): Promise<PhaseResult> => {
    process.stderr.write(`\n  fanout: ${label}, ${options.durationS} s … `);
    const result = await runPhase(options);
    process.stderr.write(`done`);
    return result;
  };
  const binary = await phase('binary', base);
  const json = await phase('guide JSON', { ...base, mode: 'json' });
  const slow = await phase('binary + stalled client', { ...base, slowClients: 1 });
  process.stderr.write('\n');
  const [b, j, s] = [summarize(binary), summarize(json), summarize(slow)];

  const slowDropped = Math.max(0, ...slow.serverDroppedBySession);
  const othersDropped = slow.serverDroppedBySession.reduce((sum, d) => sum + d, 0) - slowDropped;
  const latencyRatio = s.allLatencyP99 / b.allLatencyP99;
  return [
    ...phaseResults('binary', binary, b),
    ...phaseResults('guide JSON', json, j),
    {
      name: 'bytes/s: ours vs guide JSON',
      value: b.bytesPerS / 1e6,
      unit: 'MB/s',
      baseline: { name: 'guide JSON', value: j.bytesPerS / 1e6 },
      ratio: j.bytesPerS / b.bytesPerS,
      notes: 'same streams, same 2,400 waveform values per channel; ratio = JSON ÷ ours',
    },
    {
      name: 'server CPU: ours vs guide JSON',
      value: binary.serverCpuPercent,
      unit: '% of a core',
      baseline: { name: 'guide JSON', value: json.serverCpuPercent },
      ratio: json.serverCpuPercent / binary.serverCpuPercent,
      notes: `JSON clients delivered ${round(j.waveformHz, 1)} waveforms/s each, dropped ${j.framesDropped}`,
    },
    ...phaseResults('with a stalled client', slow, s),
    {
      name: 'stalled client: others’ p99 delivery latency',
      value: s.allLatencyP99,
      unit: 'ms',
      baseline: { name: 'without it (binary phase)', value: b.allLatencyP99 },
      ratio: b.allLatencyP99 / s.allLatencyP99,
      target: '≤ 1.5× without it',
      pass: latencyRatio <= 1.5,
      notes:
        `stalled client's frames dropped by the server: ${slowDropped}; others: ${othersDropped}; ` +
        `its end: ${slow.sessionEnds.join(' | ') || 'still connected at the end of the window'}`,
    },
  ];
}
