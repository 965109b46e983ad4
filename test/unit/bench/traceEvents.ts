/** Chromium trace events for the trace-reading tests (frameCost, heavyTasks): thread names and complete events. */
import type { TraceEvent } from '../../bench/lib/frameCost';

/** A metadata event naming a process or thread (`process_name`, `thread_name`). */
export const meta = (pid: number, tid: number, name: string, value: string): TraceEvent => ({
  name,
  ph: 'M',
  pid,
  tid,
  ts: 0,
  args: { name: value },
});

/** A complete event of process 10: µs from `ts`, `dur` wall and `tdur` on the CPU (absent: not recorded). */
export const x = (
  name: string,
  ts: number,
  dur: number,
  tdur?: number,
  tid = 1,
  fn?: string,
): TraceEvent => ({
  name,
  ph: 'X',
  pid: 10,
  tid,
  ts,
  dur,
  ...(tdur === undefined ? {} : { tdur }),
  ...(fn ? { args: { data: { functionName: fn, lineNumber: 7 } } } : {}),
});
