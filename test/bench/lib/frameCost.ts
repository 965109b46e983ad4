/**
 * Where a page's time goes, from a Chromium trace (Trace Event Format): per thread of every process, the
 * self time of each kind of work (script, style, layout, paint, raster, ...) — an event's thread time
 * (CPU, so time the thread was preempted on a loaded machine is not counted) less its children's, so
 * nested work is counted once — and per frame, a frame being one `Layerize` on the
 * renderer's main thread (one per committed frame). No I/O: fleetPixel feeds it what cdpTrace recorded.
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  /** µs */
  ts: number;
  /** µs (complete events) */
  dur?: number;
  /** Thread (CPU) time, µs, when the tracer records it. */
  tdur?: number;
  args?: { name?: string } & Record<string, unknown>;
}

/** The phases a frame's work is reported in; an event name not listed here counts as "other". */
const PHASE_OF: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  'v8.run': 'script',
  'v8.callFunction': 'script',
  'v8.compile': 'script',
  'V8.Execute': 'script',
  RunTask: 'other',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  'LocalFrameView::performLayout': 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'layerize',
  Commit: 'commit',
  RasterTask: 'raster',
  'RasterizerTaskImpl::RunOnWorkerThread': 'raster',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GCScavenger': 'gc',
  'V8.GC_MC_BACKGROUND_MARKING': 'gc',
};

export function phaseOf(name: string): string {
  return PHASE_OF[name] ?? (name.startsWith('V8.GC') || name.startsWith('BlinkGC') ? 'gc' : 'other');
}

export interface ThreadCost {
  /** "Renderer / CrRendererMain", "GPU Process / VizCompositorThread", ... */
  thread: string;
  /** Sum of the outermost events' durations over the trace, ms (wall time the thread was busy). */
  busyMs: number;
  /** The same in thread time (CPU), ms, where the tracer recorded it; else busyMs. */
  cpuMs: number;
  /** Self thread time (CPU; duration where none was recorded) by phase, ms over the trace. */
  phasesMs: Record<string, number>;
  /** Self thread time by event name, ms over the trace. */
  namesMs: Record<string, number>;
  /** Events by name over the trace (e.g. Paint events: one per painted layer). */
  namesCount: Record<string, number>;
}

export interface FrameCost {
  traceMs: number;
  /** Layerize events on renderer main threads: frames committed. */
  frames: number;
  /** Objects laid out, summed over every Layout event (its `beginData.dirtyObjects`). */
  layoutObjects: number;
  threads: ThreadCost[];
}

interface Open {
  end: number;
  name: string;
  /** The children's thread time, µs. */
  childUs: number;
  /** Its own thread time (or duration where none was recorded), µs. */
  cpuUs: number;
}

