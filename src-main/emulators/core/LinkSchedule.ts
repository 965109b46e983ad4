/**
 * When an emulated instrument does things, as pure arithmetic on one timeline (ms, any monotonic origin):
 * a command starts when it has arrived and the instrument has finished settling after the previous one;
 * its reply starts `replyLatencyMs` later, once the link has carried earlier bytes; each slice of the reply
 * is due when the link, at `rateBytesPerS`, would have carried it.
 *
 * Every time is computed from the schedule, never from when a timer happened to fire: a late wake-up
 * delays only the bytes it was waiting for, and the next slice or command is still due when the model says
 * (no drift across the slices of a long block, no timer lateness added per reply).
 */
export interface ScheduleLink {
  /** Bytes per second the link carries. */
  rateBytesPerS: number;
  /** Time from a query's start to its reply's first byte, ms. */
  replyLatencyMs: number;
}

export class LinkSchedule {
  readonly #link: ScheduleLink;
  /** When the instrument has settled after its last command and reads the next one. */
  #readyAtMs = Number.NEGATIVE_INFINITY;
  /** When the link has carried the last byte scheduled so far. */
  #linkFreeAtMs = Number.NEGATIVE_INFINITY;

  constructor(link: ScheduleLink) {
    this.#link = link;
  }

  /** When a command that arrived at `arrivalMs` is carried out. */
  start(arrivalMs: number): number {
    return Math.max(arrivalMs, this.#readyAtMs);
  }

  /** The command started at `startMs` keeps the instrument busy for `settleMs` after it. */
  settle(startMs: number, settleMs: number): void {
    this.#readyAtMs = Math.max(this.#readyAtMs, startMs + settleMs);
  }

  /**
   * Due times of a reply's slices, for a query started at `startMs` whose reply is delayed a further
   * `extraDelayMs` (an injected stall): slice i is due when the link has carried bytes up to its end.
   */
  reply(startMs: number, sliceBytes: readonly number[], extraDelayMs = 0): number[] {
    const firstByteMs = Math.max(startMs + this.#link.replyLatencyMs + extraDelayMs, this.#linkFreeAtMs);
    const due: number[] = [];
    let carried = 0;
    for (const bytes of sliceBytes) {
      carried += bytes;
      due.push(firstByteMs + (carried * 1000) / this.#link.rateBytesPerS);
    }
    this.#linkFreeAtMs = due.length > 0 ? due[due.length - 1]! : firstByteMs;
    return due;
  }
}
