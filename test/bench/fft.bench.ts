/**
 * `npm run bench -- fft` (BENCH_FFT_QUICK=1 for a quick check): the FFT behind the scope's FFT view.
 *
 * 1. One 1M-point record: the FFT view's whole work per update (computeSpectrum + displaySpectrum +
 *    findPeak; Hann, zero-padded to 2^20, 1000 px), per-call times in interleaved rounds against the path
 *    before PFFFT (fft.js, per-bin display reduction; test/bench/fftBaseline.ts), target ≤ 30 ms p95; then
 *    where the time goes (window pass, transform, magnitudes, reduction, peak), each against what it
 *    replaced, and the transforms against fft.js's complex one and a plain radix-2 JS FFT.
 * 2. Where to compute it for the display: in the backend (it holds the record; the reply carries ~1000
 *    points as JSON) or in the renderer (a Web Worker running the same code, which needs the full
 *    record on the wire: 4 bytes a point). The arithmetic is the same code on the same engine (V8 and its
 *    wasm) either way, so the comparison is the work and bytes each path adds around it.
 * 3. Four FFT views (CH1-CH4) at the scope's display rate: frames of the display period, each a new
 *    record whose four channels are analysed as four `get_spectrum` requests are — through the backend's
 *    SpectrumService on the real ComputePool (spectrum, reduction and the arrays' JSON in worker threads:
 *    viewJson; the reply's message built around that text on the event loop: spectrumReplyFrame). Each
 *    timed run starts after a full collection (lib/collectGarbage.ts): the garbage parts 1 and 2 and the
 *    event-loop baseline leave is not collected in its frames. A frame is dropped when its four spectra are not ready by the next frame (the view would show
 *    a stale spectrum), including a frame whose record was never analysed because the previous frame's
 *    were still being computed (a view asks again only once its answer came). Baseline in the same run:
 *    the same work on the event loop, a frame dropped when it overruns the period. The display period is
 *    1/60 s, or the time the simulated scope takes to produce a 4-channel record of that length when that
 *    is longer (its display cannot update faster than it acquires). The record is the simulated scope's own
 *    (shared memory, read in place by the workers); the same samples in plain arrays, copied into shared
 *    memory first as every record was before, are the pool's baseline in the same run. Every frame's way
 *    through the pool is timed (lib/lateFrames.ts), so the notes say what each dropped frame waited for.
 *    `BENCH_FFT_VIEWS=100000` (record lengths, comma-separated) runs this part alone at those lengths,
 *    with the full run's frames (BENCH_FFT_QUICK=1 too: its 10) — e.g. the 100k views, twice, in a minute.
 */
import { computeSpectrum, displaySpectrum, findPeak } from '../../shared/dsp/fft/index.js';
import { runComputeTask } from '../../src-main/compute/computeTasks.js';
import { SharedRecords, type SpectrumJsonView, SpectrumService } from '../../src-main/compute/index.js';
import type { ScopeRecord } from '../../src-main/instruments/InstrumentDriver.js';
import { type SpectrumReplyHead, spectrumReplyFrame } from '../../src-main/server/spectrum/spectrumReply.js';
import { SimOscilloscope } from '../../src-main/instruments/scope/SimOscilloscope.js';
import { fftOfMillion } from './fftMillion.js';
import { median, timeInterleaved } from './measure.js';
import type { BenchResult } from './types.js';
import { collectGarbage } from './lib/collectGarbage.js';
import { GcWatch } from './lib/gcWatch.js';
import {
  type Applied,
  type Arrival,
  describeReport,
  explainFrames,
  type LateFramesReport,
} from './lib/lateFrames.js';
import { describeHopTotals, describeLateHops, type FrameHops, frameHops } from './lib/frameHops.js';
import { readSchedstat } from './lib/schedstat.js';
import { type TaskTiming, TimedRunner, wallMs } from './lib/timedRunner.js';

const QUICK = process.env.BENCH_FFT_QUICK === '1';
/** Record lengths for part 3 alone (BENCH_FFT_VIEWS); empty: every part. */
const VIEWS_ONLY = (process.env.BENCH_FFT_VIEWS ?? '')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n >= 4);
const POINTS = 1_000_000;
const DISPLAY_PERIOD_MS = 1000 / 60;
const WIDTH = 1000;

function sineRecord(n: number, sampleRateHz: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++)
    x[i] = Math.sin((2 * Math.PI * 1_234.5 * i) / sampleRateHz) + 0.001 * Math.sin(i);
  return x;
}

