/** The review view's span arithmetic and its fetcher (debounced, latest wins, stale replies dropped). */
import { describe, expect, it } from 'vitest';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { ReviewFetcher, type Timers } from '../../../src-renderer/panels/review/ReviewFetcher';
import {
  clampSpan,
  exportSecondsOf,
  MIN_SPAN_SAMPLES,
  panSpan,
  readAt,
  reviewColumns,
  visibleExportRange,
  zoomSpan,
} from '../../../src-renderer/panels/review/reviewSpan';

function reply(fields: Partial<AcquisitionReviewMessage> = {}): AcquisitionReviewMessage {
  return {
    type: 'acquisition_review',
    acquisition_id: 'acq_0123456789ab',
    sample_count: 1_000,
    sample_rate_hz: 100,
    running: false,
    from_sample: 100,
    to_sample: 500,
    kind: 'minmax',
    pixels: 4,
    level: 1,
    channels: [{ name: 'CH1', unit: 'V', min: [0, 1, null, 3], max: [1, 2, null, 4] }],
    markers: { segments: [], alarms: [], events: [] },
    ...fields,
  };
}

/** Timers run by hand. */
function manualTimers(): { timers: Timers; run(): void } {
  let pending: (() => void) | undefined;
  return {
    timers: {
      setTimeout: (cb) => (pending = cb),
      clearTimeout: () => (pending = undefined),
    },
    run: () => {
      const cb = pending;
      pending = undefined;
      cb?.();
    },
  };
}

describe('review spans', () => {
  it('zooms about the anchor, pans by a fraction, and never leaves the capture or goes below the minimum', () => {
    expect(zoomSpan({ from: 0, to: 1_000 }, 0.5, 0.5, 1_000)).toEqual({ from: 250, to: 750 });
    expect(zoomSpan({ from: 0, to: 1_000 }, 0.5, 0, 1_000)).toEqual({ from: 0, to: 500 });
    expect(zoomSpan({ from: 250, to: 750 }, 4, 0.5, 1_000)).toEqual({ from: 0, to: 1_000 });
    expect(zoomSpan({ from: 500, to: 520 }, 0.01, 0.5, 1_000).to - 500).toBeLessThanOrEqual(20);
    expect(clampSpan({ from: 500, to: 501 }, 1_000).to - clampSpan({ from: 500, to: 501 }, 1_000).from).toBe(
      MIN_SPAN_SAMPLES,
    );
    expect(panSpan({ from: 0, to: 100 }, -0.25, 1_000)).toEqual({ from: 0, to: 100 });
    expect(panSpan({ from: 800, to: 1_000 }, 0.25, 1_000)).toEqual({ from: 800, to: 1_000 });
    expect(panSpan({ from: 400, to: 600 }, 0.25, 1_000)).toEqual({ from: 450, to: 650 });
    expect(clampSpan({ from: 0, to: 5 }, 3)).toEqual({ from: 0, to: 3 });
  });

  it('lays out columns and samples in seconds, min and max per channel', () => {
    expect(reviewColumns(reply())).toEqual([
      [1, 2, 3, 4],
      [0, 1, null, 3],
      [1, 2, null, 4],
    ]);
    const samples = reply({
      kind: 'samples',
      from_sample: 10,
      to_sample: 13,
      pixels: 100,
      level: 0,
      channels: [{ name: 'CH1', unit: 'V', min: [5, 6, 7], max: [5, 6, 7] }],
    });
    expect(reviewColumns(samples)[0]).toEqual([0.1, 0.11, 0.12]);
    expect(readAt(samples, 0.11).values[0]).toMatchObject({ min: 6, max: 6 });
    expect(readAt(reply(), 4.5).values[0]).toMatchObject({ min: 3, max: 4 });
    expect(readAt(reply(), 3.5).values[0]).toMatchObject({ min: null, max: null });
  });

  it('maps a visible span onto the export time axis, across a pause, rounding down to the same samples', () => {
    const paused = {
      sample_rate: 1_000,
      t0_ms: 0,
      segments: [
        { first_sample: 0, t0_ms: 0 },
        { first_sample: 1_000, t0_ms: 5_000 },
      ],
    };
    expect(exportSecondsOf(paused, 500)).toBe(0.5);
    expect(exportSecondsOf(paused, 1_500)).toBe(5.5);
    expect(visibleExportRange(paused, { channels: ['CH2'], fromSample: 300, toSample: 1_200 })).toEqual({
      channels: ['CH2'],
      startText: '0.300',
      endText: '5.200',
    });
    // 3 kHz: 1/6000 s is not a whole number of 0.1 ms ticks; rounding to nearest would start a sample late.
    const odd = { sample_rate: 3_000, t0_ms: 0, segments: [{ first_sample: 0, t0_ms: 0 }] };
    const range = visibleExportRange(odd, { channels: ['CH1'], fromSample: 1, toSample: 2 });
    expect(Math.ceil(Number(range.startText) * 3_000 - 1e-6)).toBe(1);
    expect(Math.ceil(Number(range.endText) * 3_000 - 1e-6)).toBe(2);
  });
});

describe('ReviewFetcher', () => {
  it('debounces a burst into one request for the last span, and drops a reply that was overtaken', async () => {
    const { timers, run } = manualTimers();
    const sent: unknown[] = [];
    const resolvers: ((r: AcquisitionReviewMessage) => void)[] = [];
    const shown: number[] = [];
    const fetcher = new ReviewFetcher({
      acquisitionId: 'acq_0123456789ab',
      request: (command) => {
        sent.push(command);
        return new Promise((resolve) => resolvers.push(resolve));
      },
      onReply: (r) => shown.push(r.from_sample),
      onError: () => undefined,
      timers,
    });
    fetcher.fetch({ from: 0, to: 100 }, 800);
    fetcher.fetch({ from: 10, to: 100 }, 800);
    fetcher.fetch({ from: 20, to: 100 }, 800.4);
    expect(sent).toEqual([]);
    run();
    expect(sent).toEqual([
      {
        type: 'review_acquisition',
        acquisition_id: 'acq_0123456789ab',
        pixels: 800,
        encoding: 'binary',
        from_sample: 20,
        to_sample: 100,
      },
    ]);
    fetcher.fetch(undefined, 20_000, true); // whole capture, width capped at 8192
    expect(sent[1]).toEqual({
      type: 'review_acquisition',
      acquisition_id: 'acq_0123456789ab',
      pixels: 8192,
      encoding: 'binary',
    });
    resolvers[1]!(reply({ from_sample: 0 }));
    resolvers[0]!(reply({ from_sample: 20 })); // late reply for a span already left
    await Promise.resolve();
    await Promise.resolve();
    expect(shown).toEqual([0]);
    fetcher.dispose();
  });
});
