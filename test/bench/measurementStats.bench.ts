/**
 * Statistics on 4 × 1M-point records at display rate (issue 20): a record arrives every display frame
 * (60 Hz), every measurement of its four channels is computed and folded into the running statistics
 * (MeasurementStatsService), and the event loop's lag is watched with perf_hooks monitorEventLoopDelay
 * throughout. Ours is the backend's path: PoolMeasurer on the real ComputePool (worker threads, a
 * channel per task, latest-wins per scope), on records made as the simulated scope makes them (in shared
 * memory, read in place by the workers). Baselines in the same run: the pool on plain records, copied
 * into shared memory on the event loop first (every record before), and the path before the pool, a
 * channel per loop turn (measureRecordInSlices).
 *
 * A frame is dropped when the display would show a stale measurement at its deadline: frame k's record
 * arrives at k·T, and unless the statistics hold the measurements of that record (or a newer one) by
 * (k+1)·T — the next frame — the frame showed old figures. A record skipped or replaced while the
 * measurer was busy therefore drops its frame, as does a result that comes late.
 * Every record's way through the pool is timed (TimedRunner, lib/lateFrames.ts): the tick's lateness, the
 * copy, waiting for the lane and for a thread, the workers' CPU and runqueue time, the way back, GC on the
 * event loop and the event loop's own runqueue time, so the notes say what each dropped frame waited for.
 * The pool runs at its default size, then at each size in BENCH_STATS_THREADS (default 1,2,3): on 2 cores
 * the event loop needs a core too, so the size is measured, not assumed. Before all that, a 1M-point
 * channel's measurement in ns a point against the code before (measureWaveformTwoPass.ts, and
 * measureWaveformBefore.ts before that), and each pass's on slow and fast signals.
 * `BENCH_SHORT=1` runs 3 s per mode instead of 15 s; `BENCH_STATS_FRAMES_ONLY=1` leaves out the ns-a-point
 * and per-pass timings (child processes, most of a short run) for back-to-back runs of the frame modes.
 * Each mode starts after a full collection (lib/collectGarbage.ts), so that no mode's frames pay for the
 * garbage of the modes and warm-ups before it; the notes give each mode's event-loop collections by kind
 * and its heap in use at the end. One row counts the event loop's garbage per record on the backend's
 * path in bytes, in a process of its own (lib/loopGarbageChild.ts): a figure no load changes.
 */
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ScopeRecord } from '../../src-main/instruments/InstrumentDriver.js';
import { measureRecord, measureRecordInSlices } from '../../src-main/instruments/scope/SimOscilloscope.js';
import { PoolMeasurer, SharedRecords } from '../../src-main/compute/index.js';
import { taskGroups } from '../../src-main/compute/PoolMeasurer.js';
import { MeasurementStatsService } from '../../src-main/measurementStats/index.js';
import { silentLogger } from '../../src-main/util/index.js';
import { median } from './measure.js';
import type { BenchResult } from './types.js';
import { collectGarbage } from './lib/collectGarbage.js';
import { demoRecordsInPlace } from './lib/demoRecords.js';
import { GcWatch } from './lib/gcWatch.js';
import {
  type Applied,
  type Arrival,
  describeReport,
  explainFrames,
  type LateFramesReport,
} from './lib/lateFrames.js';
import { readSchedstat } from './lib/schedstat.js';
import { type TaskTiming, TimedRunner, wallMs } from './lib/timedRunner.js';

const RECORD_LENGTH = 1_000_000;
const FRAME_MS = 1000 / 60;
const QUICK = process.env.BENCH_SHORT === '1';
const FRAMES_ONLY = process.env.BENCH_STATS_FRAMES_ONLY === '1';
const DURATION_MS = QUICK ? 3_000 : 15_000;
/** Pool sizes measured besides the default (BENCH_STATS_THREADS=1,2,3). */
const THREAD_COUNTS = (process.env.BENCH_STATS_THREADS ?? '1,2,3')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const LAG_TARGET_MS = 10;

/**
 * Three different records (the default demo signals, all four channels on), taken 1 ms apart, in arrays
 * from a RecordBuffers as the simulated scope makes them (shared memory, held in place by the pool), and
 * the same records in plain arrays (copied into shared memory by the pool, as every record was before).
 */