async function fourChannelRecord(
  points: number,
): Promise<{ channels: Float32Array[]; sampleRateHz: number; acquireMs: number }> {
  const scope = new SimOscilloscope({
    seed: 1,
    initial: { recordLength: points, channels: { 3: { enabled: true }, 4: { enabled: true } } },
  });
  const times: number[] = [];
  let last;
  for (let i = 0; i < (QUICK ? 2 : 5); i++) {
    const start = performance.now();
    last = await scope.read('waveform');
    times.push(performance.now() - start);
  }
  if (last?.kind !== 'record') throw new Error('the simulated scope gave no record');
  return {
    // The last record's own arrays: nothing reads the scope again, so they are never reused.
    channels: last.record.channels.map((c) => c.samples),
    sampleRateHz: last.record.sampleRateHz,
    acquireMs: median(times),
  };
}

/** The work one `get_spectrum` does after reading the record: spectrum, peak, reduction, JSON. */
function spectrumReply(samples: Float32Array, sampleRateHz: number): string {
  const spectrum = computeSpectrum(samples, sampleRateHz, 'hann');
  const shown = displaySpectrum(spectrum, WIDTH, false);
  const peak = findPeak(spectrum);
  return JSON.stringify({
    type: 'spectrum',
    frequency_hz: Array.from(shown.frequencyHz, (v) => Number(v.toPrecision(7))),
    rms_v: Array.from(shown.rmsV, (v) => Number(v.toPrecision(7))),
    peak,
  });
}

function whereToCompute(record: Float32Array, sampleRateHz: number): BenchResult[] {
  const [backend] = timeInterleaved([() => spectrumReply(record, sampleRateHz).length], QUICK ? 2 : 3, [
    { repetitions: 3, minRepetitionMs: 1 },
  ]);
  const replyBytes = spectrumReply(record, sampleRateHz).length;
  // The renderer's path: the full record on the wire (Float32, 4 bytes a point plus a 48-byte header),
  // copied into the worker (a transfer, no copy, with postMessage's transfer list) and the same spectrum.
  const fullFrameBytes = 48 + 4 * record.length;
  return [
    {
      name: 'FFT view update, 1M-point channel: bytes on the wire, backend computes',
      value: replyBytes,
      unit: 'bytes',
      baseline: { name: 'renderer computes (full-resolution frame)', value: fullFrameBytes, unit: 'bytes' },
      ratio: fullFrameBytes / replyBytes,
      notes: `backend CPU per update ${(backend!.medianNs / 1e6).toFixed(1)} ms (spectrum, reduction to ${WIDTH} points, JSON); the renderer would spend the same FFT time in its worker plus decoding ${fullFrameBytes} bytes`,
    },
  ];
}

/** As spectrumCommands' plainArray: a loop, no iterator (Array.from boxes every value). */
function plainArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/**
 * The JSON a `get_spectrum` reply made on the event loop until the arrays' text moved to the worker: the
 * values rounded to 7 significant digits in the worker (SpectrumRequest.significantDigits), copied into
 * number arrays by a loop, and the whole message stringified here.
 */
function replyJson(shown: { frequencyHz: Float64Array; rmsV: Float64Array }, peak: unknown): string {
  return JSON.stringify({
    type: 'spectrum',
    frequency_hz: plainArray(shown.frequencyHz),
    rms_v: plainArray(shown.rmsV),
    peak,
  });
}

/** A reply's fields besides its arrays, as get_spectrum fills them. */
function replyHead(
  view: Omit<SpectrumJsonView, 'json'>,
  channel: number,
  sampleRateHz: number,
): SpectrumReplyHead {
  const { peak } = view;
  return {
    type: 'spectrum',
    request_id: 1,
    equipment_id: 'scope_1',
    channel: `CH${channel}`,
    window: 'hann',
    timestamp: Date.now(),
    sample_rate: sampleRateHz,
    record_length: view.recordLength,
    fft_size: view.fftSize,
    bin_hz: view.binHz,
    ...(peak !== undefined && { peak: { frequency_hz: peak.frequencyHz, rms_v: peak.rmsV, dbv: peak.dbv } }),
  };
}

/**
 * The event loop's part of a `get_spectrum` reply on a WebSocket session, as the product does it: the
 * arrays' JSON made in the worker (DisplayShape.json), the rest of the message around it
 * (spectrumReplyFrame). Returns the bytes of the message.
 */
function replyFrameBytes(view: SpectrumJsonView, channel: number, sampleRateHz: number): number {
  const frame = spectrumReplyFrame(replyHead(view, channel, sampleRateHz), view.json);
  return frame.parts.reduce((n, part) => n + part.byteLength, 0);
}

