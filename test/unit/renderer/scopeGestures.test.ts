import { describe, expect, it } from 'vitest';
import {
  CLICK_SLOP_PX,
  grabAt,
  ScopeGestures,
  type CursorName,
  type Grab,
  type GrabTargets,
  type LevelCursorName,
} from '../../../src-renderer/charts/scopeGestures';

/**
 * A display 1000 px wide for 0…1 ms, 400 px high: the trigger source's scale ±4 V (0 V at y = 200), the
 * division grid ±4 div (50 px a division).
 */
function display(): {
  gestures: ScopeGestures;
  cursors: Record<CursorName | LevelCursorName, number | undefined>;
  levels: number[];
} {
  const cursors: Record<CursorName | LevelCursorName, number | undefined> = {
    A: undefined,
    B: undefined,
    Y1: undefined,
    Y2: undefined,
  };
  const levels: number[] = [];
  const gestures = new ScopeGestures({
    levelAt: (yPx) => (200 - yPx) / 50,
    timeAt: (xPx) => xPx / 1e6,
    divisionsAt: (yPx) => (200 - yPx) / 50,
    cursor: (which) => cursors[which],
    levelCursor: (which) => cursors[which],
    onTriggerLevel: (level) => levels.push(level),
    onCursor: (which, t) => (cursors[which] = t),
    onLevelCursor: (which, d) => (cursors[which] = d),
  });
  return { gestures, cursors, levels };
}

/**
 * A click as the browser reports it: down, up, click — except that uPlot swallows the click event after a
 * press kept from it (one on a handle or cursor), taking it for the end of a drag.
 */
function click(
  g: ScopeGestures,
  xPx: number,
  yPx: number,
  grab: Grab | undefined,
  detail = 1,
  shift = false,
  alt = false,
): void {
  g.press(xPx, yPx, grab);
  g.release(xPx, yPx, shift, alt, detail);
  if (!grab) g.click(xPx, yPx, shift, alt, detail);
}