function demoRecords(): { inPlace: ScopeRecord[]; plain: ScopeRecord[] } {
  const out = demoRecordsInPlace(RECORD_LENGTH);
  const plain = out.map((r) => ({
    ...r,
    channels: r.channels.map((c) => ({ channel: c.channel, samples: new Float32Array(c.samples) })),
  }));
  return { inPlace: out, plain };
}

interface ModeFigures {
  lagP99Ms: number;
  lagMaxMs: number;
  frames: number;
  dropped: number;
  measured: number;
  /** Records counted by the statistics (equals `measured`: each is a new record). */
  counted: number;
  /** Median time from a record's arrival to its figures in the statistics, ms. */
  latencyMedianMs: number;
  /** The event loop's collections during the run, by kind (GcWatch.describe). */
  gcKinds: string;
  /** The event loop's heap in use at the end of the run (before any collection), MB. */
  heapUsedMb: number;
  /** Each record's way, for the late-frame report: its hand-over, and its result (all, in order). */
  startMs: number;
  arrivals: Map<number, Arrival>;
  results: Applied[];
}

type Measure = (record: ScopeRecord, frame: number) => Promise<{ frame: number; values: Values } | undefined>;
type Values = Record<string, Record<string, number>>;

/** Frames whose deadline passed before their record's figures, or a newer record's, were applied. */
function droppedFrames(frames: number, applied: readonly { frame: number; atMs: number }[]): number {
  let dropped = 0;
  let next = 0;
  for (let k = 0; k < frames; k++) {
    while (next < applied.length && applied[next]!.frame < k) next++;
    const first = applied[next];
    if (first === undefined || first.atMs > (k + 1) * FRAME_MS) dropped++;
  }
  return dropped;
}

/**
 * Records at 60 Hz through `measure`; `busyDrops` skips a record while the previous one is measured (the
 * baseline's behaviour), else every record is handed over (the measurer decides).
 */
async function runMode(measure: Measure, busyDrops: boolean, recs: ScopeRecord[]): Promise<ModeFigures> {
  const stats = new MeasurementStatsService({ log: silentLogger });
  const lag = monitorEventLoopDelay({ resolution: 1 });
  const applied: { frame: number; atMs: number }[] = [];
  const latencies: number[] = [];
  const arrivals = new Map<number, Arrival>();
  const results: Applied[] = [];
  let busy = false;
  let lastFrame = -1;
  let lastApplied = -1;
  // What the modes and warm-ups before left is collected now, not in this mode's frames.
  collectGarbage();
  const gc = new GcWatch();
  const startMs = performance.now();
  const startWallMs = wallMs();
  lag.enable();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const nowMs = performance.now() - startMs;
      if (nowMs >= DURATION_MS) return resolve();
      const frame = Math.floor(nowMs / FRAME_MS);
      if (frame > lastFrame) {
        lastFrame = frame;
        if (!(busyDrops && busy)) {
          // A new object per frame: a new record, as a scope's next acquisition is (same samples, cycled).
          const record = { ...recs[frame % recs.length]! };
          busy = true;
          const loopAtArrival = readSchedstat();
          const arrivalMs = wallMs();
          const measuring = measure(record, frame);
          const copyMs = wallMs() - arrivalMs;
          const nominalMs = startWallMs + frame * FRAME_MS;
          arrivals.set(frame, { frame, nominalMs, arrivalMs, copyMs, loopAtArrival });
          void measuring.then((done) => {
            busy = false;
            // A replaced record's caller gets the newer record's figures: applied once.
            if (done === undefined || done.frame <= lastApplied) return;
            lastApplied = done.frame;
            const resultMs = wallMs();
            stats.takeMeasurements('scope_1', startMs + done.frame * FRAME_MS, done.values);
            const atMs = performance.now() - startMs;
            applied.push({ frame: done.frame, atMs });
            latencies.push(atMs - done.frame * FRAME_MS);
            results.push({
              frame: done.frame,
              resultMs,
              appliedMs: wallMs(),
              loopAtApplied: readSchedstat(),
            });
          });
        }
      }
      const nextMs = (lastFrame + 1) * FRAME_MS;
      setTimeout(tick, Math.max(0, nextMs - (performance.now() - startMs)));
    };
    tick();
  });
  // Let the last record finish, so the pool is idle for the next mode.
  await new Promise((resolve) => setTimeout(resolve, 200));
  lag.disable();
  gc.stop();
  const heapUsedMb = process.memoryUsage().heapUsed / 1e6;
  const frames = lastFrame + 1;
  const vpp = stats.snapshot('scope_1').channels.CH1?.measurements.vpp;
  const inTime = applied.filter((a) => a.atMs <= DURATION_MS);
  return {
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
    frames,
    dropped: droppedFrames(frames, inTime),
    measured: inTime.length,
    counted: vpp?.count ?? 0,
    latencyMedianMs: median(latencies),
    gcKinds: gc.describe(),
    heapUsedMb,
    startMs: startWallMs,
    arrivals,
    results: results.filter((r) => r.appliedMs - startWallMs <= DURATION_MS),
  };
}

