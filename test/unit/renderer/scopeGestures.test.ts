import { describe, expect, it } from 'vitest';
import { CLICK_SLOP_PX, ScopeGestures, type CursorName } from '../../../src-renderer/charts/scopeGestures';

/** A display 1000 px wide for 0…1 ms, the trigger line's scale ±4 V over 400 px (0 V at y = 200). */
function display(): {
  gestures: ScopeGestures;
  cursors: Record<CursorName, number | undefined>;
  levels: number[];
} {
  const cursors: Record<CursorName, number | undefined> = { A: undefined, B: undefined };
  const levels: number[] = [];
  const gestures = new ScopeGestures({
    levelAt: (yPx) => (200 - yPx) / 50,
    timeAt: (xPx) => xPx / 1e6,
    cursor: (which) => cursors[which],
    onTriggerLevel: (level) => levels.push(level),
    onCursor: (which, t) => (cursors[which] = t),
  });
  return { gestures, cursors, levels };
}

/**
 * A click as the browser reports it: down, up, click — except that uPlot swallows the click event after a
 * press kept from it (one on the trigger line), taking it for the end of a drag.
 */
function click(g: ScopeGestures, xPx: number, yPx: number, onLine: boolean, detail = 1, shift = false): void {
  g.press(xPx, yPx, onLine);
  g.release(xPx, yPx, shift, detail);
  if (!onLine) g.click(xPx, shift, detail);
}

describe('the scope display’s pointer gestures', () => {
  it('places cursor A with a click next to the trigger line, and leaves the level alone', () => {
    // Before, a press within 6 px of the line grabbed it: the click moved the trigger, A was not placed.
    const { gestures, cursors, levels } = display();
    click(gestures, 300, 203, true);
    expect(cursors.A).toBeCloseTo(300e-6, 12);
    expect(levels).toEqual([]);
    click(gestures, 600, 198, true, 1, true);
    expect(cursors.B).toBeCloseTo(600e-6, 12);
  });

  it('takes a click on the trigger line once, whether or not the click event also arrives', () => {
    const { gestures, cursors } = display();
    gestures.press(300, 201, true);
    gestures.release(300, 201, false, 1);
    expect(cursors.A).toBeCloseTo(300e-6, 12);
    cursors.A = 0.5; // moved by other means in between
    gestures.click(300, false, 1);
    expect(cursors.A).toBe(0.5);
  });

  it('leaves the cursor where it was after a double click on the trigger line', () => {
    const { gestures, cursors } = display();
    click(gestures, 250, 50, false);
    click(gestures, 700, 200, true, 1);
    click(gestures, 700, 200, true, 2);
    gestures.doubleClick();
    expect(cursors.A).toBeCloseTo(250e-6, 12);
  });

  it('sets the trigger level when the line is dragged, with a preview on the way, and places no cursor', () => {
    const { gestures, cursors, levels } = display();
    gestures.press(300, 200, true);
    expect(gestures.holdsTriggerLine()).toBe(true);
    expect(gestures.move(300, 200 + CLICK_SLOP_PX)).toBe(false); // within the slop: still a click
    expect(gestures.previewLevel()).toBeUndefined();
    expect(gestures.move(300, 150)).toBe(true);
    expect(gestures.previewLevel()).toBe(1);
    gestures.release(300, 100, false, 1);
    expect(levels).toEqual([2]);
    expect(gestures.previewLevel()).toBeUndefined();
    expect(gestures.holdsTriggerLine()).toBe(false);
    gestures.click(300, false, 1); // the click that ends the drag
    expect(cursors.A).toBeUndefined();
  });

  it('places no cursor at the end of a drag elsewhere (a zoom)', () => {
    const { gestures, cursors } = display();
    gestures.press(100, 50, false);
    expect(gestures.holdsTriggerLine()).toBe(false);
    gestures.move(400, 50);
    gestures.release(400, 50, false, 1);
    gestures.click(400, false, 1);
    expect(cursors.A).toBeUndefined();
  });

  it('leaves cursor A where it was after the double click that returns to live', () => {
    // Before, both clicks of the double click moved A to where it happened.
    const { gestures, cursors } = display();
    click(gestures, 250, 50, false);
    expect(cursors.A).toBeCloseTo(250e-6, 12);
    click(gestures, 800, 50, false, 1);
    click(gestures, 800, 50, false, 2);
    gestures.doubleClick();
    expect(cursors.A).toBeCloseTo(250e-6, 12);

    // With no cursor before it, a double click leaves none.
    const fresh = display();
    click(fresh.gestures, 800, 50, false, 1);
    click(fresh.gestures, 800, 50, false, 2);
    fresh.gestures.doubleClick();
    expect(fresh.cursors.A).toBeUndefined();
  });

  it('does not undo an older click when the double click began with a drag', () => {
    const { gestures, cursors } = display();
    click(gestures, 250, 50, false);
    gestures.press(800, 50, false);
    gestures.release(810, 50, false, 1); // a twitch past the slop: the first click is a drag
    gestures.click(810, false, 1);
    click(gestures, 810, 50, false, 2);
    gestures.doubleClick();
    expect(cursors.A).toBeCloseTo(250e-6, 12);
  });
});
