/**
 * The scope's cursor readout follows the record's span only while a time cursor is placed. Each record
 * starts at a slightly different time (the trigger's sub-sample position), and a readout that followed
 * the span regardless re-rendered on every record — 60 times a second beside the waveform's draw
 * (docs/BENCHMARKS.md, rendererLive).
 */
import { describe, expect, it } from 'vitest';
import { FrameKind, type DecodedFrame } from '../../../shared/codec/frame';
import { WaveformFeed } from '../../../src-renderer/data/WaveformFeed';
import { spanFollowed, valueAt } from '../../../src-renderer/panels/scope/CursorReadout';
import type { ScopeCursors } from '../../../src-renderer/panels/scope/ScopeChart';

const NONE: ScopeCursors = { A: undefined, B: undefined, Y1: undefined, Y2: undefined };

/** A 1,000-point record of CH1 (a ramp) whose first point is at `x0` s. */
function record(x0: number): DecodedFrame {
  const ys = Float32Array.from({ length: 1_000 }, (_, i) => i / 1_000);
  return {
    kind: FrameKind.waveform,
    flags: 0,
    streamId: 1,
    seq: 0,
    t0Ms: 1_000,
    dtS: 1e-6,
    channelMask: 1,
    samplesPerChannel: ys.length,
    x0,
    meta: undefined,
    channels: [ys],
    channelNumbers: [1],
  };
}

/**
 * How often the readout's feed hooks would re-render it over `records` (as useSyncExternalStore does:
 * notified, and a snapshot moved): the span and the values at A and B.
 */
function rendersOver(feed: WaveformFeed, cursors: ScopeCursors, records: DecodedFrame[]): number {
  const snapshot = (): string =>
    [spanFollowed(feed, cursors), valueAt(feed, 1, cursors.A), valueAt(feed, 1, cursors.B)].join(';');
  let shown = snapshot();
  let renders = 0;
  const off = feed.subscribe(() => {
    const next = snapshot();
    if (next !== shown) renders++;
    shown = next;
  });
  for (const r of records) feed.accept(r);
  off();
  return renders;
}

describe('the cursor readout and the records', () => {
  const jittered = Array.from({ length: 60 }, (_, i) => record(-5e-4 + i * 1e-9));

  it('does not re-render on records while no cursor is placed (the span moves with each one)', () => {
    const feed = new WaveformFeed('scope_1');
    feed.accept(record(-5e-4));
    expect(rendersOver(feed, NONE, jittered)).toBe(0);
  });

  it('does not follow records for voltage cursors alone (they read no sample)', () => {
    const feed = new WaveformFeed('scope_1');
    feed.accept(record(-5e-4));
    expect(rendersOver(feed, { ...NONE, Y1: -1, Y2: 1 }, jittered)).toBe(0);
  });

  it('follows the span while a time cursor is placed (its slider ranges over it)', () => {
    const feed = new WaveformFeed('scope_1');
    feed.accept(record(-5e-4));
    // The first of them starts where the record before it did: 59 moves.
    expect(rendersOver(feed, { ...NONE, A: 0 }, jittered)).toBe(59);
    const [start, end] = spanFollowed(feed, { ...NONE, B: 0 })
      .split('|')
      .map(Number);
    expect(start).toBeCloseTo(-5e-4 + 59e-9, 12);
    expect(end! - start!).toBeCloseTo(999e-6, 12);
  });
});
