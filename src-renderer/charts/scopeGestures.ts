/**
 * What the pointer means on the oscilloscope display, apart from the DOM. A press lands on something
 * (`grabAt`): the trigger marker's handle at the right edge, a cursor line, or the plain plot. A press on
 * the handle that moves drags the trigger level — and only the handle does: a drag anywhere else never
 * changes the trigger. A press on a cursor that moves drags that cursor. A press that does not move is a
 * click: it places time cursor A (B with shift), or with alt the voltage cursor Y1 (Y2 with shift+alt).
 * The two clicks of a double click (which returns a zoomed display to live) leave the cursors as they were.
 *
 * Positions are CSS pixels within the plot. The browser reports a double click as click (detail 1), click
 * (detail 2), dblclick: the first click places the cursor at once, so a single click does not wait out the
 * system's double-click time, and the dblclick puts it back.
 *
 * A press on a handle or a cursor is kept from uPlot (or it would start a zoom), and uPlot then swallows the
 * click that follows, taking it for the end of a drag: so such a press is judged when the button comes up,
 * and a click event after it, should one arrive, is ignored.
 */

/** How far (CSS px) a press may move and still be a click; beyond it, it is a drag. */
export const CLICK_SLOP_PX = 4;
/** The trigger handle: a tab this wide (CSS px) at the plot's right edge, this far above and below the level. */
export const TRIGGER_HANDLE_WIDTH_PX = 16;
export const TRIGGER_HANDLE_HALF_HEIGHT_PX = 8;
/** How close (CSS px) the pointer must be to a cursor line to grab it. */
export const CURSOR_GRAB_PX = 5;

/** Vertical (time) cursors. */
export type CursorName = 'A' | 'B';
/** Horizontal (voltage) cursors, kept as screen positions in divisions. */
export type LevelCursorName = 'Y1' | 'Y2';
export type Grab = 'trigger' | CursorName | LevelCursorName;

/** Where things are on the plot now, CSS px (undefined: not shown). */
export interface GrabTargets {
  widthPx: number;
  triggerYPx: number | undefined;
  cursorXPx: Partial<Record<CursorName, number>>;
  levelYPx: Partial<Record<LevelCursorName, number>>;
}

/** What a press at (xPx, yPx) takes hold of: the trigger handle first, then the nearest cursor line. */
export function grabAt(xPx: number, yPx: number, targets: GrabTargets): Grab | undefined {
  const t = targets.triggerYPx;
  if (
    t !== undefined &&
    xPx >= targets.widthPx - TRIGGER_HANDLE_WIDTH_PX &&
    Math.abs(yPx - t) <= TRIGGER_HANDLE_HALF_HEIGHT_PX
  )
    return 'trigger';
  let best: { grab: Grab; distancePx: number } | undefined;
  const consider = (grab: Grab, distancePx: number): void => {
    if (distancePx <= CURSOR_GRAB_PX && (!best || distancePx < best.distancePx)) best = { grab, distancePx };
  };
  for (const name of ['A', 'B'] as const) {
    const x = targets.cursorXPx[name];
    if (x !== undefined) consider(name, Math.abs(xPx - x));
  }
  for (const name of ['Y1', 'Y2'] as const) {
    const y = targets.levelYPx[name];
    if (y !== undefined) consider(name, Math.abs(yPx - y));
  }
  return best?.grab;
}

export interface ScopeGestureHandlers {
  /** The trigger level at a height in the plot, V. */
  levelAt(yPx: number): number;
  /** The time at a position across the plot, s. */
  timeAt(xPx: number): number;
  /** The screen position at a height in the plot, divisions above the centre. */
  divisionsAt(yPx: number): number;
  /** Where a time cursor is now, s (undefined: not placed). */
  cursor(which: CursorName): number | undefined;
  /** Where a voltage cursor is now, divisions (undefined: not placed). */
  levelCursor(which: LevelCursorName): number | undefined;
  /** The user dropped the trigger handle at a new level, V. */
  onTriggerLevel(levelV: number): void;
  /** Places (or with undefined, removes) a time cursor, s. */
  onCursor(which: CursorName, timeS: number | undefined): void;
  /** Places (or with undefined, removes) a voltage cursor, divisions. */
  onLevelCursor(which: LevelCursorName, divisions: number | undefined): void;
}

interface Press {
  xPx: number;
  yPx: number;
  grab: Grab | undefined;
  moved: boolean;
  judged: boolean;
}

type LastClick =
  | { kind: 'time'; which: CursorName; before: number | undefined }
  | { kind: 'level'; which: LevelCursorName; before: number | undefined };

