/**
 * Why a frame was dropped, from the timings a benchmark took along each record's way (issue 20: the
 * statistics' and the FFT views' remaining misses are tails). A frame k is dropped when the result of its
 * record, or of a newer one, was not there by its deadline. For each dropped frame this says whether its
 * own record was measured at all (else it was replaced while an older one held the lane), and if so where
 * the time went: the tick's lateness, the copy into shared memory, waiting for the lane, waiting for a
 * thread, the workers (their CPU time and their time runnable but off the CPU), the way back, the fold,
 * garbage collection on the event loop, and the event loop's own time waiting for a CPU.
 */
import type { GcWatch } from './gcWatch.js';
import type { Schedstat } from './schedstat.js';
import type { TaskTiming } from './timedRunner.js';
import { median } from '../measure.js';

/** A record handed over at its frame. Times are wall clock, ms since the epoch. */
export interface Arrival {
  frame: number;
  /** When the frame began in theory (start + frame × period). */
  nominalMs: number;
  /** When the tick that handed the record over ran. */
  arrivalMs: number;
  /** The hand-over's own time on the event loop (the copy into shared memory), ms. */
  copyMs: number;
  /** The event-loop thread's scheduler counters at arrival. */
  loopAtArrival: Schedstat | undefined;
}

/** A record's result applied (in order of application). */
export interface Applied {
  frame: number;
  /** When the event loop had the result. */
  resultMs: number;
  /** When it was in the statistics (or the view), after the fold. */
  appliedMs: number;
  loopAtApplied: Schedstat | undefined;
}

export interface FrameTimeline {
  startMs: number;
  periodMs: number;
  frames: number;
  arrivals: ReadonlyMap<number, Arrival>;
  /** Results applied in time (the benchmark's own cut-off), in order. */
  applied: readonly Applied[];
  /** The pool tasks of each measured record, by frame. */
  tasks: ReadonlyMap<number, readonly TaskTiming[]>;
  gc: GcWatch;
}

/** One record's way, ms. */
export interface RecordWay {
  frame: number;
  /** Result later than the frame's deadline by, ms (negative: early). */
  lateMs: number;
  arrivalLagMs: number;
  copyMs: number;
  laneWaitMs: number;
  threadWaitMs: number;
  workersMs: number;
  workersCpuMs: number;
  workersRunqueueMs: number;
  backMs: number;
  foldMs: number;
  gcMs: number;
  loopRunqueueMs: number;
}

export interface LateFramesReport {
  dropped: number;
  /** Dropped because their record was never measured (replaced while an older one was measured). */
  replaced: number;
  /** Dropped though their own record was measured: its result came late. */
  late: RecordWay[];
  /** Every measured record's way (on time or not), for comparison. */
  all: RecordWay[];
}

export function explainFrames(t: FrameTimeline): LateFramesReport {
  const ways = new Map<number, RecordWay>();
  for (const a of t.applied) {
    const way = recordWay(t, a);
    if (way !== undefined) ways.set(a.frame, way);
  }
  let dropped = 0;
  let replaced = 0;
  const late: RecordWay[] = [];
  let next = 0;
  for (let k = 0; k < t.frames; k++) {
    while (next < t.applied.length && t.applied[next]!.frame < k) next++;
    const served = t.applied[next];
    const deadlineMs = t.startMs + (k + 1) * t.periodMs;
    if (served !== undefined && served.appliedMs <= deadlineMs) continue;
    dropped++;
    if (served === undefined) continue;
    if (served.frame > k) replaced++;
    else if (ways.has(k)) late.push(ways.get(k)!);
  }
  return { dropped, replaced, late, all: [...ways.values()] };
}

