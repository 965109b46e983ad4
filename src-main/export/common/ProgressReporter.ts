/**
 * Progress of one export for its caller: a report at the start, then one every `intervalMs` from a timer
 * (so a stalled write still reports, at least every 250 ms), and a last one with fraction 1 once the file
 * has its final name. A listener that throws is logged and otherwise ignored.
 */
import type { Logger } from '../../util/index.js';
import type { ExportProgress } from './exportTypes.js';

/** Time between reports, ms (the contract is "at least every 250 ms"). */
export const PROGRESS_INTERVAL_MS = 200;

export class ProgressReporter {
  readonly #listener: ((progress: ExportProgress) => void) | undefined;
  readonly #bytesWritten: () => number;
  readonly #log: Logger;
  readonly #intervalMs: number;
  #fraction = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    listener: ((progress: ExportProgress) => void) | undefined,
    bytesWritten: () => number,
    log: Logger,
    intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.#listener = listener;
    this.#bytesWritten = bytesWritten;
    this.#log = log;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#listener === undefined) return;
    this.#emit({ bytesWritten: 0, fraction: 0 });
    this.#timer = setInterval(() => this.#emit(this.current()), this.#intervalMs);
    this.#timer.unref();
  }

  /** Work done, 0..1; held below 1 until finish(). */
  set(fraction: number): void {
    this.#fraction = Math.min(0.999, Math.max(this.#fraction, fraction));
  }

  current(): ExportProgress {
    return { bytesWritten: this.#bytesWritten(), fraction: this.#fraction };
  }

  /** The final report (fraction 1), then silence. */
  finish(bytes: number): void {
    this.stop();
    this.#emit({ bytesWritten: bytes, fraction: 1 });
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #emit(progress: ExportProgress): void {
    if (this.#listener === undefined) return;
    try {
      this.#listener(progress);
    } catch (err) {
      this.#log.warn('export progress listener threw', err);
    }
  }
}
