/**
 * Fetches the review of each span the view asks for — debounced (a wheel spin asks many times), latest
 * wins (a reply for a span the user has already left is dropped, never drawn over a newer one). Replies
 * are asked for as binary frames (the connection decodes them into the same message); a backend that
 * cannot send one answers in JSON.
 */
import type { AcquisitionReviewMessage, ReviewAcquisitionMessage } from '../../../shared/protocol/review';
import type { SampleSpan } from './reviewSpan';

/** One-shot timers, injectable so tests drive the debounce by hand. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReviewFetcherOptions {
  acquisitionId: string;
  channels?: string[];
  request(command: Omit<ReviewAcquisitionMessage, 'request_id'>): Promise<AcquisitionReviewMessage>;
  onReply(reply: AcquisitionReviewMessage): void;
  onError(message: string): void;
  debounceMs?: number;
  timers?: Timers;
}

const DEFAULT_DEBOUNCE_MS = 80;

export class ReviewFetcher {
  readonly #options: ReviewFetcherOptions;
  readonly #timers: Timers;
  #timer: unknown;
  #seq = 0;
  /** The seq of the last request sent whose reply (or error) has not come back; undefined: none. */
  #awaiting: number | undefined;
  #disposed = false;

  constructor(options: ReviewFetcherOptions) {
    this.#options = options;
    this.#timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
  }

  /** Asks for `span` (undefined: the whole capture as it is now) at `pixels` columns, after the debounce. */
  fetch(span: SampleSpan | undefined, pixels: number, immediate = false): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    const seq = ++this.#seq;
    const send = (): void => {
      this.#timer = undefined;
      const command: Omit<ReviewAcquisitionMessage, 'request_id'> = {
        type: 'review_acquisition',
        acquisition_id: this.#options.acquisitionId,
        pixels: Math.max(1, Math.min(8192, Math.round(pixels))),
        encoding: 'binary',
        ...(this.#options.channels !== undefined && { channels: this.#options.channels }),
        ...(span !== undefined && { from_sample: span.from, to_sample: span.to }),
      };
      this.#awaiting = seq;
      const settled = (): boolean => {
        if (this.#awaiting === seq) this.#awaiting = undefined;
        return !this.#disposed && seq === this.#seq;
      };
      this.#options.request(command).then(
        (reply) => {
          if (settled()) this.#options.onReply(reply);
        },
        (err: Error) => {
          if (settled()) this.#options.onError(err.message);
        },
      );
    };
    if (immediate) send();
    else this.#timer = this.#timers.setTimeout(send, this.#options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /**
   * Whether a view asked for is still on its way: waiting out the debounce, or sent and not answered. A
   * periodic refresh asks again only when not: a newer request drops the older one's reply, so a refresh
   * every second of a view that takes longer than that to read would never show anything.
   */
  pending(): boolean {
    return this.#timer !== undefined || this.#awaiting !== undefined;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
  }
}