/** The reply as get_spectrum made it before: rounded on the event loop, through Array.from. */
function replyJsonBefore(shown: { frequencyHz: Float64Array; rmsV: Float64Array }, peak: unknown): string {
  return JSON.stringify({
    type: 'spectrum',
    frequency_hz: Array.from(shown.frequencyHz, (v) => Number(v.toPrecision(7))),
    rms_v: Array.from(shown.rmsV, (v) => Number(v.toPrecision(7))),
    peak,
  });
}

/**
 * The event loop's part of one `get_spectrum` reply (1000 px), CPU time: now (the arrays' JSON made in
 * the worker, the message built around it: spectrumReplyFrame) against the whole message stringified on
 * the event loop (values rounded in the worker, copied by a loop: the path until now) and against the
 * path before that (rounded here, through Array.from). The same text all three ways (checked).
 */
function replyCost(record: Float32Array, sampleRateHz: number): BenchResult {
  const spectrum = computeSpectrum(record, sampleRateHz, 'hann');
  const exact = displaySpectrum(spectrum, WIDTH, false);
  const peak = findPeak(spectrum);
  const reduced = (json: boolean) =>
    runComputeTask({
      kind: 'display',
      spectrum,
      widthPx: WIDTH,
      logFrequency: false,
      significantDigits: 7,
      json,
    });
  const rounded = reduced(false).shown!;
  const json = reduced(true).json!;
  const head = replyHead({ ...spectrum, peak }, 1, sampleRateHz);
  const { peak: peakField, ...fields } = head;
  const stringified = (): string =>
    JSON.stringify({
      ...fields,
      frequency_hz: plainArray(rounded.frequencyHz),
      rms_v: plainArray(rounded.rmsV),
      ...(peakField !== undefined && { peak: peakField }),
    });
  const framed = (): number => spectrumReplyFrame(head, json).parts.length;
  const text = Buffer.concat(
    spectrumReplyFrame(head, json).parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p))),
  ).toString('utf8');
  if (text !== stringified()) throw new Error('the framed reply differs from the stringified one');
  if (replyJson(rounded, peak) !== replyJsonBefore(exact, peak)) throw new Error('the replies differ');
  const cpuMs = (fn: () => void, times: number): number => {
    const start = process.cpuUsage();
    for (let k = 0; k < times; k++) fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / times;
  };
  const times = QUICK ? 200 : 1000;
  const nowMs: number[] = [];
  const stringifiedMs: number[] = [];
  const beforeMs: number[] = [];
  for (let round = 0; round < 5; round++) {
    beforeMs.push(cpuMs(() => replyJsonBefore(exact, peak), times));
    stringifiedMs.push(cpuMs(stringified, times));
    nowMs.push(cpuMs(framed, times));
  }
  return {
    name: 'get_spectrum reply on the event loop (1000 px): CPU per reply',
    value: median(nowMs),
    unit: 'ms',
    baseline: {
      name: 'the whole message stringified on the event loop (until now)',
      value: median(stringifiedMs),
      unit: 'ms',
    },
    ratio: median(stringifiedMs) / median(nowMs),
    notes: `the same text (checked); median of 5 interleaved rounds of ${times}; rounded on the event loop through Array.from (before that) ${median(beforeMs).toFixed(3)} ms; four views at 60 Hz make 240 a second`,
  };
}

interface PoolFrames {
  dropped: number;
  /** Garbage collections on the event loop during the run: how many, their total and longest, ms. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** The collections by kind (GcWatch.describe). */
  gcKinds: string;
  /**
   * CPU time per analysed frame, ms: the whole process (event loop and pool threads) and the event loop
   * alone. Unlike the wall-clock figures these hardly move with other processes' load.
   */
  cpuPerFrameMs: number;
  loopCpuPerFrameMs: number;
  latencies: number[];
  /** Why each dropped frame dropped (lib/lateFrames.ts). */
  report: LateFramesReport;
  /** Each measured frame's tasks, hop by hop (lib/frameHops.ts). */
  hops: Map<number, FrameHops>;
}

/**
 * Frames of `periodMs` through the pool; dropped frames, the spectra's median latency, and every frame's
 * way through the pool (the runner tags each task with its frame).
 */
