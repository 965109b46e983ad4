/**
 * End-to-end rendering benchmarks in a Chromium launched directly (see lib/chromiumProbe.ts): the real
 * dashboard drawing live scope records and power-supply readings, reconnect time after a server restart,
 * and a bounded soak for renderer heap growth. Baselines in the same run: frame-receipt latency (the
 * transport alone) against sample-to-pixel latency, and the page's own animation-frame rate against the
 * chart's draw rate.
 */
import type { ProbeConfig, ProbeReport } from '../../src-renderer/bench/probe.js';
import { buildBenchPage, percentile, runProbe } from './lib/chromiumProbe.js';
import type { BenchResult } from './types.js';

const LIVE_S = Number(process.env.BENCH_RENDER_S ?? 15);
const SOAK_S = process.env.BENCH_LONG === '1' ? 600 : Number(process.env.BENCH_SOAK_S ?? 120);
const SCOPE = 'scope_1';
/** BENCH_RENDER_PARTS=live100k,live1m,reconnect,soak runs only those scenarios (default: all). */
const PARTS = new Set((process.env.BENCH_RENDER_PARTS ?? 'live100k,live1m,reconnect,soak').split(','));

function scopeSetup(recordLength: number): ProbeConfig['setup'] {
  return [
    { type: 'set_parameter', equipment_id: SCOPE, parameter: 'record_length', value: recordLength },
    { type: 'set_parameter', equipment_id: SCOPE, channel: 3, parameter: 'enabled', value: true },
    { type: 'set_parameter', equipment_id: SCOPE, channel: 4, parameter: 'enabled', value: true },
  ];
}

/** The dashboard's default: the scope at display rate, each record landed just before a frame. */
const LIVE_STREAMS: ProbeConfig['streams'] = [
  { equipment_id: SCOPE, stream_type: 'waveform', width: 1200, displayRateMinMs: 16 },
  { equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 10 },
];
/** Baseline: the same streams at a fixed 16 ms interval, records drifting through the display's frames. */
const FIXED_STREAMS: ProbeConfig['streams'] = [
  { equipment_id: SCOPE, stream_type: 'waveform', width: 1200, interval_ms: 16 },
  LIVE_STREAMS[1]!,
];

async function probe(config: Omit<ProbeConfig, 'reportPath'>, timeoutMs: number): Promise<ProbeReport> {
  const session = await runProbe(config, { timeoutMs });
  try {
    const report = await session.report;
    if (report.error) throw new Error(`${config.label}: page reported ${report.error}`);
    return report;
  } finally {
    await session.close();
  }
}

function liveResults(
  label: string,
  report: ProbeReport,
  targets: { drawsPerS: number; p50Ms?: number; p95Ms?: number },
  /** The same scenario without display locking, for the latency rows' baseline. */
  unlocked?: ProbeReport,
): BenchResult[] {
  const scope = report.draws['scope-chart'] ?? { perSecond: 0, latencyMs: [] };
  const p50 = percentile(scope.latencyMs, 50);
  const p95 = percentile(scope.latencyMs, 95);
  const receiptP50 = percentile(report.receiptLatencyMs, 50);
  const arrivals = report.arrivalIntervalsMs;
  const unlockedScope = unlocked?.draws['scope-chart'];
  const locks = Object.values(report.displayLocks);
  const lockNote = locks.length
    ? `; display lock: ${locks.map((l) => `interval ${l.intervalMs?.toFixed(3)} ms, ${l.shifts} shifts, last phase error ${l.lastErrorMs?.toFixed(1) ?? '-'} ms${l.locked ? ', locked' : ''}`).join('; ')}`
    : '; fixed interval, not locked to the display';
  const timing = `record span ${percentile(report.recordSpanMs, 50).toFixed(1)} ms; frame receipt p50/p95 ${receiptP50.toFixed(1)} / ${percentile(report.receiptLatencyMs, 95).toFixed(1)} ms; time between records p5/p50/p95 ${percentile(arrivals, 5).toFixed(1)} / ${percentile(arrivals, 50).toFixed(1)} / ${percentile(arrivals, 95).toFixed(1)} ms; arrival before the next frame p5/p50 ${percentile(report.arrivalSlackMs, 5).toFixed(1)} / ${percentile(report.arrivalSlackMs, 50).toFixed(1)} ms; draw after frame start p50/p95 ${percentile(report.drawAfterFrameMs, 50).toFixed(1)} / ${percentile(report.drawAfterFrameMs, 95).toFixed(1)} ms${lockNote}`;
  const results: BenchResult[] = [
    {
      name: `${label}: scope draws per second`,
      value: scope.perSecond,
      unit: 'fps',
      baseline: { name: 'page animation frames', value: report.rafFps, unit: 'fps' },
      target: `>= ${targets.drawsPerS}`,
      pass: scope.perSecond >= targets.drawsPerS,
    },
    {
      name: `${label}: sample-to-pixel latency p50`,
      value: p50,
      unit: 'ms',
      baseline: unlockedScope
        ? {
            name: 'fixed 16 ms interval, not display-locked',
            value: percentile(unlockedScope.latencyMs, 50),
            unit: 'ms',
          }
        : { name: 'frame receipt latency p50 (transport only)', value: receiptP50, unit: 'ms' },
      ...(targets.p50Ms !== undefined ? { target: `<= ${targets.p50Ms}`, pass: p50 <= targets.p50Ms } : {}),
    },
    {
      name: `${label}: sample-to-pixel latency p95`,
      value: p95,
      unit: 'ms',
      ...(unlockedScope
        ? {
            baseline: {
              name: 'fixed 16 ms interval, not display-locked',
              value: percentile(unlockedScope.latencyMs, 95),
              unit: 'ms',
            },
          }
        : {}),
      ...(targets.p95Ms !== undefined ? { target: `<= ${targets.p95Ms}`, pass: p95 <= targets.p95Ms } : {}),
      notes: timing,
    },
    {
      name: `${label}: long tasks (> 50 ms)`,
      value: report.longTasks.count,
      unit: 'tasks',
      target: '0',
      pass: report.longTasks.count === 0,
      notes: `longest ${report.longTasks.maxMs.toFixed(0)} ms; ${report.messages} messages, ${report.gaps} seq gaps in ${report.durationS.toFixed(1)} s`,
    },
  ];
  const psu = report.draws['psu-chart-ch1'];
  if (psu) results.push({ name: `${label}: PSU trend draws per second`, value: psu.perSecond, unit: 'fps' });
  return results;
}