/** CPU time of `fn`, ms a call (process.cpuUsage: not inflated by other processes' work). */
function cpuMs(fn: () => void, times: number): number {
  const start = process.cpuUsage();
  for (let k = 0; k < times; k++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / times;
}

/**
 * Ns a point of measuring a 1M-point channel: now, before the edge scan skipped blocks (twoPass) and
 * before the levels pass stopped skipping NaN per sample (before): the best run over the demo record's
 * four channels, each version in processes of its own (lib/measureSpeedChild.ts), four of each
 * alternated. Wall clock: the best run is the one no other process interrupted, the code's own speed on a
 * shared machine.
 */
function nsPerPoint(): { now: number; twoPass: number; before: number } {
  const child = fileURLToPath(new URL('./lib/measureSpeedChild.ts', import.meta.url));
  const bestMs = (which: string): number =>
    Number(
      execFileSync(process.execPath, ['--import', 'tsx', child, which, QUICK ? '10' : '20'], {
        encoding: 'utf8',
      }).trim(),
    );
  const best = {
    now: Number.POSITIVE_INFINITY,
    twoPass: Number.POSITIVE_INFINITY,
    before: Number.POSITIVE_INFINITY,
  };
  for (let k = 0; k < 4; k++) {
    for (const which of ['before', 'twoPass', 'now'] as const)
      best[which] = Math.min(best[which], bestMs(which));
  }
  const ns = (ms: number): number => (ms * 1e6) / RECORD_LENGTH;
  return { now: ns(best.now), twoPass: ns(best.twoPass), before: ns(best.before) };
}

/**
 * The event loop's garbage per record on the backend's path (PoolMeasurer on the default pool, then the
 * statistics), in a process of its own with no collection during the count (lib/loopGarbageChild.ts):
 * bytes, a figure no load changes.
 */
function loopGarbage(): { bytesPerRecord: number; collections: number } {
  const child = fileURLToPath(new URL('./lib/loopGarbageChild.ts', import.meta.url));
  const flags = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];
  return JSON.parse(
    execFileSync(process.execPath, [...flags, '--import', 'tsx', child, '300'], { encoding: 'utf8' }),
  ) as { bytesPerRecord: number; collections: number };
}

/** Each pass's best ms a 1M-point channel, by kind of signal (lib/measurePassesChild.ts). */
type PassTimes = Record<'slow' | 'fast' | 'demo', { levelsMs: number; scanMs: number }>;

/**
 * The levels pass and the edge scan timed apart, now and with every sample scanned (twoPass), on slow
 * signals (few edges), fast ones (an edge in every block) and the demo record: the best of four processes
 * of each, alternated.
 */
