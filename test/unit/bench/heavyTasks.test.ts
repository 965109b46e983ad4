import { describe, expect, it } from 'vitest';
import { meta, x } from './traceEvents';
import { describeHeavyTasks, heavyTasks } from '../../bench/lib/heavyTasks';

describe('heavyTasks', () => {
  it('tells the long tasks of much CPU from those that waited, and where the heavy ones spent it', () => {
    const events = [
      meta(10, 1, 'process_name', 'Renderer'),
      meta(10, 1, 'thread_name', 'CrRendererMain'),
      meta(10, 2, 'thread_name', 'Compositor'),
      // A frame of 20 ms on the CPU over 60 ms wall: the charts' loop (12 ms), a layout (3), a paint (2).
      x('RunTask', 0, 60_000, 20_000),
      x('FunctionCall', 1_000, 30_000, 12_000, 1, 'run'),
      x('Layout', 35_000, 5_000, 3_000),
      x('Paint', 45_000, 4_000, 2_000),
      // A long task of little CPU (the machine's load): long, not heavy.
      x('RunTask', 100_000, 70_000, 3_000),
      // A short light task, and a heavy one on another thread, which does not count.
      x('RunTask', 200_000, 1_000, 900),
      x('RunTask', 0, 40_000, 39_000, 2),
    ];
    const h = heavyTasks(events, 16);
    expect(h.tasks).toBe(3);
    expect(h.long).toBe(2);
    expect(h.longWallMs).toBeCloseTo(130);
    expect(h.longCpuMs).toBeCloseTo(23);
    expect(h.heavy).toBe(1);
    expect(h.heavyCpuMs).toBeCloseTo(20);
    expect(h.maxCpuMs).toBeCloseTo(20);
    expect(h.phasesMs.script).toBeCloseTo(12);
    expect(h.phasesMs.layout).toBeCloseTo(3);
    expect(h.phasesMs.paint).toBeCloseTo(2);
    expect(h.phasesMs.other).toBeCloseTo(3);
    expect(h.functionsMs).toEqual({ 'run:7': 12 });
    expect(describeHeavyTasks(h)).toContain('≥ 50 ms wall (long tasks) 2: 130 ms wall, 23 ms CPU');
  });
});
