/**
 * What the pointer means on the oscilloscope display, apart from the DOM: a press on the trigger line that
 * moves is a drag of the level; a press anywhere that does not move is a click, which places cursor A (B
 * with shift) — also next to the trigger line; and the two clicks of a double click (which returns a zoomed
 * display to live) leave the cursors where they were.
 *
 * Positions are CSS pixels within the plot. The browser reports a double click as click (detail 1), click
 * (detail 2), dblclick: the first click places the cursor at once, so a single click does not wait out the
 * system's double-click time, and the dblclick puts it back.
 *
 * A press on the line is kept from uPlot (or it would start a zoom), and uPlot then swallows the click
 * that follows, taking it for the end of a drag: so such a press is judged when the button comes up, and
 * a click event after it, should one arrive, is ignored.
 */

/** How far (CSS px) a press may move and still be a click; beyond it, it is a drag. */
export const CLICK_SLOP_PX = 4;

export type CursorName = 'A' | 'B';

export interface ScopeGestureHandlers {
  /** The trigger level at a height in the plot, V. */
  levelAt(yPx: number): number;
  /** The time at a position across the plot, s. */
  timeAt(xPx: number): number;
  /** Where a cursor is now (undefined: not placed). */
  cursor(which: CursorName): number | undefined;
  /** The user dropped the trigger line at a new level, V. */
  onTriggerLevel(levelV: number): void;
  /** Places (or with undefined, removes) a cursor, s. */
  onCursor(which: CursorName, timeS: number | undefined): void;
}

export class ScopeGestures {
  readonly #handlers: ScopeGestureHandlers;
  #press: { xPx: number; yPx: number; onLine: boolean; moved: boolean; judged: boolean } | undefined;
  /** The level shown while the line is dragged, V; undefined otherwise. */
  #previewLevelV: number | undefined;
  /** The cursor the last single click moved, and where it was before, for a double click to undo. */
  #lastClick: { which: CursorName; before: number | undefined } | undefined;

  constructor(handlers: ScopeGestureHandlers) {
    this.#handlers = handlers;
  }

  /** A button went down; `onLine`: within grabbing distance of the trigger line. */
  press(xPx: number, yPx: number, onLine: boolean): void {
    this.#press = { xPx, yPx, onLine, moved: false, judged: false };
    this.#previewLevelV = undefined;
  }

  /** True while a press on the trigger line is held: the caller keeps the chart from starting a zoom. */
  holdsTriggerLine(): boolean {
    return this.#press?.onLine === true;
  }

  /** The pointer moved with the button down. Returns true when the preview level changed (repaint). */
  move(xPx: number, yPx: number): boolean {
    const press = this.#press;
    if (!press) return false;
    if (Math.hypot(xPx - press.xPx, yPx - press.yPx) > CLICK_SLOP_PX) press.moved = true;
    if (!press.onLine || !press.moved) return false;
    this.#previewLevelV = this.#handlers.levelAt(yPx);
    return true;
  }

  /**
   * The button came up (anywhere on the page); `detail` as for a click. A press on the trigger line is a
   * drag of the level if it moved, else a click.
   */
  release(xPx: number, yPx: number, shift: boolean, detail: number): void {
    this.move(xPx, yPx);
    const press = this.#press;
    this.#previewLevelV = undefined;
    if (!press?.onLine) return;
    press.onLine = false;
    if (press.moved) this.#handlers.onTriggerLevel(this.#handlers.levelAt(yPx));
    else this.#click(press.xPx, shift, detail);
    press.judged = true;
  }

  /** The level to draw the trigger line at while it is dragged. */
  previewLevel(): number | undefined {
    return this.#previewLevelV;
  }

  /** A click; `detail` counts the clicks in a row (2 for the second of a double click). */
  click(xPx: number, shift: boolean, detail: number): void {
    if (this.#press?.judged) return;
    this.#click(xPx, shift, detail);
  }

  #click(xPx: number, shift: boolean, detail: number): void {
    // The second click of a double click: the dblclick that follows undoes the first.
    if (detail > 1) return;
    this.#lastClick = undefined;
    // A drag (a zoom, or the trigger line) ends in a click too: it places nothing.
    if (this.#press?.moved) return;
    const which: CursorName = shift ? 'B' : 'A';
    this.#lastClick = { which, before: this.#handlers.cursor(which) };
    this.#handlers.onCursor(which, this.#handlers.timeAt(xPx));
  }

  /** A double click (it returns the display to live): the cursor its first click moved goes back. */
  doubleClick(): void {
    const last = this.#lastClick;
    this.#lastClick = undefined;
    if (last) this.#handlers.onCursor(last.which, last.before);
  }
}
