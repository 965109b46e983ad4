/**
 * Where the review view is and where it is going: the span asked for last (undefined while it shows the
 * whole capture, which then follows a running capture as it grows), the keys' and buttons' zoom and pan,
 * and the chart's own x-scale changes (wheel, drag-select) taken as navigation.
 *
 * A reply is drawn by setting the chart's x scale to the reply's span, and uPlot reports that change to the
 * same setScale hook as a wheel or a drag — later, from its microtask commit, not while the reply is being
 * applied. Taken as navigation, that echo asked again for the span already on screen and replaced whatever
 * the user had asked for in between (a `+` pressed after the reply was drawn but before the echo was lost,
 * and the view stayed put), and it pinned a growing overview to the samples it had. So the range a reply
 * puts on the chart is remembered, and a scale change to exactly that range is not navigation.
 */
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { panSpan, type SampleSpan, zoomSpan } from './reviewSpan';

/** The x range a reply is drawn over, s from sample 0. */
export interface ReviewRangeS {
  minS: number;
  maxS: number;
}

export interface ReviewNavigatorOptions {
  /** Asks for a span (undefined: the whole capture as it is now): ReviewFetcher.fetch. */
  fetch(span: SampleSpan | undefined, pixels: number, immediate: boolean): void;
  /** Whether a view asked for has not come back yet: ReviewFetcher.pending. */
  pending(): boolean;
  /** The plot's width, CSS pixels: one column per pixel. */
  pixels(): number;
  /** Samples in the capture before any reply says (the summary's flushed count). */
  initialTotal: number;
}

export class ReviewNavigator {
  readonly #options: ReviewNavigatorOptions;
  #span: SampleSpan | undefined;
  #reply: AcquisitionReviewMessage | undefined;
  #drawn: ReviewRangeS | undefined;

  constructor(options: ReviewNavigatorOptions) {
    this.#options = options;
  }

  /** The span asked for last; undefined while following the whole capture. */
  span(): SampleSpan | undefined {
    return this.#span;
  }

  /** Samples in the capture, as of the last reply. */
  total(): number {
    return this.#reply?.sample_count ?? this.#options.initialTotal;
  }

  /** Asks for `span`, debounced unless `immediate`; undefined shows (and follows) the whole capture. */
  show(span: SampleSpan | undefined, immediate = false): void {
    this.#span = span;
    this.#options.fetch(span, this.#options.pixels(), immediate);
  }

  /** The whole capture, at once. */
  all(): void {
    this.show(undefined, true);
  }

  /** Zooms about the middle of the view by `factor` (< 1 in, > 1 out). */
  zoom(factor: number): void {
    this.show(zoomSpan(this.#current(), factor, 0.5, this.total()));
  }

  /** Pans by `fraction` of the view's width (negative: earlier). */
  pan(fraction: number): void {
    this.show(panSpan(this.#current(), fraction, this.total()));
  }

  /**
   * A running capture's periodic refresh: the overview follows it; a zoomed view stays where it is. Not
   * while a view is on its way: asking again would drop its reply (ReviewFetcher.pending).
   */
  grow(): void {
    if (this.#span === undefined && !this.#options.pending()) this.show(undefined, true);
  }

  /** A reply is about to be drawn: the x range to set on the chart (remembered, see the file comment). */
  drawn(reply: AcquisitionReviewMessage): ReviewRangeS {
    this.#reply = reply;
    this.#drawn = {
      minS: reply.from_sample / reply.sample_rate_hz,
      maxS: reply.to_sample / reply.sample_rate_hz,
    };
    return this.#drawn;
  }

  /** The chart's x scale changed to [minS, maxS]: a wheel or drag asks for that span, a reply's own range not. */
  scaleChanged(minS: number, maxS: number): void {
    const reply = this.#reply;
    if (reply === undefined) return;
    if (this.#drawn !== undefined && minS === this.#drawn.minS && maxS === this.#drawn.maxS) return;
    const rate = reply.sample_rate_hz;
    this.show({ from: Math.floor(minS * rate), to: Math.ceil(maxS * rate) });
  }

  #current(): SampleSpan {
    return this.#span ?? { from: 0, to: this.total() };
  }
}
