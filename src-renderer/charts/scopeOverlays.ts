/**
 * Oscilloscope overlays as a uPlot plugin: the trigger level (a dashed line on the trigger source's scale
 * with a handle at the right edge — the only place it is dragged from), each shown channel's ground marker
 * at the left edge (where its 0 V is, in its colour), A/B time cursors and Y1/Y2 voltage cursors.
 * What a press, a click or a double click means is decided in scopeGestures.ts; this file wires the DOM.
 */
import type uPlot from 'uplot';
import {
  grabAt,
  ScopeGestures,
  TRIGGER_HANDLE_HALF_HEIGHT_PX,
  TRIGGER_HANDLE_WIDTH_PX,
  type CursorName,
  type Grab,
  type LevelCursorName,
} from './scopeGestures';

/** The scale the division grid and the voltage cursors are on: −4 … +4 divisions. */
export const DIVISION_SCALE = 'div';

export interface ChannelMarker {
  /** Scale key of the channel, e.g. "CH2". */
  scale: string;
  color: string;
  /** Drawn on the marker: the channel number. */
  label: string;
}

export interface ScopeOverlayState {
  /** Scale key of the trigger source channel, e.g. "CH1". */
  triggerScale: string;
  triggerLevelV: number;
  triggerColor: string;
  cursorA: number | undefined;
  cursorB: number | undefined;
  /** Voltage cursors, divisions above the screen centre. */
  levelY1: number | undefined;
  levelY2: number | undefined;
  /** Colour of the cursors and their labels: the theme's, never a fixed one (white vanished in light). */
  cursorColor: string;
  /** The shown channels' ground markers. */
  channelMarkers: readonly ChannelMarker[];
}

export interface ScopeOverlayHandlers {
  state(): ScopeOverlayState;
  /** The user dropped the trigger handle at a new level, V. */
  onTriggerLevel(levelV: number): void;
  /** Places a time cursor, s, or (undefined) removes it. */
  onCursor(which: CursorName, timeS: number | undefined): void;
  /** Places a voltage cursor, divisions, or (undefined) removes it. */
  onLevelCursor(which: LevelCursorName, divisions: number | undefined): void;
}

const GRAB_CURSORS: Record<Grab, string> = {
  trigger: 'ns-resize',
  A: 'ew-resize',
  B: 'ew-resize',
  Y1: 'ns-resize',
  Y2: 'ns-resize',
};

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
          divisionsAt: (yPx) => u.posToVal(yPx, DIVISION_SCALE),
          cursor: (which) => (which === 'A' ? handlers.state().cursorA : handlers.state().cursorB),
          levelCursor: (which) => (which === 'Y1' ? handlers.state().levelY1 : handlers.state().levelY2),
          onTriggerLevel: (level) => handlers.onTriggerLevel(level),
          onCursor: (which, t) => handlers.onCursor(which, t),
          onLevelCursor: (which, d) => handlers.onLevelCursor(which, d),
        });
        gestures = g;
        const grabbed = (xPx: number, yPx: number): Grab | undefined => {
          const s = handlers.state();
          const x = (t: number | undefined): number | undefined =>
            t === undefined ? undefined : u.valToPos(t, 'x');
          const y = (d: number | undefined): number | undefined =>
            d === undefined ? undefined : u.valToPos(d, DIVISION_SCALE);
          return grabAt(xPx, yPx, {
            widthPx: over.clientWidth,
            triggerYPx: u.valToPos(s.triggerLevelV, s.triggerScale),
            cursorXPx: { A: x(s.cursorA), B: x(s.cursorB) },
            levelYPx: { Y1: y(s.levelY1), Y2: y(s.levelY2) },
          });
        };
        over.addEventListener(
          'mousedown',
          (e) => {
            if (e.button !== 0) return;
            const { xPx, yPx } = at(e);
            g.press(xPx, yPx, grabbed(xPx, yPx));
            if (g.holdsGrab()) {
              // Grabbing the handle or a cursor: keep uPlot (listening on this element too) from zooming.
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
              g.release(p.xPx, p.yPx, m.shiftKey, m.altKey, m.detail);
              u.redraw(false, false);
            };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
          },
          { capture: true },
        );
        over.addEventListener('mousemove', (e) => {
          const { xPx, yPx } = at(e);
          const grab = grabbed(xPx, yPx);
          over.style.cursor = grab ? GRAB_CURSORS[grab] : '';
        });
        over.addEventListener('click', (e) => {
          const { xPx, yPx } = at(e);
          g.click(xPx, yPx, e.shiftKey, e.altKey, e.detail);
        });
        over.addEventListener('dblclick', () => g.doubleClick());
      },
      draw: (u) => drawOverlays(u, handlers.state(), gestures),
    },
  };
}

