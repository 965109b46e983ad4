/** When a fleet card's thumbnail holds a waveform watch: on screen, page visible, not disposed. */
import { describe, expect, it } from 'vitest';
import { WaveformWatch } from '../../../../src-renderer/overview/waveformWatch';

function counted(): { watch: () => () => void; live: () => number; asked: () => number } {
  let live = 0;
  let asked = 0;
  return {
    watch: () => {
      live++;
      asked++;
      return () => live--;
    },
    live: () => live,
    asked: () => asked,
  };
}

describe('WaveformWatch', () => {
  it('watches while on screen in a visible page, once, and releases when scrolled away', () => {
    const c = counted();
    const w = new WaveformWatch(c.watch, true);
    expect(c.live()).toBe(0);
    w.onScreen(true);
    w.onScreen(true);
    expect([c.live(), c.asked()]).toEqual([1, 1]);
    w.onScreen(false);
    expect(c.live()).toBe(0);
  });

  it('releases while the page is hidden (minimised, background tab) and watches again when shown', () => {
    const c = counted();
    const w = new WaveformWatch(c.watch, true);
    w.onScreen(true);
    w.pageVisible(false);
    expect(c.live()).toBe(0);
    w.pageVisible(true);
    expect([c.live(), c.asked()]).toEqual([1, 2]);
  });

  it('starts hidden when the page is, and never watches once disposed, even on a late entry', () => {
    const c = counted();
    const w = new WaveformWatch(c.watch, false);
    w.onScreen(true);
    expect(c.asked()).toBe(0);
    w.pageVisible(true);
    expect(c.live()).toBe(1);
    w.dispose();
    expect(c.live()).toBe(0);
    w.onScreen(true); // an intersection entry delivered after disconnect()
    w.pageVisible(true);
    expect([c.live(), c.asked(), w.watching]).toEqual([0, 1, false]);
  });
});
