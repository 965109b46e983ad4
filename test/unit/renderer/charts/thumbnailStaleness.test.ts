/**
 * A thumbnail whose data stops arriving is shown stale on the page's clock (an injected one here), and
 * live again at the first new data; one that never had data, or was not watched, is never called stale.
 */
import { describe, expect, it } from 'vitest';
import {
  showStaleness,
  staleCaption,
  staleSuffix,
  THUMBNAIL_STALE_AFTER_MS,
  ThumbnailStaleness,
} from '../../../../src-renderer/charts/thumbnailStaleness';

const FRAME_MS = 16;

/** Runs frames every FRAME_MS from `fromMs` up to (not including) `toMs`; returns the times it flipped. */
function frames(
  staleness: ThumbnailStaleness,
  fromMs: number,
  toMs: number,
  version: number,
  hasData = true,
  watched = true,
): number[] {
  const flips: number[] = [];
  for (let t = fromMs; t < toMs; t += FRAME_MS)
    if (staleness.observe(t, version, hasData, watched)) flips.push(t);
  return flips;
}

describe('ThumbnailStaleness', () => {
  it('flips to stale once when data has not moved for the threshold, and back at the first new data', () => {
    const staleness = new ThumbnailStaleness(10_000);
    // Data at about 10 Hz (every 6th frame) for 2 s: live throughout.
    let version = 0;
    let lastMoveMs = 0;
    for (let t = 0; t < 2_000; t += FRAME_MS) {
      if (t % (6 * FRAME_MS) === 0) {
        version++;
        lastMoveMs = t;
      }
      expect(staleness.observe(t, version, true, true)).toBe(false);
    }
    expect(staleness.isStale()).toBe(false);
    // Then the scope stops sending: stale once, within a frame of 10 s after the last new data, and it stays so.
    const flips = frames(staleness, 2_000 - (2_000 % FRAME_MS), 30_000, version);
    expect(flips).toHaveLength(1);
    expect(flips[0]! - lastMoveMs).toBeGreaterThanOrEqual(10_000);
    expect(flips[0]! - lastMoveMs).toBeLessThan(10_000 + FRAME_MS);
    expect(staleness.isStale()).toBe(true);
    // New data: live again in that very frame.
    expect(staleness.observe(30_000, version + 1, true, true)).toBe(true);
    expect(staleness.isStale()).toBe(false);
  });

  it('judges by when data arrived on the page, not by the instrument’s timestamps', () => {
    // The source's version moves with every trace whatever its record time (an instrument clock an hour
    // behind is still live), and nothing here reads that time: a moving version is fresh data.
    const staleness = new ThumbnailStaleness(10_000);
    const flips: number[] = [];
    for (let t = 0, v = 0; t < 60_000; t += 100) if (staleness.observe(t, ++v, true, true)) flips.push(t);
    expect(flips).toEqual([]);
  });

  it('never calls a thumbnail stale that has never had data', () => {
    const staleness = new ThumbnailStaleness(10_000);
    expect(frames(staleness, 0, 60_000, 0, false)).toEqual([]);
    // Its first data starts the deadline.
    expect(frames(staleness, 60_000, 69_000, 1)).toEqual([]);
    expect(frames(staleness, 69_000, 71_000, 1)).toHaveLength(1);
  });

  it('does not count time unwatched: scrolled back into view, its data gets the threshold to come', () => {
    // A fleet card asks for waveforms only while on screen: none come while it is scrolled away.
    const staleness = new ThumbnailStaleness(10_000);
    staleness.observe(0, 1, true, true);
    expect(frames(staleness, 0, 60_000, 1, true, false)).toEqual([]);
    // Back on screen at 60 s: not stale at once, only 10 s later if nothing came.
    expect(frames(staleness, 60_000, 69_990, 1)).toEqual([]);
    expect(frames(staleness, 69_990, 70_100, 1)).toHaveLength(1);
  });

  it('starts the deadline again after the page was hidden (no frames run then)', () => {
    const staleness = new ThumbnailStaleness(10_000);
    frames(staleness, 0, 5_000, 1);
    staleness.unwatch();
    // The page comes back 5 min later: the first frame must not call it stale.
    expect(staleness.observe(300_000, 1, true, true)).toBe(false);
    expect(frames(staleness, 300_000, 309_990, 1)).toEqual([]);
    expect(frames(staleness, 309_990, 310_100, 1)).toHaveLength(1);
  });

  it('uses a threshold of several seconds by default, far above 10 Hz traces', () => {
    expect(THUMBNAIL_STALE_AFTER_MS).toBeGreaterThanOrEqual(5_000);
    const staleness = new ThumbnailStaleness();
    staleness.observe(0, 1, true, true);
    expect(frames(staleness, 0, THUMBNAIL_STALE_AFTER_MS - FRAME_MS, 1)).toEqual([]);
    expect(staleness.observe(THUMBNAIL_STALE_AFTER_MS, 1, true, true)).toBe(true);
  });
});

describe('showStaleness', () => {
  /** An element recording its class and attributes. */
  function fakeElement(): {
    classes: Set<string>;
    attributes: Map<string, string>;
    classList: { toggle(name: string, force?: boolean): boolean };
    setAttribute(name: string, value: string): void;
  } {
    const classes = new Set<string>();
    const attributes = new Map<string, string>();
    return {
      classes,
      attributes,
      classList: {
        toggle: (name, force) => {
          const on = force ?? !classes.has(name);
          if (on) classes.add(name);
          else classes.delete(name);
          return on;
        },
      },
      setAttribute: (name, value) => void attributes.set(name, value),
    };
  }

  it('dims a stale thumbnail and says so in its label, title and caption, and takes all back when live', () => {
    const element = fakeElement();
    const caption = { hidden: true };
    showStaleness(element, 'scope_1 traces of bench-3', true, caption, 12_000);
    expect(element.classes.has('stale')).toBe(true);
    expect(caption.hidden).toBe(false);
    expect(element.attributes.get('aria-label')).toBe(
      'scope_1 traces of bench-3 — no new traces for 12 s or more',
    );
    expect(element.attributes.get('title')).toBe(element.attributes.get('aria-label'));
    showStaleness(element, 'scope_1 traces of bench-3', false, caption, 12_000);
    expect(element.classes.has('stale')).toBe(false);
    expect(caption.hidden).toBe(true);
    expect(element.attributes.get('aria-label')).toBe('scope_1 traces of bench-3');
    expect(element.attributes.get('title')).toBe('scope_1 traces of bench-3');
  });

  it('names the threshold in whole seconds', () => {
    expect(staleSuffix(15_000)).toBe(' — no new traces for 15 s or more');
    expect(staleCaption(15_000)).toBe('no new traces for 15 s');
  });
});