/** Self times per thread, from complete events (ph X) and begin/end pairs (ph B/E). */
export function frameCost(events: readonly TraceEvent[]): FrameCost {
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  const byThread = new Map<string, { ts: number; dur: number; tdur: number | undefined; name: string }[]>();
  const begun = new Map<string, TraceEvent[]>();
  let layoutObjects = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'M') {
      if (e.name === 'process_name' && e.args?.name) processNames.set(e.pid, e.args.name);
      if (e.name === 'thread_name' && e.args?.name) threadNames.set(key, e.args.name);
      continue;
    }
    const begin = (e.args as { beginData?: { dirtyObjects?: number } } | undefined)?.beginData;
    if (e.name === 'Layout' && e.ph !== 'E') layoutObjects += begin?.dirtyObjects ?? 0;
    let span: { ts: number; dur: number; tdur: number | undefined; name: string } | undefined;
    if (e.ph === 'X' && e.dur !== undefined) span = { ts: e.ts, dur: e.dur, tdur: e.tdur, name: e.name };
    else if (e.ph === 'B') {
      const stack = begun.get(key) ?? [];
      stack.push(e);
      begun.set(key, stack);
    } else if (e.ph === 'E') {
      const b = begun.get(key)?.pop();
      if (b) span = { ts: b.ts, dur: e.ts - b.ts, tdur: undefined, name: b.name };
    }
    if (span === undefined) continue;
    first = Math.min(first, span.ts);
    last = Math.max(last, span.ts + span.dur);
    const list = byThread.get(key) ?? [];
    list.push(span);
    byThread.set(key, list);
  }
  let frames = 0;
  const threads: ThreadCost[] = [];
  for (const [key, spans] of byThread) {
    const pid = Number(key.split(':')[0]);
    const thread = `${processNames.get(pid) ?? `pid ${pid}`} / ${threadNames.get(key) ?? key}`;
    spans.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const cost: ThreadCost = { thread, busyMs: 0, cpuMs: 0, phasesMs: {}, namesMs: {}, namesCount: {} };
    const stack: Open[] = [];
    const close = (open: Open): void => {
      const selfMs = Math.max(0, open.cpuUs - open.childUs) / 1000;
      cost.namesMs[open.name] = (cost.namesMs[open.name] ?? 0) + selfMs;
      cost.namesCount[open.name] = (cost.namesCount[open.name] ?? 0) + 1;
      const phase = phaseOf(open.name);
      cost.phasesMs[phase] = (cost.phasesMs[phase] ?? 0) + selfMs;
    };
    for (const span of spans) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= span.ts) close(stack.pop()!);
      const parent = stack[stack.length - 1];
      if (parent) parent.childUs += span.tdur ?? span.dur;
      else {
        cost.busyMs += span.dur / 1000;
        cost.cpuMs += (span.tdur ?? span.dur) / 1000;
      }
      if (span.name === 'Layerize' && thread.endsWith('CrRendererMain')) frames++;
      stack.push({ end: span.ts + span.dur, name: span.name, childUs: 0, cpuUs: span.tdur ?? span.dur });
    }
    while (stack.length > 0) close(stack.pop()!);
    threads.push(cost);
  }
  threads.sort((a, b) => b.cpuMs - a.cpuMs);
  return { traceMs: Number.isFinite(first) ? (last - first) / 1000 : 0, frames, layoutObjects, threads };
}

/** A printable summary: every thread on the CPU for more than 0.5 % of the trace, its phases and top names. */
export function describeFrameCost(cost: FrameCost, topNames = 8): string {
  const perFrame = (ms: number): string => (cost.frames > 0 ? (ms / cost.frames).toFixed(2) : 'n/a');
  const lines = [
    `trace ${cost.traceMs.toFixed(0)} ms, ${cost.frames} frames (${((cost.frames * 1000) / cost.traceMs).toFixed(1)} fps), ` +
      `${perFrame(cost.layoutObjects)} objects laid out per frame; ms per frame, and % of a core over the trace`,
  ];
  for (const t of cost.threads) {
    if (t.cpuMs < cost.traceMs / 200) continue;
    lines.push(
      `${t.thread}: cpu ${perFrame(t.cpuMs)} ms/frame (${((100 * t.cpuMs) / cost.traceMs).toFixed(1)} %), busy ${perFrame(t.busyMs)}`,
    );
    const phases = Object.entries(t.phasesMs).sort((a, b) => b[1] - a[1]);
    lines.push(`    phases: ${phases.map(([p, ms]) => `${p} ${perFrame(ms)}`).join(', ')}`);
    const names = Object.entries(t.namesMs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, topNames);
    lines.push(`    top: ${names.map(([n, ms]) => `${n} ${perFrame(ms)}`).join(', ')}`);
    const counted = ['UpdateLayoutTree', 'Layout', 'LocalFrameView::performLayout', 'Paint', 'Layerize'];
    const counts = counted.filter((n) => t.namesCount[n] !== undefined);
    if (counts.length > 0)
      lines.push(
        `    events per frame: ${counts.map((n) => `${n} ${perFrame(t.namesCount[n]!)}`).join(', ')}`,
      );
  }
  return lines.join('\n');
}
