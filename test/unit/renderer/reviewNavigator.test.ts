/**
 * The review view's navigation against its fetcher, with the chart's scale changes reported the way uPlot
 * reports them: from a microtask after the x scale was set, only when it changed. A CI run of
 * captureReview.spec saw the second `+` change nothing for 15 s: the reply's own range, echoed by the
 * chart after the `+` was pressed, was taken as navigation and asked again for the span on screen.
 */
import { describe, expect, it } from 'vitest';
import type { AcquisitionReviewMessage, ReviewAcquisitionMessage } from '../../../shared/protocol/review';
import { ReviewFetcher, type Timers } from '../../../src-renderer/panels/review/ReviewFetcher';
import { ReviewNavigator } from '../../../src-renderer/panels/review/ReviewNavigator';

const TOTAL = 100_000;
const RATE_HZ = 10_000;

type Command = Omit<ReviewAcquisitionMessage, 'request_id'>;

function replyTo(command: Command): AcquisitionReviewMessage {
  const from = command.from_sample ?? 0;
  const to = command.to_sample ?? TOTAL;
  return {
    type: 'acquisition_review',
    acquisition_id: command.acquisition_id,
    sample_count: TOTAL,
    sample_rate_hz: RATE_HZ,
    running: false,
    from_sample: from,
    to_sample: to,
    kind: 'minmax',
    pixels: 2,
    level: 1,
    channels: [{ name: 'CH1', unit: 'V', min: [0, 1], max: [1, 2] }],
    markers: { segments: [], alarms: [], events: [] },
  };
}

/** Resolves pending microtasks (a reply's `then`, the chart's deferred commit). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/**
 * The view as CaptureReview wires it: a real ReviewFetcher on hand-run timers, requests answered by the
 * test, each reply drawn on a chart that reports x-scale changes as uPlot does: only on a change, and not
 * at once but at its next commit (a microtask in uPlot; run by hand here, so the test picks the order).
 */
function view(): {
  nav: ReviewNavigator;
  sent: Command[];
  answer(index: number): void;
  runDebounce(): void;
  /** The chart's deferred commit: its setScale hooks run. */
  chartCommit(): void;
  /** A wheel or drag: the chart's x scale set by the user, reported like any other change. */
  userScale(minS: number, maxS: number): void;
  drawnSpans: { from: number; to: number }[];
} {
  let pendingTimer: (() => void) | undefined;
  const timers: Timers = {
    setTimeout: (callback) => (pendingTimer = callback),
    clearTimeout: () => (pendingTimer = undefined),
  };
  const sent: Command[] = [];
  const resolvers: ((reply: AcquisitionReviewMessage) => void)[] = [];
  const drawnSpans: { from: number; to: number }[] = [];
  let scale = { min: 0, max: 0 };
  let commitPending = false;
  const setScale = (min: number, max: number): void => {
    if (min === scale.min && max === scale.max) return;
    scale = { min, max };
    commitPending = true;
  };
  const fetcher = new ReviewFetcher({
    acquisitionId: 'acq_0123456789ab',
    request: (command) => {
      sent.push(command);
      return new Promise((resolve) => resolvers.push(resolve));
    },
    onReply: (reply) => {
      drawnSpans.push({ from: reply.from_sample, to: reply.to_sample });
      const range = nav.drawn(reply);
      setScale(range.minS, range.maxS);
    },
    onError: (message) => {
      throw new Error(message);
    },
    timers,
  });
  const nav = new ReviewNavigator({
    fetch: (span, pixels, immediate) => fetcher.fetch(span, pixels, immediate),
    pending: () => fetcher.pending(),
    pixels: () => 1_000,
    initialTotal: TOTAL,
  });
  return {
    nav,
    sent,
    drawnSpans,
    answer: (index) => resolvers[index]!(replyTo(sent[index]!)),
    runDebounce: () => {
      const callback = pendingTimer;
      pendingTimer = undefined;
      callback?.();
    },
    userScale: setScale,
    chartCommit: () => {
      if (commitPending) nav.scaleChanged(scale.min, scale.max);
      commitPending = false;
    },
  };
}

const spanOf = (command: Command | undefined): { from?: number; to?: number } => ({
  from: command?.from_sample,
  to: command?.to_sample,
});

describe('ReviewNavigator', () => {
  it('a zoom pressed between a reply being drawn and the chart reporting its range is the one asked for', async () => {
    const v = view();
    v.nav.all();
    v.answer(0);
    await settle();
    v.chartCommit();
    v.nav.zoom(0.5);
    v.chartCommit();
    v.runDebounce();
    expect(spanOf(v.sent[1])).toEqual({ from: 25_000, to: 75_000 });

    // WHEN the zoomed reply is drawn (the page shows its data-to) and the next `+` is pressed before the
    // chart's commit reports the range that reply set
    v.answer(1);
    await settle();
    expect(v.drawnSpans.at(-1)).toEqual({ from: 25_000, to: 75_000 });
    v.nav.zoom(0.5);
    v.chartCommit();
    v.runDebounce();
    // THEN the request is the new zoom, not the span already on screen again
    expect(spanOf(v.sent[2])).toEqual({ from: 37_500, to: 62_500 });
    v.answer(2);
    await settle();
    v.chartCommit();
    expect(v.drawnSpans.at(-1)).toEqual({ from: 37_500, to: 62_500 });
    // AND drawing it asked for nothing more: a reply's own range is never navigation
    v.runDebounce();
    expect(v.sent).toHaveLength(3);
  });

  it("a running capture's overview keeps following it after each reply is drawn", async () => {
    const v = view();
    v.nav.all();
    v.answer(0);
    await settle();
    v.chartCommit();
    v.runDebounce();
    expect(v.sent).toHaveLength(1);
    expect(v.nav.span()).toBeUndefined();
    v.nav.grow();
    expect(v.sent).toHaveLength(2);
    expect(spanOf(v.sent[1])).toEqual({ from: undefined, to: undefined });
  });

  it("a running capture's refresh does not ask again while the overview is on its way (it would drop it)", async () => {
    const v = view();
    v.nav.all();
    // Reading a growing capture takes longer than the refresh interval on a loaded machine: three ticks.
    v.nav.grow();
    v.nav.grow();
    v.nav.grow();
    expect(v.sent).toHaveLength(1);
    v.answer(0);
    await settle();
    v.chartCommit();
    expect(v.drawnSpans).toEqual([{ from: 0, to: TOTAL }]);
    v.nav.grow();
    expect(v.sent).toHaveLength(2);
    // A zoom asked for meanwhile still wins over the refresh in flight.
    v.nav.zoom(0.5);
    v.runDebounce();
    v.answer(1);
    v.answer(2);
    await settle();
    expect(v.drawnSpans.at(-1)).toEqual({ from: 25_000, to: 75_000 });
  });

  it('a wheel or drag on the chart asks for the span it shows, and a zoomed view stops following', async () => {
    const v = view();
    v.nav.all();
    v.answer(0);
    await settle();
    v.chartCommit();
    v.userScale(1.00001, 2.5);
    v.chartCommit();
    v.runDebounce();
    expect(spanOf(v.sent[1])).toEqual({ from: 10_000, to: 25_000 });
    v.nav.grow();
    expect(v.sent).toHaveLength(2);
  });
});
