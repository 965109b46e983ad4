import type uPlot from 'uplot';
import { describe, expect, it, vi } from 'vitest';
import { interactionPlugin } from '../../../src-renderer/charts/interaction';

/** Just enough of a uPlot instance for the plugin: the overlay element, data, the x scale, a selection. */
function fakeChart(points: number): {
  u: uPlot;
  over: EventTarget;
  setScale: ReturnType<typeof vi.fn>;
} {
  const over = Object.assign(new EventTarget(), {
    getBoundingClientRect: () => ({ left: 0, top: 0, width: 1000, height: 300 }),
  });
  const xs = Array.from({ length: points }, (_, i) => 1_750_000_000 + i);
  const setScale = vi.fn();
  const u = {
    over,
    data: [xs, xs.map(() => 1)],
    scales: { x: { min: points ? xs[0] : 0, max: points ? xs[points - 1] : 1 } },
    select: { left: 100, top: 0, width: 200, height: 300 },
    posToVal: (px: number) => px,
    setScale,
  } as unknown as uPlot;
  return { u, over, setScale };
}

function setUp(points: number): ReturnType<typeof fakeChart> & {
  onUserZoom: ReturnType<typeof vi.fn>;
  onReset: ReturnType<typeof vi.fn>;
  /** What uPlot does at the end of a drag selection: runs the setSelect hooks. */
  dragSelect(): void;
} {
  const chart = fakeChart(points);
  const handlers = { onUserZoom: vi.fn(), onReset: vi.fn() };
  const plugin = interactionPlugin(handlers);
  (plugin.hooks.init as (u: uPlot) => void)(chart.u);
  return { ...chart, ...handlers, dragSelect: () => (plugin.hooks.setSelect as (u: uPlot) => void)(chart.u) };
}

const wheel = (): Event =>
  Object.assign(new Event('wheel', { cancelable: true }), { deltaY: -100, clientX: 500 });

describe('chart zoom and live view', () => {
  it('keeps an empty chart live when it is dragged, so the first data after Start shows', () => {
    // Before, the drag left the chart on a range of no time in particular: blank after Start.
    const { dragSelect, onUserZoom, onReset } = setUp(0);
    dragSelect();
    expect(onUserZoom).not.toHaveBeenCalled();
    expect(onReset).toHaveBeenCalledTimes(1);
  });

  it('leaves live view when a chart with data is dragged', () => {
    const { dragSelect, onUserZoom, onReset } = setUp(100);
    dragSelect();
    expect(onUserZoom).toHaveBeenCalledTimes(1);
    expect(onReset).not.toHaveBeenCalled();
  });

  it('does not zoom an empty chart with the wheel', () => {
    const { over, setScale, onUserZoom } = setUp(0);
    over.dispatchEvent(wheel());
    expect(setScale).not.toHaveBeenCalled();
    expect(onUserZoom).not.toHaveBeenCalled();
  });

  it('zooms a chart with data around the pointer and leaves live view', () => {
    const { over, setScale, onUserZoom } = setUp(100);
    over.dispatchEvent(wheel());
    expect(setScale).toHaveBeenCalledWith('x', expect.objectContaining({ min: expect.any(Number) }));
    expect(onUserZoom).toHaveBeenCalledTimes(1);
  });

  it('returns to live on a double click', () => {
    const { over, onReset } = setUp(100);
    over.dispatchEvent(new Event('dblclick'));
    expect(onReset).toHaveBeenCalledTimes(1);
  });
});
