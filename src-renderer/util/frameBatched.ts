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

export function frameBatched(
  subscribe: (listener: () => void) => () => void,
  frames: FrameScheduler = animationFrames,
): (listener: () => void) => () => void {
  return (listener) => {
    let pending: number | undefined;
    const off = subscribe(() => {
      pending ??= frames.request(() => {
        pending = undefined;
        listener();
      });
    });
    return () => {
      off();
      if (pending !== undefined) frames.cancel(pending);
      pending = undefined;
    };
  };
}