function drawOverlays(u: uPlot, state: ScopeOverlayState, gestures: ScopeGestures | undefined): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const ratio = devicePixelRatio;
  const clampY = (y: number): number => Math.min(top + height, Math.max(top, y));
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.font = `${11 * ratio}px sans-serif`;

  // Ground markers: a tab at the left edge where each channel's 0 V is (held at the edge when off screen).
  for (const marker of state.channelMarkers) {
    const y = clampY(Math.round(u.valToPos(0, marker.scale, true)));
    ctx.fillStyle = marker.color;
    ctx.beginPath();
    ctx.moveTo(left, y - 7 * ratio);
    ctx.lineTo(left + 12 * ratio, y - 7 * ratio);
    ctx.lineTo(left + 18 * ratio, y);
    ctx.lineTo(left + 12 * ratio, y + 7 * ratio);
    ctx.lineTo(left, y + 7 * ratio);
    ctx.fill();
    ctx.fillStyle = '#000000';
    ctx.fillText(marker.label, left + 3 * ratio, y + 4 * ratio);
  }

  // Trigger level: a dashed line across, and the handle (the only place it is dragged from) at the right.
  const level = gestures?.previewLevel() ?? state.triggerLevelV;
  const y = clampY(Math.round(u.valToPos(level, state.triggerScale, true)));
  ctx.strokeStyle = state.triggerColor;
  ctx.setLineDash([6 * ratio, 4 * ratio]);
  ctx.lineWidth = ratio;
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(left + width, y);
  ctx.stroke();
  ctx.setLineDash([]);
  const handleLeft = left + width - TRIGGER_HANDLE_WIDTH_PX * ratio;
  const half = TRIGGER_HANDLE_HALF_HEIGHT_PX * ratio;
  ctx.fillStyle = state.triggerColor;
  ctx.beginPath();
  ctx.moveTo(left + width, y - half);
  ctx.lineTo(handleLeft + 6 * ratio, y - half);
  ctx.lineTo(handleLeft, y);
  ctx.lineTo(handleLeft + 6 * ratio, y + half);
  ctx.lineTo(left + width, y + half);
  ctx.fill();
  ctx.fillStyle = '#000000';
  ctx.fillText('T', handleLeft + 6 * ratio, y + 4 * ratio);

  ctx.strokeStyle = state.cursorColor;
  ctx.fillStyle = state.cursorColor;
  ctx.setLineDash([2 * ratio, 3 * ratio]);
  for (const [label, time] of [
    ['A', gestures?.previewCursor('A') ?? state.cursorA],
    ['B', gestures?.previewCursor('B') ?? state.cursorB],
  ] as const) {
    if (time === undefined) continue;
    const x = Math.round(u.valToPos(time, 'x', true));
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillText(label, x + 4 * ratio, top + 14 * ratio);
  }
  for (const [label, divisions] of [
    ['Y1', gestures?.previewCursor('Y1') ?? state.levelY1],
    ['Y2', gestures?.previewCursor('Y2') ?? state.levelY2],
  ] as const) {
    if (divisions === undefined) continue;
    const yc = Math.round(u.valToPos(divisions, DIVISION_SCALE, true));
    ctx.beginPath();
    ctx.moveTo(left, yc);
    ctx.lineTo(left + width, yc);
    ctx.stroke();
    ctx.fillText(label, left + 24 * ratio, yc - 4 * ratio);
  }
  ctx.restore();
}
