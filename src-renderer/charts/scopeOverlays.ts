/**
 * Oscilloscope overlays as a uPlot plugin: the trigger level (a dashed line on the trigger source's
 * scale, dragged vertically to set a new level) and A/B time cursors (click places A, shift+click B).
 * What a press, a click or a double click means is decided in scopeGestures.ts; this file wires the DOM.
 */
import type uPlot from 'uplot';
import { ScopeGestures, type CursorName } from './scopeGestures';

export interface ScopeOverlayState {
  /** Scale key of the trigger source channel, e.g. "CH1". */
  triggerScale: string;
  triggerLevelV: number;
  triggerColor: string;
  cursorA: number | undefined;
  cursorB: number | undefined;
  /** Colour of the A/B cursors and their labels: the theme's, never a fixed one (white vanished in light). */
  cursorColor: string;
}

export interface ScopeOverlayHandlers {
  state(): ScopeOverlayState;
  /** The user dropped the trigger marker at a new level, V. */
  onTriggerLevel(levelV: number): void;
  /** Places a cursor at a time, s, or (undefined) removes it. */
  onCursor(which: CursorName, timeS: number | undefined): void;
}

/** How close (CSS px) the pointer must be to the trigger line to grab it. */
const GRAB_PX = 6;

export function scopeOverlayPlugin(handlers: ScopeOverlayHandlers): uPlot.Plugin {
  let gestures: ScopeGestures | undefined;
  return {
    hooks: {
      init: (u) => {
        const over = u.over;
        const at = (e: MouseEvent): { xPx: number; yPx: number } => {
          const rect = over.getBoundingClientRect();
          return { xPx: e.clientX - rect.left, yPx: e.clientY - rect.top };
        };
        const g = new ScopeGestures({
          levelAt: (yPx) => u.posToVal(yPx, handlers.state().triggerScale),
          timeAt: (xPx) => u.posToVal(xPx, 'x'),
          cursor: (which) => (which === 'A' ? handlers.state().cursorA : handlers.state().cursorB),
          onTriggerLevel: (level) => handlers.onTriggerLevel(level),
          onCursor: (which, t) => handlers.onCursor(which, t),
        });
        gestures = g;
        const nearLine = (yPx: number): boolean => {
          const { triggerScale, triggerLevelV } = handlers.state();
          return Math.abs(yPx - u.valToPos(triggerLevelV, triggerScale)) <= GRAB_PX;
        };
        over.addEventListener(
          'mousedown',
          (e) => {
            if (e.button !== 0) return;
            const { xPx, yPx } = at(e);
            g.press(xPx, yPx, nearLine(yPx));
            if (g.holdsTriggerLine()) {
              // Grabbing the marker: keep uPlot (listening on this element too) from starting a zoom.
              e.stopImmediatePropagation();
              e.preventDefault();
            }
            const move = (m: MouseEvent): void => {
              const p = at(m);
              if (g.move(p.xPx, p.yPx)) u.redraw(false, false);
            };
            const up = (m: MouseEvent): void => {
              window.removeEventListener('mousemove', move);
              window.removeEventListener('mouseup', up);
              const p = at(m);
              g.release(p.xPx, p.yPx, m.shiftKey, m.detail);
              u.redraw(false, false);
            };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
          },
          { capture: true },
        );
        over.addEventListener('mousemove', (e) => {
          over.style.cursor = nearLine(at(e).yPx) ? 'ns-resize' : '';
        });
        over.addEventListener('click', (e) => g.click(at(e).xPx, e.shiftKey, e.detail));
        over.addEventListener('dblclick', () => g.doubleClick());
      },
      draw: (u) => {
        const state = handlers.state();
        const ctx = u.ctx;
        const { left, top, width, height } = u.bbox;
        const ratio = devicePixelRatio;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        const level = gestures?.previewLevel() ?? state.triggerLevelV;
        const y = Math.round(u.valToPos(level, state.triggerScale, true));
        ctx.strokeStyle = state.triggerColor;
        ctx.setLineDash([6 * ratio, 4 * ratio]);
        ctx.lineWidth = ratio;
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
        ctx.fillStyle = state.triggerColor;
        ctx.font = `${11 * ratio}px sans-serif`;
        ctx.fillText('T', left + 4 * ratio, y - 4 * ratio);
        ctx.setLineDash([]);
        for (const [label, time] of [
          ['A', state.cursorA],
          ['B', state.cursorB],
        ] as const) {
          if (time === undefined) continue;
          const x = Math.round(u.valToPos(time, 'x', true));
          ctx.strokeStyle = state.cursorColor;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.fillStyle = state.cursorColor;
          ctx.fillText(label, x + 4 * ratio, top + 14 * ratio);
        }
        ctx.restore();
      },
    },
  };
}
