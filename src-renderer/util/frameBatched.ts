/**
 * A store's `subscribe` whose listeners hear of changes at most once per animation frame. For a store fed
 * at a high rate (the fleet: every bench's records, a `fleet_live` message each, 2,000 a second for 20
 * benches) read by React: each notification is a synchronous re-render, while the screen shows only one
 * state per frame. The listener runs in the frame's animation callback and React's render follows in that
 * callback's microtasks, before the frame is painted — so a change is on screen in the same frame as when
 * every notification rendered at once (docs/BENCHMARKS.md, "fleetPixel").
 */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Every listener of the returned `subscribe` shares one subscription to the source and one frame request:
 * the overview and each of its live values (overview/LiveText) hear the fleet in one animation-frame
 * callback, not one each (a callback per value per frame was the per-chart loops' cost again). A listener
 * that joins while a frame is pending hears that frame too; one that leaves is not called again.
 */
export function frameBatched(
  subscribe: (listener: () => void) => () => void,
  frames: FrameScheduler = animationFrames,
): (listener: () => void) => () => void {
  const listeners = new Set<() => void>();
  let pending: number | undefined;
  let off: (() => void) | undefined;
  const run = (): void => {
    pending = undefined;
    // A copy: a listener may unsubscribe another (a card removed by what the overview rendered).
    for (const listener of [...listeners]) if (listeners.has(listener)) listener();
  };
  return (listener) => {
    listeners.add(listener);
    off ??= subscribe(() => {
      pending ??= frames.request(run);
    });
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      off?.();
      off = undefined;
      if (pending !== undefined) frames.cancel(pending);
      pending = undefined;
    };
  };
}
