/**
 * Measures the live dashboard from inside the page: frames per second, chart draws per second,
 * sample-to-pixel latency (instrument timestamp → uPlot draw hook), frame-receipt latency (the transport
 * baseline), long tasks, JS heap. Configuration arrives in the URL fragment (`bench=` base64 JSON); the
 * result is POSTed to the serving backend's bench route. Run by test/bench/rendererLive.bench.ts.
 */
import { FrameFlags } from '../../shared/codec/frame';
import type { ClientCommand } from '../../shared/protocol/client';
import type { BenchClient } from '../client/BenchClient';
import { CHART_DRAW_EVENT, type ChartDrawDetail } from '../charts/UPlotChart';
import type { StreamSpec } from '../connection/ConnectionManager';
import type { DisplayLockStatus } from '../connection/DisplayPacer';

type Command = ClientCommand extends infer C ? (C extends unknown ? Omit<C, 'request_id'> : never) : never;

/** A stream to start; with `displayRateMinMs`, at display rate (as the dashboard's "Display rate"). */
export interface ProbeStream extends StreamSpec {
  displayRateMinMs?: number;
}

export interface ProbeConfig {
  label: string;
  warmupMs: number;
  durationMs: number;
  setup: Command[];
  streams: ProbeStream[];
  reportPath: string;
  /** Report the time of the first data after each reconnect instead of running a fixed duration. */
  reconnects?: number;
  /**
   * Keep per-frame figures (latencies, arrival times) for percentiles. Off for the heap soak: 60 numbers a
   * second per figure for 10 minutes is megabytes of the very heap being measured.
   */
  perFrameFigures?: boolean;
}

export interface ProbeReport {
  label: string;
  durationS: number;
  rafFps: number;
  draws: Record<string, { perSecond: number; latencyMs: number[] }>;
  receiptLatencyMs: number[];
  /** Waveform frames: time left before the next animation frame when each arrived, ms. */
  arrivalSlackMs: number[];
  /** Scope draws: time from the animation frame's start to the draw hook, ms. */
  drawAfterFrameMs: number[];
  /** Waveform frames: time between arrivals, ms (jitter shows here). */
  arrivalIntervalsMs: number[];
  /** Waveform frames: span from a record's first to its last sample, ms. */
  recordSpanMs: number[];
  longTasks: { count: number; maxMs: number };
  heapUsedBytes: { start: number | undefined; end: number | undefined };
  gaps: number;
  messages: number;
  firstDataAfterOpenMs: number[];
  reopenedAtMs: number[];
  firstDataAtMs: number[];
  /** Display-rate streams at the end of the run, by stream key. */
  displayLocks: Record<string, DisplayLockStatus & { intervalMs: number | undefined }>;
  error?: string;
}

