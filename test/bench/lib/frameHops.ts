/**
 * Where a frame's pool tasks spent their time, thread hop by thread hop (issue 20: the FFT views'
 * dropped frames). lateFrames.ts gives a record's way from its arrival to its result as one span of
 * "workers"; this splits that span per task into what the event loop and the threads can each fix:
 * - queue: submitted while the thread that ran it was still busy with an earlier task (too few threads,
 *   or tasks too long);
 * - hop in: from submitted (or the thread freed) to the task starting in its thread — the message to the
 *   thread and the thread's wake-up;
 * - work: the task in its thread (its CPU time and its time runnable but waiting for a core);
 * - hop out: from the task's end to its result on the event loop — the message back and the event loop's
 *   turn to read it;
 * - cold: tasks that were their thread's first of their kind and record length (first-use costs: the
 *   wasm instance, the window and plan for that size, code not yet optimised).
 * Sums over the frame's tasks, which run side by side on the pool's threads: a frame with four channels
 * and two threads has at least two tasks queued.
 */
import type { RecordWay } from './lateFrames.js';
import type { TaskTiming } from './timedRunner.js';

export interface FrameHops {
  frame: number;
  tasks: number;
  cold: number;
  queueMs: number;
  hopInMs: number;
  workMs: number;
  workCpuMs: number;
  workRunqueueMs: number;
  hopOutMs: number;
}

/** When each task's thread freed up for it: the end of the thread's task before it (all tasks of a run). */
function previousEndOnThread(all: readonly TaskTiming[]): Map<TaskTiming, number> {
  const byThread = new Map<number, TaskTiming[]>();
  for (const t of all) {
    if (t?.threadId === undefined) continue;
    const own = byThread.get(t.threadId) ?? [];
    own.push(t);
    byThread.set(t.threadId, own);
  }
  const previous = new Map<TaskTiming, number>();
  for (const own of byThread.values()) {
    own.sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < own.length; i++) previous.set(own[i]!, own[i - 1]!.endMs);
  }
  return previous;
}

/** Every frame's hops, from the run's tasks (`all`, for the threads' order) grouped by frame. */
export function frameHops(
  all: readonly TaskTiming[],
  byFrame: ReadonlyMap<number, readonly TaskTiming[]>,
): Map<number, FrameHops> {
  const previous = previousEndOnThread(all);
  const out = new Map<number, FrameHops>();
  for (const [frame, tasks] of byFrame) {
    const hops: FrameHops = {
      frame,
      tasks: tasks.length,
      cold: 0,
      queueMs: 0,
      hopInMs: 0,
      workMs: 0,
      workCpuMs: 0,
      workRunqueueMs: 0,
      hopOutMs: 0,
    };
    for (const t of tasks) {
      const freedMs = Math.max(t.submittedMs, Math.min(t.startMs, previous.get(t) ?? t.submittedMs));
      hops.queueMs += freedMs - t.submittedMs;
      hops.hopInMs += t.startMs - freedMs;
      hops.workMs += t.endMs - t.startMs;
      hops.workCpuMs += (t.runNs ?? 0) / 1e6;
      hops.workRunqueueMs += (t.waitNs ?? 0) / 1e6;
      hops.hopOutMs += t.resolvedMs - t.endMs;
      if (t.firstOfShape === true) hops.cold++;
    }
    out.set(frame, hops);
  }
  return out;
}

const f1 = (v: number): string => v.toFixed(1);

/** A late record's way with its hops: "f12 +3.1 ms: tick +0.2, hand-over 0.4, 4 tasks (0 cold): ...". */
export function describeLateHops(way: RecordWay, hops: FrameHops | undefined): string {
  const head = `f${way.frame} +${f1(way.lateMs)} ms: tick +${f1(way.arrivalLagMs)}, hand-over ${f1(way.copyMs)}`;
  const tail = `event-loop GC ${f1(way.gcMs)}, loop runq ${f1(way.loopRunqueueMs)}`;
  if (hops === undefined) return `${head}, no tasks, ${tail}`;
  return (
    `${head}, ${hops.tasks} tasks (${hops.cold} cold): queue ${f1(hops.queueMs)}, hop in ${f1(hops.hopInMs)}, ` +
    `work ${f1(hops.workMs)} (cpu ${f1(hops.workCpuMs)}, runq ${f1(hops.workRunqueueMs)}), ` +
    `hop out ${f1(hops.hopOutMs)}, ${tail}`
  );
}

/** Sums over `frames` of each part, ms, as one line: what the frames' tasks spent in all. */
export function describeHopTotals(frames: readonly FrameHops[]): string {
  const total = (pick: (h: FrameHops) => number): number => frames.reduce((s, h) => s + pick(h), 0);
  const sum = (pick: (h: FrameHops) => number): string => f1(total(pick));
  return (
    `${frames.length} frames, ${total((h) => h.tasks)} tasks (${total((h) => h.cold)} cold): queue ${sum((h) => h.queueMs)}, ` +
    `hop in ${sum((h) => h.hopInMs)}, work ${sum((h) => h.workMs)} (cpu ${sum((h) => h.workCpuMs)}), ` +
    `hop out ${sum((h) => h.hopOutMs)} ms`
  );
}