async function poolFrames(
  spectra: SpectrumService,
  runner: TimedRunner,
  tagFrame: (frame: number) => void,
  record: ScopeRecord,
  frames: number,
  periodMs: number,
): Promise<PoolFrames> {
  const readyAt: number[] = new Array<number>(frames).fill(Number.POSITIVE_INFINITY);
  const latencies: number[] = [];
  const arrivals = new Map<number, Arrival>();
  const applied: Applied[] = [];
  const gc = new GcWatch();
  runner.reset();
  let pending = false;
  const cpuAtStart = process.cpuUsage();
  const loopAtStart = readSchedstat();
  const startMs = performance.now();
  const startWallMs = wallMs();
  for (let f = 0; f < frames; f++) {
    const frameStart = f * periodMs;
    const waitMs = frameStart - (performance.now() - startMs);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (pending) continue;
    pending = true;
    // A new record object per frame: the scope's next acquisition (same samples), never a cache hit.
    const next: ScopeRecord = { ...record };
    const loopAtArrival = readSchedstat();
    const arrivalMs = wallMs();
    tagFrame(f);
    const replies = next.channels.map(async ({ channel }) => {
      const view = await spectra.viewJson(next, {
        source: 'bench',
        channel,
        window: 'hann',
        widthPx: WIDTH,
        logFrequency: false,
        significantDigits: 7,
      });
      return replyFrameBytes(view, channel, next.sampleRateHz);
    });
    const copyMs = wallMs() - arrivalMs;
    arrivals.set(f, { frame: f, nominalMs: startWallMs + frameStart, arrivalMs, copyMs, loopAtArrival });
    void Promise.all(replies).then(
      () => {
        pending = false;
        readyAt[f] = performance.now() - startMs;
        latencies.push(readyAt[f]! - frameStart);
        const doneMs = wallMs();
        applied.push({ frame: f, resultMs: doneMs, appliedMs: doneMs, loopAtApplied: readSchedstat() });
      },
      () => {
        // A failed spectrum leaves its frame stale (dropped); the next frame asks again.
        pending = false;
      },
    );
  }
  while (pending) await new Promise((resolve) => setTimeout(resolve, 5));
  gc.stop();
  const cpu = process.cpuUsage(cpuAtStart);
  const loopAtEnd = readSchedstat();
  const analysed = Math.max(1, latencies.length);
  // A frame is fresh when its own record's spectra (the newest analysed) were ready by the next frame.
  const dropped = readyAt.filter((t, f) => !(t <= (f + 1) * periodMs)).length;
  const tasks = new Map<number, TaskTiming[]>();
  for (const task of runner.tasks) {
    if (task?.tag === undefined) continue;
    const own = tasks.get(task.tag) ?? [];
    own.push(task);
    tasks.set(task.tag, own);
  }
  const report = explainFrames({ startMs: startWallMs, periodMs, frames, arrivals, applied, tasks, gc });
  const hops = frameHops(runner.tasks, tasks);
  const pauses = gc.pauses.map((p) => p.durationMs);
  return {
    dropped,
    latencies,
    report,
    hops,
    gcCount: pauses.length,
    gcTotalMs: pauses.reduce((a, b) => a + b, 0),
    gcMaxMs: Math.max(0, ...pauses),
    gcKinds: gc.describe(),
    cpuPerFrameMs: (cpu.user + cpu.system) / 1000 / analysed,
    loopCpuPerFrameMs:
      loopAtStart && loopAtEnd ? (loopAtEnd.runNs - loopAtStart.runNs) / 1e6 / analysed : NaN,
  };
}

/** The spectra on a timed pool whose tasks carry the frame they were asked for. */
function timedSpectra(): { runner: TimedRunner; spectra: SpectrumService; tagFrame: (f: number) => void } {
  let frame: number | undefined;
  // Every task belongs to the frame being computed: the next frame asks nothing until this one's replies
  // are in. (A display task cannot be matched to its spectrum by its bins: the result's array and its
  // SharedArrayBuffer come back from the thread as new objects.)
  const runner = new TimedRunner(undefined, () => frame);
  const spectra = new SpectrumService({ runner, records: new SharedRecords() });
  return { runner, spectra, tagFrame: (f) => (frame = f) };
}

/** Warm-up rounds (two frames each) at most while waiting for every pool thread to answer. */
const WARM_ROUNDS_MAX = 50;

/** Every late frame's tasks hop by hop (the first 12), and the tasks' totals for late and for all frames. */
function describeHops(run: PoolFrames): string {
  const late = run.report.late.map((w) => run.hops.get(w.frame)).filter((h) => h !== undefined);
  const lines = run.report.late.slice(0, 12).map((w) => describeLateHops(w, run.hops.get(w.frame)));
  return (
    `Late frames hop by hop: ${lines.length > 0 ? lines.join('; ') : 'none'}. ` +
    `Tasks of the late frames: ${describeHopTotals(late)}; of all: ${describeHopTotals([...run.hops.values()])}.`
  );
}

