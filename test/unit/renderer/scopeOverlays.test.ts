/**
 * The scope's cursor overlay draws in the colour the theme gives it: a fixed near-white vanished on the
 * light theme's white plot. Drawn against a recording 2D context, no browser needed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { scopeOverlayPlugin, type ScopeOverlayState } from '../../../src-renderer/charts/scopeOverlays';

interface Stroke {
  color: string;
  from: [number, number];
  to: [number, number];
}

/** Records every stroked segment with the colour it was stroked in. */
function recordingContext(): { ctx: CanvasRenderingContext2D; strokes: Stroke[]; texts: [string, string][] } {
  const strokes: Stroke[] = [];
  const texts: [string, string][] = [];
  let path: [number, number][] = [];
  const ctx = {
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    font: '',
    save() {},
    restore() {},
    rect() {},
    clip() {},
    fill() {},
    setLineDash() {},
    beginPath() {
      path = [];
    },
    moveTo(x: number, y: number) {
      path.push([x, y]);
    },
    lineTo(x: number, y: number) {
      path.push([x, y]);
    },
    stroke() {
      for (let i = 1; i < path.length; i++)
        strokes.push({ color: String(ctx.strokeStyle), from: path[i - 1]!, to: path[i]! });
    },
    fillText(text: string) {
      texts.push([text, String(ctx.fillStyle)]);
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes, texts };
}

function draw(state: ScopeOverlayState): ReturnType<typeof recordingContext> {
  const recording = recordingContext();
  const plugin = scopeOverlayPlugin({
    state: () => state,
    onTriggerLevel() {},
    onCursor() {},
    onLevelCursor() {},
  });
  const chart = {
    ctx: recording.ctx,
    bbox: { left: 0, top: 0, width: 1000, height: 400 },
    // 1 ms across the plot; ±2 V on every scale.
    valToPos: (value: number, scale: string) => (scale === 'x' ? value * 1e6 : 200 - value * 100),
  } as unknown as uPlot;
  const drawHook = plugin.hooks.draw as (u: uPlot) => void;
  drawHook(chart);
  return recording;
}

describe('scope cursor overlay', () => {
  beforeEach(() => {
    (globalThis as { devicePixelRatio?: number }).devicePixelRatio = 1;
  });
  afterEach(() => {
    delete (globalThis as { devicePixelRatio?: number }).devicePixelRatio;
  });

  it('draws cursors A and B and their labels in the colour the theme gives, not a fixed white', () => {
    const { strokes, texts } = draw({
      triggerScale: 'CH1',
      triggerLevelV: 0,
      triggerColor: '#b7791f',
      cursorA: 2e-4,
      cursorB: 7e-4,
      levelY1: 1,
      levelY2: undefined,
      cursorColor: '#17202b',
      channelMarkers: [],
    });
    const vertical = strokes.filter((s) => s.from[0] === s.to[0]);
    const horizontal = strokes.filter((s) => s.from[1] === s.to[1] && s.color === '#17202b');
    expect(horizontal.map((s) => s.from[1])).toEqual([100]);
    expect(vertical.map((s) => s.from[0])).toEqual([200, 700]);
    for (const line of vertical) expect(line.color).toBe('#17202b');
    expect(texts.filter(([t]) => t === 'A' || t === 'B').map(([, c]) => c)).toEqual(['#17202b', '#17202b']);
  });
});
