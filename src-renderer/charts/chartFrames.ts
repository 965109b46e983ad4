/**
 * One animation-frame loop for every live chart. Each chart checks its source once per frame (most
 * frames: nothing new, one comparison); with a loop of its own per chart, every chart cost a
 * requestAnimationFrame call and a callback into script each frame, 20 of them on the fleetPixel page's
 * 20 trace charts (requestAnimationFrame alone was 1.5-2.9 % of its main thread). The loop runs only
 * while a chart is registered. A chart whose work throws does not stop the others: the error is
 * rethrown outside the loop, where the page reports it as uncaught.
 */
export type FrameWork = (frameMs: number) => void;

/** requestAnimationFrame and its cancel (injected in tests). */
export interface FrameScheduler {
  request(callback: (frameMs: number) => void): number;
  cancel(handle: number): void;
}

function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}

export class ChartFrames {
  readonly #work = new Set<FrameWork>();
  readonly #frames: FrameScheduler;
  readonly #report: (err: unknown) => void;
  #handle: number | undefined;

  /** `report` gets what a chart's work threw; by default it is rethrown outside the loop (uncaught). */
  constructor(frames: FrameScheduler, report: (err: unknown) => void = rethrowLater) {
    this.#frames = frames;
    this.#report = report;
  }

  /** Runs `work` in every animation frame from the next one until the returned function is called. */
  add(work: FrameWork): () => void {
    this.#work.add(work);
    this.#handle ??= this.#frames.request(this.#run);
    return () => {
      this.#work.delete(work);
      if (this.#work.size === 0 && this.#handle !== undefined) {
        this.#frames.cancel(this.#handle);
        this.#handle = undefined;
      }
    };
  }

  readonly #run = (frameMs: number): void => {
    this.#handle = this.#work.size > 0 ? this.#frames.request(this.#run) : undefined;
    // A copy: work may remove itself (a chart destroyed by what another drew).
    for (const work of [...this.#work]) {
      if (!this.#work.has(work)) continue;
      try {
        work(frameMs);
      } catch (err) {
        this.#report(err);
      }
    }
  };
}

/** The page's charts' loop, on requestAnimationFrame. */
export const chartFrames = new ChartFrames({
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
});