function passTimes(): { now: PassTimes; twoPass: PassTimes } {
  const child = fileURLToPath(new URL('./lib/measurePassesChild.ts', import.meta.url));
  const run = (which: string): PassTimes =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', child, which, QUICK ? '8' : '15'], {
        encoding: 'utf8',
      }),
    ) as PassTimes;
  const bestOf = (a: PassTimes | undefined, b: PassTimes): PassTimes => {
    if (a === undefined) return b;
    const kinds = ['slow', 'fast', 'demo'] as const;
    return Object.fromEntries(
      kinds.map((k) => [
        k,
        { levelsMs: Math.min(a[k].levelsMs, b[k].levelsMs), scanMs: Math.min(a[k].scanMs, b[k].scanMs) },
      ]),
    ) as PassTimes;
  };
  let now: PassTimes | undefined;
  let twoPass: PassTimes | undefined;
  for (let k = 0; k < 4; k++) {
    twoPass = bestOf(twoPass, run('twoPass'));
    now = bestOf(now, run('now'));
  }
  return { now: now!, twoPass: twoPass! };
}

/** Rows of the per-pass times: ns a point of each pass, now against every sample scanned. */
function passRows(times: { now: PassTimes; twoPass: PassTimes }): BenchResult[] {
  const ns = (ms: number): number => (ms * 1e6) / RECORD_LENGTH;
  const label = {
    slow: 'slow (10 periods in 1M)',
    fast: 'fast (an edge every 200 samples)',
    demo: 'demo record',
  };
  return (['slow', 'fast', 'demo'] as const).map((kind) => {
    const now = times.now[kind];
    const before = times.twoPass[kind];
    const total = ns(now.levelsMs + now.scanMs);
    const totalBefore = ns(before.levelsMs + before.scanMs);
    return {
      name: `measure a 1M-point channel by pass, ${label[kind]}: levels + scan, ns per point`,
      value: total,
      unit: 'ns/point',
      baseline: { name: 'every sample scanned (two passes)', value: totalBefore, unit: 'ns/point' },
      ratio: totalBefore / total,
      notes: `levels ${ns(now.levelsMs).toFixed(2)} (before ${ns(before.levelsMs).toFixed(2)}), scan ${ns(now.scanMs).toFixed(2)} (before ${ns(before.scanMs).toFixed(2)}) ns/point; best of 4 processes of each, alternated`,
    };
  });
}

interface PoolRun {
  threads: number;
  /** The records were in shared memory and held in place, not copied. */
  inPlace: boolean;
  heldInPlace: number;
  figures: ModeFigures;
  report: LateFramesReport;
  copiedPerFrameMb: number;
  replaced: number;
  copiesMade: number;
  copiesReused: number;
  /** Pool tasks that did not line up with the records measured (0 unless a task failed). */
  unmatchedTasks: number;
}

/** The backend's path on a pool of `threads` (undefined: the pool's default), timed per record. */
async function poolMode(threads: number | undefined, recs: ScopeRecord[]): Promise<PoolRun> {
  const runner = new TimedRunner(threads);
  const records = new SharedRecords();
  const measurer = new PoolMeasurer({ runner, records, log: silentLogger });
  const gc = new GcWatch();
  try {
    // Warm the threads up (start, JIT) before timing, and the shared memory a busy run holds — a record
    // measured, one waiting and one replacing it — so that its one-off page faults (~50 ms a record) fall
    // before the timed run, as they do at a backend's start.
    for (let k = 0; k < 3; k++) await measurer.measure('warm', { ...recs[k % recs.length]! }, k);
    await Promise.all(recs.map((r, k) => measurer.measure('warm', { ...r }, 3 + k)));
    runner.reset();
    const copiedBefore = records.copiedBytes;
    const reusedBefore = records.reused;
    const replacedBefore = measurer.replaced;
    const figures = await runMode(
      (record, frame) =>
        measurer
          .measure('scope_1', record, frame)
          .then((done) => done && { frame: done.timestampMs, values: done.values }),
      false,
      recs,
    );
    // Each measured record's tasks (one per thread) were submitted together, records one after another
    // (its lane).
    const perRecord = taskGroups(
      recs[0]!.channels.map((c) => c.samples),
      runner.threads,
    ).length;
    const tasks = new Map<number, TaskTiming[]>();
    figures.results.forEach((r, g) => {
      const own = runner.tasks.slice(g * perRecord, (g + 1) * perRecord).filter((x) => x !== undefined);
      if (own.length === perRecord) tasks.set(r.frame, own);
    });
    const report = explainFrames({
      startMs: figures.startMs,
      periodMs: FRAME_MS,
      frames: figures.frames,
      arrivals: figures.arrivals,
      applied: figures.results,
      tasks,
      gc,
    });
    const channelBytes = RECORD_LENGTH * Float32Array.BYTES_PER_ELEMENT;
    return {
      threads: runner.threads,
      inPlace: records.heldInPlace > 0,
      heldInPlace: records.heldInPlace,
      figures,
      report,
      copiedPerFrameMb: (records.copiedBytes - copiedBefore) / figures.frames / 1e6,
      replaced: measurer.replaced - replacedBefore,
      copiesMade: Math.round((records.copiedBytes - copiedBefore) / channelBytes),
      copiesReused: records.reused - reusedBefore,
      unmatchedTasks: runner.tasks.filter((x) => x !== undefined).length - tasks.size * perRecord,
    };
  } finally {
    gc.stop();
    await runner.close();
  }
}

