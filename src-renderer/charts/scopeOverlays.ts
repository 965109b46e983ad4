/**
 * Oscilloscope overlays as a uPlot plugin: the trigger level (a dashed line on the trigger source's
 * scale, dragged vertically to set a new level) and A/B time cursors (click places A, shift+click B).
 */
import type uPlot from 'uplot';

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
  onCursor(which: 'A' | 'B', timeS: number): void;
}

/** How close (CSS px) the pointer must be to the trigger line to grab it. */
const GRAB_PX = 6;

export function scopeOverlayPlugin(handlers: ScopeOverlayHandlers): uPlot.Plugin {
  let dragLevel: number | undefined;
  return {
    hooks: {
      init: (u) => {
        const over = u.over;
        const levelAt = (clientY: number): number =>
          u.posToVal(clientY - over.getBoundingClientRect().top, handlers.state().triggerScale);
        const nearLine = (clientY: number): boolean => {
          const { triggerScale, triggerLevelV } = handlers.state();
          const y = u.valToPos(triggerLevelV, triggerScale);
          return Math.abs(clientY - over.getBoundingClientRect().top - y) <= GRAB_PX;
        };
        over.addEventListener(
          'mousedown',
          (e) => {
            if (!nearLine(e.clientY)) return;
            // Grabbing the marker: stop uPlot from starting a zoom selection.
            e.stopPropagation();
            e.preventDefault();
            dragLevel = levelAt(e.clientY);
            const move = (m: MouseEvent): void => {
              dragLevel = levelAt(m.clientY);
              u.redraw(false, false);
            };
            const up = (m: MouseEvent): void => {
              window.removeEventListener('mousemove', move);
              window.removeEventListener('mouseup', up);
              const level = levelAt(m.clientY);
              dragLevel = undefined;
              handlers.onTriggerLevel(level);
            };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
          },
          { capture: true },
        );
        over.addEventListener('mousemove', (e) => {
          over.style.cursor = nearLine(e.clientY) ? 'ns-resize' : '';
        });
        over.addEventListener('click', (e) => {
          if (u.select.width > 0) return;
          const t = u.posToVal(e.clientX - over.getBoundingClientRect().left, 'x');
          handlers.onCursor(e.shiftKey ? 'B' : 'A', t);
        });
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
        const level = dragLevel ?? state.triggerLevelV;
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