function recordWay(t: FrameTimeline, a: Applied): RecordWay | undefined {
  const arrival = t.arrivals.get(a.frame);
  const tasks = t.tasks.get(a.frame);
  if (arrival === undefined || tasks === undefined || tasks.length === 0) return undefined;
  const submittedMs = Math.min(...tasks.map((x) => x.submittedMs));
  const startedMs = Math.min(...tasks.map((x) => x.startMs));
  const endedMs = Math.max(...tasks.map((x) => x.endMs));
  const sumNs = (pick: (x: TaskTiming) => number | undefined): number =>
    tasks.reduce((s, x) => s + (pick(x) ?? 0), 0);
  const loopWaitNs =
    arrival.loopAtArrival && a.loopAtApplied ? a.loopAtApplied.waitNs - arrival.loopAtArrival.waitNs : 0;
  return {
    frame: a.frame,
    lateMs: a.appliedMs - (t.startMs + (a.frame + 1) * t.periodMs),
    arrivalLagMs: arrival.arrivalMs - arrival.nominalMs,
    copyMs: arrival.copyMs,
    laneWaitMs: Math.max(0, submittedMs - (arrival.arrivalMs + arrival.copyMs)),
    threadWaitMs: startedMs - submittedMs,
    workersMs: endedMs - startedMs,
    workersCpuMs: sumNs((x) => x.runNs) / 1e6,
    workersRunqueueMs: sumNs((x) => x.waitNs) / 1e6,
    backMs: a.resultMs - endedMs,
    foldMs: a.appliedMs - a.resultMs,
    gcMs: t.gc.pausedMs(arrival.arrivalMs, a.appliedMs),
    loopRunqueueMs: loopWaitNs / 1e6,
  };
}

const f1 = (v: number): string => v.toFixed(1);

/** One record's way as a line: "f123 +2.1 ms: tick +0.4, copy 1.8, ...". */
export function describeWay(w: RecordWay): string {
  return (
    `f${w.frame} ${w.lateMs >= 0 ? '+' : ''}${f1(w.lateMs)} ms: tick +${f1(w.arrivalLagMs)}, copy ${f1(w.copyMs)}, ` +
    `lane ${f1(w.laneWaitMs)}, thread ${f1(w.threadWaitMs)}, workers ${f1(w.workersMs)} ` +
    `(cpu ${f1(w.workersCpuMs)}, runq ${f1(w.workersRunqueueMs)}), back ${f1(w.backMs)}, ` +
    `fold ${f1(w.foldMs)}, gc ${f1(w.gcMs)}, loop runq ${f1(w.loopRunqueueMs)}`
  );
}

/** Medians of each part over `ways`, as one line. */
export function describeMedians(ways: readonly RecordWay[]): string {
  if (ways.length === 0) return 'none';
  const m = (pick: (w: RecordWay) => number): string => f1(median(ways.map(pick)));
  return (
    `tick +${m((w) => w.arrivalLagMs)}, copy ${m((w) => w.copyMs)}, lane ${m((w) => w.laneWaitMs)}, ` +
    `thread ${m((w) => w.threadWaitMs)}, workers ${m((w) => w.workersMs)} (cpu ${m((w) => w.workersCpuMs)}, ` +
    `runq ${m((w) => w.workersRunqueueMs)}), back ${m((w) => w.backMs)}, fold ${m((w) => w.foldMs)}, ` +
    `gc ${m((w) => w.gcMs)}, ` +
    `loop runq ${m((w) => w.loopRunqueueMs)}`
  );
}

/** The report in a few sentences: counts, medians of late and of all records, the worst few late ones. */
export function describeReport(r: LateFramesReport, worst = 6): string {
  const withGc = r.late.filter((w) => w.gcMs > 0.5).length;
  const runq = r.late.filter((w) => w.workersRunqueueMs + w.loopRunqueueMs > w.workersCpuMs / 2).length;
  const worstLate = [...r.late].sort((a, b) => b.lateMs - a.lateMs).slice(0, worst);
  const first = r.all.find((w) => w.frame === 0);
  return (
    `${r.dropped} dropped: ${r.replaced} never measured (replaced while an older record was measured), ` +
    `${r.late.length} measured late (${withGc} with a GC > 0.5 ms, ${runq} with more time waiting for a ` +
    `CPU than half their work). Medians, late records: ${describeMedians(r.late)}. Medians, all ` +
    `${r.all.length} measured: ${describeMedians(r.all)}.` +
    (worstLate.length > 0 ? ` Worst late: ${worstLate.map(describeWay).join('; ')}.` : '') +
    // The first record meets whatever was not warmed up (threads, code, memory): always shown.
    (first !== undefined ? ` First record: ${describeWay(first)}.` : '')
  );
}