/** The reconnect page's warm-up before it starts counting restarts, ms. */
const RECONNECT_WARMUP_MS = 1_500;

async function reconnectResults(restarts: number): Promise<BenchResult[]> {
  const session = await runProbe(
    {
      label: 'reconnect',
      warmupMs: RECONNECT_WARMUP_MS,
      durationMs: 500,
      setup: [],
      streams: [{ equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 20 }],
      reconnects: restarts,
    },
    { timeoutMs: 120_000 },
  );
  try {
    // The page counts restarts only once its warm-up is over: wait until it streams (Chromium's start and
    // the page load take anything from 0.3 s to several seconds), then for the warm-up and a margin. A fixed
    // wait from launch let a slow start miss the first restart, and the page then waited for an eleventh.
    const startDeadline = Date.now() + 60_000;
    while (session.backend.streams.producerCount === 0 && Date.now() < startDeadline)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, RECONNECT_WARMUP_MS + 500));
    const acceptingAt: number[] = [];
    for (let i = 0; i < restarts; i++) {
      acceptingAt.push((await session.restart(300)).acceptingAtMs);
      // The next restart must wait until the page is back and streaming, or the counts misalign.
      const deadline = Date.now() + 20_000;
      while (session.backend.streams.producerCount === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
    }
    const report = await session.report;
    if (report.error) throw new Error(`reconnect: page reported ${report.error}`);
    const firstDataAfterAccept = report.firstDataAtMs.map((t, i) => t - acceptingAt[i]!);
    const median = percentile(firstDataAfterAccept, 50);
    return [
      {
        name: `reconnect: first data after the server accepts (median of ${restarts})`,
        value: median,
        unit: 'ms',
        baseline: {
          name: 'first data after the session reopens (median)',
          value: percentile(report.firstDataAfterOpenMs, 50),
          unit: 'ms',
        },
        target: '<= 500',
        pass: median <= 500,
        notes: `all: ${firstDataAfterAccept.map((v) => v.toFixed(0)).join(', ')} ms`,
      },
    ];
  } finally {
    await session.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  buildBenchPage();
  const results: BenchResult[] = [];
  if (PARTS.has('live100k')) {
    // The baseline first: the same load at a fixed interval, not locked to the display.
    const fixed = await probe(
      {
        label: 'live 4x100k @16 ms fixed + PSU @100 Hz',
        warmupMs: 3_000,
        durationMs: LIVE_S * 1000,
        setup: scopeSetup(100_000),
        streams: FIXED_STREAMS,
      },
      (LIVE_S + 30) * 1000,
    );
    const live100k = await probe(
      {
        label: 'live 4x100k @60 Hz + PSU @100 Hz',
        warmupMs: 3_000,
        durationMs: LIVE_S * 1000,
        setup: scopeSetup(100_000),
        streams: LIVE_STREAMS,
      },
      (LIVE_S + 30) * 1000,
    );
    results.push(
      ...liveResults(
        '4 x 100k @ 60/s + PSU 100 Hz',
        live100k,
        { drawsPerS: 58, p50Ms: 16, p95Ms: 25 },
        fixed,
      ),
    );
  }
  if (PARTS.has('live1m')) {
    const live1m = await probe(
      {
        label: 'live 4x1M decimated',
        warmupMs: 3_000,
        durationMs: LIVE_S * 1000,
        setup: scopeSetup(1_000_000),
        streams: LIVE_STREAMS.slice(0, 1),
      },
      (LIVE_S + 30) * 1000,
    );
    results.push(...liveResults('4 x 1M decimated on the server', live1m, { drawsPerS: 30 }));
  }
  if (PARTS.has('reconnect')) results.push(...(await reconnectResults(10)));
  if (PARTS.has('soak')) results.push(...(await soakResults()));
  return results;
}

async function soakResults(): Promise<BenchResult[]> {
  const soak = await probe(
    {
      label: 'soak',
      perFrameFigures: false,
      // Past the trend charts' 1-minute window: until it is full their buffers and plot arrays still grow,
      // which is filling up, not leaking.
      warmupMs: 75_000,
      durationMs: SOAK_S * 1000,
      setup: scopeSetup(100_000),
      streams: LIVE_STREAMS,
    },
    (SOAK_S + 150) * 1000,
  );
  const { start, end } = soak.heapUsedBytes;
  if (start === undefined || end === undefined) throw new Error('soak: the page reported no JS heap figures');
  const growth = (end - start) / start;
  return [
    {
      name: `soak ${SOAK_S} s: renderer JS heap growth after warm-up`,
      value: growth * 100,
      unit: '%',
      baseline: { name: 'heap after warm-up', value: start / 1e6, unit: 'MB' },
      target: '<= 10',
      pass: growth <= 0.1,
      notes: `${(start / 1e6).toFixed(1)} MB -> ${(end / 1e6).toFixed(1)} MB${SOAK_S < 600 ? '; BENCH_LONG=1 runs the full 10 min' : ''}`,
    },
  ];
}
