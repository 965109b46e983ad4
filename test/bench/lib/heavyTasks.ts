/**
 * The renderer main thread's heavy tasks in a Chromium trace: the top-level tasks on the CPU for at least
 * a given time, with where their CPU went (self thread time by phase, and the script's functions by
 * name), and the tasks a page's longtask observer counts (≥ 50 ms wall) with their CPU. On a loaded
 * machine a task's wall time is mostly the time it waited for a core; its thread time says what it cost
 * the page, so a long task of little CPU is the load and one of much CPU is the page's own. No I/O.
 */
import { phaseOf, type TraceEvent } from './frameCost.js';

export interface HeavyTasks {
  /** Top-level tasks on renderer main threads. */
  tasks: number;
  /** Tasks on the CPU for at least the bound, their CPU in all and the largest, ms. */
  heavy: number;
  heavyCpuMs: number;
  maxCpuMs: number;
  /** Tasks of at least 50 ms wall (the longtask observer's), their wall and CPU time in all, ms. */
  long: number;
  longWallMs: number;
  longCpuMs: number;
  /** Self CPU within the heavy tasks by phase (as frameCost's), ms. */
  phasesMs: Record<string, number>;
  /** CPU of the script functions called within the heavy tasks (`FunctionCall`), by name:line, ms. */
  functionsMs: Record<string, number>;
}

const LONG_TASK_US = 50_000;

interface Span {
  ts: number;
  dur: number;
  cpu: number;
  name: string;
  fn?: string;
}

function mainThreads(events: readonly TraceEvent[]): Set<string> {
  const renderers = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'process_name' && e.args?.name === 'Renderer')
      .map((e) => e.pid),
  );
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .filter((e) => renderers.has(e.pid))
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

/** Heavy tasks: at least `minCpuMs` on the CPU (complete events only, as Chromium's timeline writes them). */
export function heavyTasks(events: readonly TraceEvent[], minCpuMs = 16): HeavyTasks {
  const threads = mainThreads(events);
  const result: HeavyTasks = {
    tasks: 0,
    heavy: 0,
    heavyCpuMs: 0,
    maxCpuMs: 0,
    long: 0,
    longWallMs: 0,
    longCpuMs: 0,
    phasesMs: {},
    functionsMs: {},
  };
  const byThread = new Map<string, Span[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.dur === undefined || !threads.has(key)) continue;
    const data = (e.args as { data?: { functionName?: string; lineNumber?: number } } | undefined)?.data;
    const fn =
      e.name === 'FunctionCall' ? `${data?.functionName || '(anonymous)'}:${data?.lineNumber}` : undefined;
    const list = byThread.get(key) ?? [];
    list.push({ ts: e.ts, dur: e.dur, cpu: e.tdur ?? e.dur, name: e.name, ...(fn ? { fn } : {}) });
    byThread.set(key, list);
  }
  for (const spans of byThread.values()) {
    spans.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let i = 0;
    while (i < spans.length) {
      const task = spans[i]!;
      const end = task.ts + task.dur;
      let j = i + 1;
      while (j < spans.length && spans[j]!.ts < end) j++;
      result.tasks++;
      if (task.dur >= LONG_TASK_US) {
        result.long++;
        result.longWallMs += task.dur / 1000;
        result.longCpuMs += task.cpu / 1000;
      }
      if (task.cpu >= minCpuMs * 1000) {
        result.heavy++;
        result.heavyCpuMs += task.cpu / 1000;
        result.maxCpuMs = Math.max(result.maxCpuMs, task.cpu / 1000);
        addSelfTimes(spans.slice(i, j), result);
      }
      i = j;
    }
  }
  return result;
}

/** Self CPU by phase, and CPU by called function, of one task's spans (the task first, sorted by start). */
function addSelfTimes(spans: Span[], into: HeavyTasks): void {
  const stack: { end: number; span: Span; childCpu: number }[] = [];
  const close = (open: { span: Span; childCpu: number }): void => {
    const phase = phaseOf(open.span.name);
    into.phasesMs[phase] = (into.phasesMs[phase] ?? 0) + Math.max(0, open.span.cpu - open.childCpu) / 1000;
  };
  for (const span of spans) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= span.ts) close(stack.pop()!);
    if (stack.length > 0) stack[stack.length - 1]!.childCpu += span.cpu;
    if (span.fn) into.functionsMs[span.fn] = (into.functionsMs[span.fn] ?? 0) + span.cpu / 1000;
    stack.push({ end: span.ts + span.dur, span, childCpu: 0 });
  }
  while (stack.length > 0) close(stack.pop()!);
}

/** A printable summary. */
export function describeHeavyTasks(h: HeavyTasks, minCpuMs = 16, top = 6): string {
  const list = (record: Record<string, number>): string =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
      .join(', ');
  return [
    `main-thread tasks ${h.tasks}; ≥ 50 ms wall (long tasks) ${h.long}: ${h.longWallMs.toFixed(0)} ms wall, ` +
      `${h.longCpuMs.toFixed(0)} ms CPU; ≥ ${minCpuMs} ms CPU ${h.heavy}: ${h.heavyCpuMs.toFixed(0)} ms CPU, ` +
      `largest ${h.maxCpuMs.toFixed(1)} ms`,
    `    in those, self CPU by phase (ms): ${list(h.phasesMs)}`,
    `    script called in those (ms CPU): ${list(h.functionsMs)}`,
  ].join('\n');
}