export class ScopeGestures {
  readonly #handlers: ScopeGestureHandlers;
  #press: Press | undefined;
  /** What is being dragged and where it would land now (V, s or divisions); undefined otherwise. */
  #preview: { grab: Grab; value: number } | undefined;
  /** The cursor the last single click moved, and where it was before, for a double click to undo. */
  #lastClick: LastClick | undefined;

  constructor(handlers: ScopeGestureHandlers) {
    this.#handlers = handlers;
  }

  /** A button went down on `grab` (undefined: the plain plot). */
  press(xPx: number, yPx: number, grab: Grab | undefined): void {
    this.#press = { xPx, yPx, grab, moved: false, judged: false };
    this.#preview = undefined;
  }

  /** True while a press on a handle or cursor is held: the caller keeps the chart from starting a zoom. */
  holdsGrab(): boolean {
    return this.#press?.grab !== undefined;
  }

  /** The pointer moved with the button down. Returns true when a preview changed (repaint). */
  move(xPx: number, yPx: number): boolean {
    const press = this.#press;
    if (!press) return false;
    if (Math.hypot(xPx - press.xPx, yPx - press.yPx) > CLICK_SLOP_PX) press.moved = true;
    if (press.grab === undefined || !press.moved) return false;
    this.#preview = { grab: press.grab, value: this.#valueAt(press.grab, xPx, yPx) };
    return true;
  }

  /**
   * The button came up (anywhere on the page); `detail` as for a click. A press on a handle or cursor is a
   * drag of it if it moved, else a click.
   */
  release(xPx: number, yPx: number, shift: boolean, alt: boolean, detail: number): void {
    this.move(xPx, yPx);
    const press = this.#press;
    this.#preview = undefined;
    if (press?.grab === undefined) return;
    const grab = press.grab;
    press.grab = undefined;
    if (press.moved) this.#commit(grab, this.#valueAt(grab, xPx, yPx));
    else this.#click(press.xPx, press.yPx, shift, alt, detail);
    press.judged = true;
  }

  /** The level to draw the trigger marker at while its handle is dragged. */
  previewLevel(): number | undefined {
    return this.#preview?.grab === 'trigger' ? this.#preview.value : undefined;
  }

  /** Where to draw a cursor while it is dragged (s or divisions); undefined when it is not. */
  previewCursor(which: CursorName | LevelCursorName): number | undefined {
    return this.#preview?.grab === which ? this.#preview.value : undefined;
  }

  /** A click; `detail` counts the clicks in a row (2 for the second of a double click). */
  click(xPx: number, yPx: number, shift: boolean, alt: boolean, detail: number): void {
    if (this.#press?.judged) return;
    this.#click(xPx, yPx, shift, alt, detail);
  }

  /** A double click (it returns the display to live): the cursor its first click moved goes back. */
  doubleClick(): void {
    const last = this.#lastClick;
    this.#lastClick = undefined;
    if (last?.kind === 'time') this.#handlers.onCursor(last.which, last.before);
    else if (last?.kind === 'level') this.#handlers.onLevelCursor(last.which, last.before);
  }

  #valueAt(grab: Grab, xPx: number, yPx: number): number {
    if (grab === 'trigger') return this.#handlers.levelAt(yPx);
    if (grab === 'A' || grab === 'B') return this.#handlers.timeAt(xPx);
    return this.#handlers.divisionsAt(yPx);
  }

  #commit(grab: Grab, value: number): void {
    if (grab === 'trigger') this.#handlers.onTriggerLevel(value);
    else if (grab === 'A' || grab === 'B') this.#handlers.onCursor(grab, value);
    else this.#handlers.onLevelCursor(grab, value);
  }

  #click(xPx: number, yPx: number, shift: boolean, alt: boolean, detail: number): void {
    // The second click of a double click: the dblclick that follows undoes the first.
    if (detail > 1) return;
    this.#lastClick = undefined;
    // A drag (a zoom, a cursor, the trigger handle) ends in a click too: it places nothing.
    if (this.#press?.moved) return;
    if (alt) {
      const which: LevelCursorName = shift ? 'Y2' : 'Y1';
      this.#lastClick = { kind: 'level', which, before: this.#handlers.levelCursor(which) };
      this.#handlers.onLevelCursor(which, this.#handlers.divisionsAt(yPx));
      return;
    }
    const which: CursorName = shift ? 'B' : 'A';
    this.#lastClick = { kind: 'time', which, before: this.#handlers.cursor(which) };
    this.#handlers.onCursor(which, this.#handlers.timeAt(xPx));
  }
}