async function displayRate(points: number): Promise<BenchResult> {
  const { channels, sampleRateHz, acquireMs } = await fourChannelRecord(points);
  const periodMs = Math.max(DISPLAY_PERIOD_MS, acquireMs);
  const frames = QUICK ? 10 : points >= 1_000_000 ? 30 : 120;
  const work: number[] = [];
  let inlineDropped = 0;
  for (let f = 0; f < frames; f++) {
    const start = performance.now();
    for (const samples of channels) spectrumReply(samples, sampleRateHz);
    const spent = performance.now() - start;
    work.push(spent);
    if (spent > periodMs) inlineDropped++;
  }
  // The scope's own arrays (born in shared memory: the pool reads them in place, as in the backend), and
  // the same samples in plain arrays, which the pool copies first (every record before).
  const record = {
    sampleRateHz,
    channels: channels.map((samples, i) => ({ channel: i + 1, samples })),
  } as unknown as ScopeRecord;
  const plainRecord = {
    sampleRateHz,
    channels: channels.map((samples, i) => ({ channel: i + 1, samples: new Float32Array(samples) })),
  } as unknown as ScopeRecord;
  const runs: PoolFrames[] = [];
  let threads = 0;
  for (const r of [record, plainRecord]) {
    const { runner, spectra, tagFrame } = timedSpectra();
    threads = runner.threads;
    try {
      // Warm-up frames until every thread has answered: a thread still starting (this benchmark's worker is
      // TypeScript, loaded through tsx in each thread) held the first timed frame's task for 0.6 s.
      for (let round = 0; round === 0 || (runner.threadsUp < threads && round < WARM_ROUNDS_MAX); round++)
        await poolFrames(spectra, runner, tagFrame, r, 2, periodMs);
      // What the parts and runs before left (the event-loop baseline's new 4 MB arrays above, parts 1 and
      // 2 in the whole module) is collected now, not in this run's frames.
      collectGarbage();
      runs.push(await poolFrames(spectra, runner, tagFrame, r, frames, periodMs));
    } finally {
      await runner.close();
    }
  }
  const [pooled, copied] = runs as [PoolFrames, PoolFrames];
  const label = points >= 1e6 ? `${points / 1e6}M` : `${points / 1e3}k`;
  return {
    name: `4 FFT views at the display rate, ${label}-point records: frames dropped`,
    value: pooled.dropped,
    unit: `of ${frames}`,
    baseline: { name: 'computed on the event loop', value: inlineDropped, unit: `of ${frames}` },
    target: '0 dropped',
    pass: pooled.dropped === 0,
    notes: `display period ${periodMs.toFixed(1)} ms (${acquireMs > DISPLAY_PERIOD_MS ? `the scope's 4-channel record takes ${acquireMs.toFixed(1)} ms` : '60 Hz'}); pool (${threads} threads), record read in place: record to 4 replies median ${median(pooled.latencies).toFixed(1)} ms, CPU per analysed frame ${pooled.cpuPerFrameMs.toFixed(2)} ms (event loop ${pooled.loopCpuPerFrameMs.toFixed(2)}), event-loop GCs ${pooled.gcCount} (${pooled.gcTotalMs.toFixed(1)} ms in all, longest ${pooled.gcMaxMs.toFixed(1)} ms: ${pooled.gcKinds}); records copied into shared memory first (before): ${copied.dropped} of ${frames} dropped, median ${median(copied.latencies).toFixed(1)} ms; event loop: 4 spectra per frame median ${median(work).toFixed(1)} ms, max ${Math.max(...work).toFixed(1)} ms. Late frames (in place): ${describeReport(pooled.report)} ${describeHops(pooled)}`,
  };
}

export async function run(): Promise<BenchResult[]> {
  if (VIEWS_ONLY.length > 0) {
    const results: BenchResult[] = [replyCost(sineRecord(POINTS, 1e8), 1e8)];
    for (const points of VIEWS_ONLY) results.push(await displayRate(points));
    return results;
  }
  const record = sineRecord(POINTS, 1e8);
  const results = fftOfMillion(record, 1e8, QUICK);
  results.push(...whereToCompute(record, 1e8));
  results.push(replyCost(record, 1e8));
  for (const points of QUICK ? [10_000, 1_000_000] : [10_000, 100_000, 1_000_000]) {
    results.push(await displayRate(points));
  }
  return results;
}