const describe = (f: ModeFigures): string =>
  `${f.measured} of ${f.frames} records measured, ${f.dropped} frames dropped, arrival to statistics median ${f.latencyMedianMs.toFixed(1)} ms, lag max ${f.lagMaxMs.toFixed(1)} ms, statistics counted ${f.counted}, event-loop GCs: ${f.gcKinds}, heap used at the end ${f.heapUsedMb.toFixed(1)} MB`;

export async function run(): Promise<BenchResult[]> {
  const { inPlace: recs, plain } = demoRecords();
  // Warm both paths up (JIT) before timing either.
  for (const r of recs) measureRecord(r);
  await measureRecordInSlices(recs[0]!);
  const perPoint = FRAMES_ONLY ? undefined : nsPerPoint();
  const passes = FRAMES_ONLY ? undefined : passTimes();
  const garbage = loopGarbage();
  const perRecordMs = cpuMs(() => measureRecord(recs[0]!), 10);
  const values = measureRecord(recs[0]!);
  const folding = new MeasurementStatsService({ log: silentLogger });
  let t = 0;
  const foldMs = cpuMs(() => folding.takeMeasurements('scope_1', ++t, values), 20_000);
  const before = await runMode(
    (record, frame) => measureRecordInSlices(record).then((values) => ({ frame, values })),
    true,
    recs,
  );
  // The product's pool (its default size) on records born in shared memory; the same on plain records
  // the pool copies (every record before); then every other size asked for, to choose it by measurement:
  // on 2 cores the event loop needs one of them too.
  const defaultRun = await poolMode(undefined, recs);
  const copiedRun = await poolMode(undefined, plain);
  const otherRuns: PoolRun[] = [];
  for (const threads of THREAD_COUNTS) {
    if (threads !== defaultRun.threads) otherRuns.push(await poolMode(threads, recs));
  }
  const after = defaultRun.figures;
  // The event loop's part: handing a record's channels to the pool, held in place or copied into recycled
  // shared memory (the first copy, into fresh memory, is left out: it faults 4 MB in once, which the runs
  // above already paid).
  const handOverMs = (record: ScopeRecord): number => {
    const shared = new SharedRecords();
    shared.hold({ ...record }, 1)!.release();
    return cpuMs(() => shared.hold({ ...record }, 1)!.release(), 10) * record.channels.length;
  };
  const inPlaceMs = handOverMs(recs[0]!);
  const copyMs = handOverMs(plain[0]!);
  const poolRow = (r: PoolRun): BenchResult => ({
    name: `statistics 4 × 1M at 60 Hz, ${r.threads} pool thread${r.threads === 1 ? '' : 's'}${r.inPlace ? '' : ', records copied'}: dropped frames`,
    value: r.figures.dropped,
    unit: 'frames',
    notes: `of ${r.figures.frames}; lag p99 ${r.figures.lagP99Ms.toFixed(2)} ms; ${describe(r.figures)}; ${r.replaced} records replaced while waiting; ${r.inPlace ? `${r.heldInPlace} channels held in place` : `${r.copiesMade} channel copies`}. Late frames: ${describeReport(r.report)}${r.unmatchedTasks ? ` (${r.unmatchedTasks} tasks of records finished after the run)` : ''}`,
  });
  const perPointRow = (p: { now: number; twoPass: number; before: number }): BenchResult => ({
    name: 'measure a 1M-point channel (measureWaveform): ns per point, best run',
    value: p.now,
    unit: 'ns/point',
    baseline: {
      name: 'before: every sample scanned by the edge scan',
      value: p.twoPass,
      unit: 'ns/point',
    },
    ratio: p.twoPass / p.now,
    notes: `best run over the demo record's 4 channels (sine, square, triangle, pulse), wall clock, each version in processes of its own (beside the new code in one process the old one ran 2–4× slower); before that, NaN skipped per sample in the levels loop: ${p.before.toFixed(2)} ns/point; the figures are identical (measureWaveformExact.test.ts)`,
  });
  return [
    ...(perPoint ? [perPointRow(perPoint)] : []),
    ...(passes ? passRows(passes) : []),
    {
      name: 'measure 4 × 1M + statistics: CPU per record',
      value: perRecordMs + foldMs,
      unit: 'ms',
      target: `< ${FRAME_MS.toFixed(1)} ms (one frame)`,
      pass: perRecordMs + foldMs < FRAME_MS,
      notes: `longest turn when sliced: one channel, ${(perRecordMs / 4).toFixed(1)} ms; statistics of one record (4 channels × 10 measurements) ${(foldMs * 1000).toFixed(1)} µs`,
    },
    {
      name: 'measure 4 × 1M in the pool: event-loop CPU per record',
      value: inPlaceMs + foldMs,
      unit: 'ms',
      baseline: { name: 'records copied into shared memory (before)', value: copyMs + foldMs, unit: 'ms' },
      ratio: (copyMs + foldMs) / (inPlaceMs + foldMs),
      notes: `hand-over of a record born in shared memory (held in place) ${inPlaceMs.toFixed(3)} ms, of a plain one (copied) ${copyMs.toFixed(2)} ms, + statistics ${(foldMs * 1000).toFixed(1)} µs; measuring on the event loop instead ${(perRecordMs + foldMs).toFixed(1)} ms; ${defaultRun.threads} worker threads; copied run: ${copiedRun.copiedPerFrameMb.toFixed(1)} MB copied per frame, ${copiedRun.copiesReused} of ${copiedRun.copiesMade} channel copies into recycled buffers`,
    },
    {
      name: 'measure 4 × 1M in the pool + statistics: event-loop garbage per record',
      value: garbage.bytesPerRecord / 1000,
      unit: 'kB',
      notes: `heap growth over 300 records with no collection between (${garbage.collections} collections met: ${garbage.collections === 0 ? 'valid' : 'void'}), PoolMeasurer on the default pool and MeasurementStatsService, in a process of its own (lib/loopGarbageChild.ts); at 60 records a second, ${((garbage.bytesPerRecord * 60) / 1e6).toFixed(1)} MB/s for the young generation`,
    },
    {
      name: 'statistics 4 × 1M at 60 Hz: event-loop lag p99',
      value: after.lagP99Ms,
      unit: 'ms',
      baseline: {
        name: 'a channel per loop turn (measureRecordInSlices)',
        value: before.lagP99Ms,
        unit: 'ms',
      },
      ratio: before.lagP99Ms / Math.max(after.lagP99Ms, 1e-3),
      target: `≤ ${LAG_TARGET_MS} ms`,
      pass: after.lagP99Ms <= LAG_TARGET_MS,
      notes: `${DURATION_MS / 1000} s. Pool (${defaultRun.threads} threads): ${describe(after)}. Sliced: ${describe(before)}.`,
    },
    {
      name: 'statistics 4 × 1M at 60 Hz: dropped frames',
      value: after.dropped,
      unit: 'frames',
      baseline: {
        name: 'a channel per loop turn (measureRecordInSlices)',
        value: before.dropped,
        unit: 'frames',
      },
      target: '0',
      pass: after.dropped === 0,
      notes: `of ${after.frames} frames (baseline of ${before.frames}); records copied into shared memory (the pool before): ${copiedRun.figures.dropped} of ${copiedRun.figures.frames}`,
    },
    poolRow(defaultRun),
    poolRow(copiedRun),
    ...otherRuns.map(poolRow),
  ];
}