function readConfig(): ProbeConfig | undefined {
  const encoded = new URLSearchParams(location.hash.slice(1)).get('bench');
  return encoded ? (JSON.parse(atob(encoded)) as ProbeConfig) : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Used JS heap after a full collection when the page may force one (--js-flags=--expose-gc). */
function heapUsed(): number | undefined {
  (globalThis as { gc?: () => void }).gc?.();
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
}

async function waitOpen(connection: BenchClient['connection']): Promise<void> {
  while (connection.state !== 'open') await sleep(20);
}

export async function runProbe(bench: BenchClient): Promise<void> {
  const { connection, displayPacer } = bench;
  const config = readConfig();
  if (!config) return;
  const report: ProbeReport = {
    label: config.label,
    durationS: 0,
    rafFps: 0,
    draws: {},
    receiptLatencyMs: [],
    arrivalSlackMs: [],
    drawAfterFrameMs: [],
    arrivalIntervalsMs: [],
    recordSpanMs: [],
    longTasks: { count: 0, maxMs: 0 },
    heapUsedBytes: { start: undefined, end: undefined },
    gaps: 0,
    messages: 0,
    firstDataAfterOpenMs: [],
    reopenedAtMs: [],
    firstDataAtMs: [],
    displayLocks: {},
  };
  let measuring = false;
  const perFrame = config.perFrameFigures ?? true;
  let frames = 0;
  try {
    await waitOpen(connection);
    for (const command of config.setup) await connection.request(command);
    for (const { displayRateMinMs, ...spec } of config.streams) {
      if (displayRateMinMs === undefined) await connection.startStream(spec);
      else await displayPacer.start(spec, displayRateMinMs);
    }

    document.addEventListener(CHART_DRAW_EVENT, (event) => {
      if (!measuring) return;
      const detail = (event as CustomEvent<ChartDrawDetail>).detail;
      const key = detail.testId ?? 'chart';
      const entry = (report.draws[key] ??= { perSecond: 0, latencyMs: [] });
      entry.perSecond++;
      if (!perFrame) return;
      if (detail.dataTimestampMs !== undefined)
        entry.latencyMs.push(detail.drawnAtMs - detail.dataTimestampMs);
      const slackMs = displayPacer.clock.slackMs(performance.now());
      const periodMs = displayPacer.clock.periodMs;
      if (key === 'scope-chart' && slackMs !== undefined && periodMs !== undefined)
        report.drawAfterFrameMs.push(periodMs - slackMs);
    });
    let lastArrivalMs: number | undefined;
    connection.onFrame((frame) => {
      if (!measuring || !perFrame) return;
      const nowMs = performance.now();
      report.receiptLatencyMs.push(Date.now() - frame.t0Ms);
      const slackMs = displayPacer.clock.slackMs(nowMs);
      if (slackMs !== undefined) report.arrivalSlackMs.push(slackMs);
      if (lastArrivalMs !== undefined) report.arrivalIntervalsMs.push(nowMs - lastArrivalMs);
      lastArrivalMs = nowMs;
      const points =
        (frame.flags & FrameFlags.minMax) !== 0 ? frame.samplesPerChannel / 2 : frame.samplesPerChannel;
      report.recordSpanMs.push(points * frame.dtS * 1000);
    });
    new PerformanceObserver((list) => {
      if (!measuring) return;
      for (const entry of list.getEntries()) {
        report.longTasks.count++;
        report.longTasks.maxMs = Math.max(report.longTasks.maxMs, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
    const countFrames = (): void => {
      if (measuring) frames++;
      requestAnimationFrame(countFrames);
    };
    requestAnimationFrame(countFrames);

    // Charts off screen do not draw (UPlotChart's IntersectionObserver): bring the scope into view, as a
    // person watching it would. The panels above it (math, FFT, statistics) pushed it below the fold.
    document.querySelector('[data-testid="scope-chart"]')?.scrollIntoView({ block: 'center' });
    await sleep(config.warmupMs);
    if (config.reconnects) await measureReconnects(connection, config.reconnects, report);
    const messagesAtStart = connection.stats.messagesReceived;
    const gapsAtStart = connection.stats.gaps;
    report.heapUsedBytes.start = heapUsed();
    measuring = true;
    const startedMs = performance.now();
    await sleep(config.durationMs);
    measuring = false;
    report.durationS = (performance.now() - startedMs) / 1000;
    report.heapUsedBytes.end = heapUsed();
    report.rafFps = frames / report.durationS;
    for (const entry of Object.values(report.draws)) entry.perSecond /= report.durationS;
    report.messages = connection.stats.messagesReceived - messagesAtStart;
    report.gaps = connection.stats.gaps - gapsAtStart;
    for (const stream of connection.streams.all()) {
      const status = displayPacer.status(stream.key);
      if (status) report.displayLocks[stream.key] = { ...status, intervalMs: stream.intervalMs };
    }
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
  }
  await fetch(config.reportPath, {
    method: 'POST',
    body: JSON.stringify(report),
    headers: { 'Content-Type': 'text/plain' },
  });
}

/** Records, for each server restart the harness performs, when the page saw the session open and the first data after. */
async function measureReconnects(
  connection: BenchClient['connection'],
  count: number,
  report: ProbeReport,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    while (connection.state === 'open') await sleep(5);
    await waitOpen(connection);
    const openedAt = Date.now();
    report.reopenedAtMs.push(openedAt);
    const firstData = await new Promise<number>((resolve) => {
      const off = connection.handlers.on('stream_data', () => {
        off();
        resolve(Date.now());
      });
    });
    report.firstDataAtMs.push(firstData);
    report.firstDataAfterOpenMs.push(firstData - openedAt);
  }
}