describe('the scope display’s pointer gestures', () => {
  it('places cursor A with a click next to the trigger line, and leaves the level alone', () => {
    // Before, a press within 6 px of the line grabbed it: the click moved the trigger, A was not placed.
    const { gestures, cursors, levels } = display();
    click(gestures, 300, 203, 'trigger');
    expect(cursors.A).toBeCloseTo(300e-6, 12);
    expect(levels).toEqual([]);
    click(gestures, 600, 198, 'trigger', 1, true);
    expect(cursors.B).toBeCloseTo(600e-6, 12);
  });

  it('takes a click on the trigger line once, whether or not the click event also arrives', () => {
    const { gestures, cursors } = display();
    gestures.press(300, 201, 'trigger');
    gestures.release(300, 201, false, false, 1);
    expect(cursors.A).toBeCloseTo(300e-6, 12);
    cursors.A = 0.5; // moved by other means in between
    gestures.click(300, 201, false, false, 1);
    expect(cursors.A).toBe(0.5);
  });

  it('leaves the cursor where it was after a double click on the trigger line', () => {
    const { gestures, cursors } = display();
    click(gestures, 250, 50, undefined);
    click(gestures, 700, 200, 'trigger', 1);
    click(gestures, 700, 200, 'trigger', 2);
    gestures.doubleClick();
    expect(cursors.A).toBeCloseTo(250e-6, 12);
  });

  it('sets the trigger level when its handle is dragged, with a preview on the way, and places no cursor', () => {
    const { gestures, cursors, levels } = display();
    gestures.press(990, 200, 'trigger');
    expect(gestures.holdsGrab()).toBe(true);
    expect(gestures.move(990, 200 + CLICK_SLOP_PX)).toBe(false); // within the slop: still a click
    expect(gestures.previewLevel()).toBeUndefined();
    expect(gestures.move(990, 150)).toBe(true);
    expect(gestures.previewLevel()).toBe(1);
    gestures.release(990, 100, false, false, 1);
    expect(levels).toEqual([2]);
    expect(gestures.previewLevel()).toBeUndefined();
    expect(gestures.holdsGrab()).toBe(false);
    gestures.click(990, 100, false, false, 1); // the click that ends the drag
    expect(cursors.A).toBeUndefined();
  });

  it('places no cursor at the end of a drag elsewhere (a zoom)', () => {
    const { gestures, cursors } = display();
    gestures.press(100, 50, undefined);
    expect(gestures.holdsGrab()).toBe(false);
    gestures.move(400, 50);
    gestures.release(400, 50, false, false, 1);
    gestures.click(400, 50, false, false, 1);
    expect(cursors.A).toBeUndefined();
  });

  it('leaves cursor A where it was after the double click that returns to live', () => {
    // Before, both clicks of the double click moved A to where it happened.
    const { gestures, cursors } = display();
    click(gestures, 250, 50, undefined);
    expect(cursors.A).toBeCloseTo(250e-6, 12);
    click(gestures, 800, 50, undefined, 1);
    click(gestures, 800, 50, undefined, 2);
    gestures.doubleClick();
    expect(cursors.A).toBeCloseTo(250e-6, 12);

    // With no cursor before it, a double click leaves none.
    const fresh = display();
    click(fresh.gestures, 800, 50, undefined, 1);
    click(fresh.gestures, 800, 50, undefined, 2);
    fresh.gestures.doubleClick();
    expect(fresh.cursors.A).toBeUndefined();
  });

  it('does not undo an older click when the double click began with a drag', () => {
    const { gestures, cursors } = display();
    click(gestures, 250, 50, undefined);
    gestures.press(800, 50, undefined);
    gestures.release(810, 50, false, false, 1); // a twitch past the slop: the first click is a drag
    gestures.click(810, 50, false, false, 1);
    click(gestures, 810, 50, undefined, 2);
    gestures.doubleClick();
    expect(cursors.A).toBeCloseTo(250e-6, 12);
  });

  it('drags a time cursor without touching the trigger, with a preview on the way', () => {
    const { gestures, cursors, levels } = display();
    cursors.A = 300e-6;
    gestures.press(300, 200, 'A');
    expect(gestures.holdsGrab()).toBe(true);
    expect(gestures.move(500, 200)).toBe(true);
    expect(gestures.previewCursor('A')).toBeCloseTo(500e-6, 12);
    gestures.release(600, 210, false, false, 1);
    expect(cursors.A).toBeCloseTo(600e-6, 12);
    expect(levels).toEqual([]);
  });

  it('places voltage cursors with alt+click (Y2 with shift) and drags them in divisions', () => {
    const { gestures, cursors, levels } = display();
    click(gestures, 400, 100, undefined, 1, false, true);
    expect(cursors.Y1).toBe(2);
    click(gestures, 400, 300, undefined, 1, true, true);
    expect(cursors.Y2).toBe(-2);
    gestures.press(400, 100, 'Y1');
    gestures.move(400, 50);
    gestures.release(400, 25, false, false, 1);
    expect(cursors.Y1).toBe(3.5);
    expect(cursors.A).toBeUndefined();
    expect(levels).toEqual([]);
  });

  it('a drag along the trigger line away from its handle changes no trigger (it is a zoom)', () => {
    const { gestures, levels } = display();
    const grab = grabAt(500, 200, targets);
    expect(grab).toBeUndefined();
    gestures.press(500, 200, grab);
    gestures.move(500, 100);
    gestures.release(500, 100, false, false, 1);
    expect(levels).toEqual([]);
  });
});

/** The handle at the right edge at y = 200, cursor A at x = 300, Y1 at y = 100. */
const targets: GrabTargets = {
  widthPx: 1000,
  triggerYPx: 200,
  cursorXPx: { A: 300 },
  levelYPx: { Y1: 100 },
};

describe('what a press takes hold of', () => {
  it('the trigger only by its handle at the right edge', () => {
    expect(grabAt(995, 203, targets)).toBe('trigger');
    expect(grabAt(990, 192, targets)).toBe('trigger');
    expect(grabAt(500, 200, targets)).toBeUndefined();
    expect(grabAt(995, 220, targets)).toBeUndefined();
  });

  it('a cursor within a few pixels of its line, the nearest first', () => {
    expect(grabAt(303, 350, targets)).toBe('A');
    expect(grabAt(600, 97, targets)).toBe('Y1');
    expect(grabAt(302, 101, targets)).toBe('Y1');
    expect(grabAt(320, 350, targets)).toBeUndefined();
  });

  it('the handle before a cursor that lies under it', () => {
    expect(grabAt(995, 200, { ...targets, cursorXPx: { B: 995 } })).toBe('trigger');
  });
});
