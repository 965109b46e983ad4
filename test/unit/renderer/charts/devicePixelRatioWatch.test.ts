/**
 * A device pixel ratio change without a resize (another monitor's scale, a zoom) is told, with the
 * resolution query made again for each new ratio, and nothing is listened to after the watch stops.
 */
import { describe, expect, it } from 'vitest';
import {
  watchDevicePixelRatio,
  type ResolutionMedia,
} from '../../../../src-renderer/charts/devicePixelRatioWatch';

/** A window whose ratio the test sets; each query fires 'change' when the ratio leaves or reaches its own. */
function fakeWindow(ratio: number): ResolutionMedia & {
  setRatio(next: number): void;
  queries: string[];
  listening(): number;
} {
  const queries: string[] = [];
  const listeners = new Map<string, Set<() => void>>();
  const media = {
    devicePixelRatio: ratio,
    queries,
    matchMedia(query: string) {
      queries.push(query);
      const own = listeners.get(query) ?? new Set<() => void>();
      listeners.set(query, own);
      return {
        addEventListener: (_type: string, listener: () => void) => void own.add(listener),
        removeEventListener: (_type: string, listener: () => void) => void own.delete(listener),
      } as unknown as MediaQueryList;
    },
    setRatio(next: number) {
      const before = `(resolution: ${media.devicePixelRatio}dppx)`;
      const after = `(resolution: ${next}dppx)`;
      // Queries made after the change already match: only those that existed before it fire.
      const due = [before, after].flatMap((query) => [...(listeners.get(query) ?? [])]);
      media.devicePixelRatio = next;
      for (const listener of due) listener();
    },
    listening: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
  return media;
}

describe('watchDevicePixelRatio', () => {
  it('tells each change with the new ratio, re-armed for the new ratio each time', () => {
    const win = fakeWindow(1);
    const seen: number[] = [];
    const stop = watchDevicePixelRatio(win, (r) => seen.push(r));
    expect(win.queries).toEqual(['(resolution: 1dppx)']);
    win.setRatio(2);
    expect(seen).toEqual([2]);
    expect(win.queries.at(-1)).toBe('(resolution: 2dppx)');
    // Back to 1: the query made for 2 tells it (the one for 1 was dropped, so it is told once).
    win.setRatio(1);
    expect(seen).toEqual([2, 1]);
    win.setRatio(1.25);
    expect(seen).toEqual([2, 1, 1.25]);
    expect(win.listening()).toBe(1);
    stop();
  });

  it('listens to nothing after it stops', () => {
    const win = fakeWindow(1.5);
    const seen: number[] = [];
    const stop = watchDevicePixelRatio(win, (r) => seen.push(r));
    stop();
    expect(win.listening()).toBe(0);
    win.setRatio(3);
    expect(seen).toEqual([]);
  });
});
