import { describe, expect, it } from 'vitest';
import { meta, x } from './traceEvents';
import { describeFrameCost, frameCost } from '../../bench/lib/frameCost';

describe('frameCost', () => {
  it('counts each event once: its thread time less its children’s, by phase, per thread', () => {
    const events = [
      meta(10, 1, 'process_name', 'Renderer'),
      meta(10, 1, 'thread_name', 'CrRendererMain'),
      meta(10, 2, 'thread_name', 'Compositor'),
      // A task of 1,000 µs wall (800 µs on the CPU) running a script (300) that forces a layout (100).
      x('RunTask', 0, 1_000, 800),
      x('FunctionCall', 100, 400, 300),
      { ...x('Layout', 200, 150, 100), args: { beginData: { dirtyObjects: 22 } } },
      x('Paint', 600, 100, 100),
      x('Layerize', 700, 50, 50),
      // A second frame.
      x('RunTask', 2_000, 200, 200),
      x('Layerize', 2_050, 100, 100),
      // Another thread, without thread time recorded: its duration counts.
      x('Graphics.Pipeline', 0, 500, undefined, 2),
    ];
    const cost = frameCost(events);
    expect(cost.frames).toBe(2);
    expect(cost.layoutObjects).toBe(22);
    expect(cost.traceMs).toBeCloseTo(2.2);
    const main = cost.threads.find((t) => t.thread === 'Renderer / CrRendererMain')!;
    expect(main.cpuMs).toBeCloseTo(1.0);
    expect(main.busyMs).toBeCloseTo(1.2);
    expect(main.phasesMs.script).toBeCloseTo(0.2);
    expect(main.phasesMs.layout).toBeCloseTo(0.1);
    expect(main.phasesMs.paint).toBeCloseTo(0.1);
    expect(main.phasesMs.layerize).toBeCloseTo(0.15);
    // RunTask's own share: 800 − 300 − 100 − 50 and 200 − 100.
    expect(main.phasesMs.other).toBeCloseTo(0.45);
    expect(main.namesCount.Layerize).toBe(2);
    expect(main.namesCount.RunTask).toBe(2);
    const compositor = cost.threads.find((t) => t.thread === 'Renderer / Compositor')!;
    expect(compositor.cpuMs).toBeCloseTo(0.5);
    expect(describeFrameCost(cost)).toContain('Renderer / CrRendererMain: cpu 0.50 ms/frame');
    expect(describeFrameCost(cost)).toContain('events per frame: Layout 0.50, Paint 0.50, Layerize 1.00');
  });

  it('pairs begin and end events on the same thread', () => {
    const cost = frameCost([
      { name: 'Layout', ph: 'B', pid: 1, tid: 1, ts: 10 },
      { name: 'Layout', ph: 'E', pid: 1, tid: 1, ts: 40 },
    ]);
    expect(cost.threads[0]!.phasesMs.layout).toBeCloseTo(0.03);
  });
});
