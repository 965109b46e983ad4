/**
 * The scope's cursor readout follows the records only while a time cursor is placed. Each record starts at
 * a slightly different time (the trigger's sub-sample position), and a readout that listened regardless
 * re-rendered on every record — 60 times a second beside the waveform's draw (docs/BENCHMARKS.md,
 * rendererLive).
 */
import { describe, expect, it } from 'vitest';
import { FrameKind, type DecodedFrame } from '../../../shared/codec/frame';
import { WaveformFeed } from '../../../src-renderer/data/WaveformFeed';
import { cursorReadoutSource } from '../../../src-renderer/panels/scope/CursorReadout';
import type { ScopeCursors } from '../../../src-renderer/panels/scope/ScopeChart';

const NONE: ScopeCursors = { A: undefined, B: undefined, Y1: undefined, Y2: undefined };

/** A 1,000-point record of CH1 (a ramp offset by `level` V) whose first point is at `x0` s. */
function record(x0: number, level = 0): DecodedFrame {
  const ys = Float32Array.from({ length: 1_000 }, (_, i) => level + i / 1_000);
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

/** How often React would re-render the readout over `records`: notified, and the snapshot moved. */
function rendersOver(feed: WaveformFeed, cursors: ScopeCursors, records: DecodedFrame[]): number {
  const source = cursorReadoutSource(feed, 1, cursors);
  let renders = 0;
  let shown = source.snapshot();
  const off = source.subscribe(() => {
    const next = source.snapshot();
    if (!Object.is(next, shown)) renders++;
    shown = next;
  });
  for (const r of records) feed.accept(r);
  off();
  return renders;
}

describe('cursorReadoutSource', () => {
  const jittered = Array.from({ length: 60 }, (_, i) => record(-5e-4 + i * 1e-9));

  it('does not re-render the readout on records while no cursor is placed', () => {
    const feed = new WaveformFeed('scope_1');
    feed.accept(record(-5e-4));
    expect(rendersOver(feed, NONE, jittered)).toBe(0);
  });

  it('does not follow records for voltage cursors alone (they read no sample)', () => {
    const feed = new WaveformFeed('scope_1');
    expect(rendersOver(feed, { ...NONE, Y1: -1, Y2: 1 }, jittered)).toBe(0);
  });

  it('follows records while a time cursor is placed: its value and the span change', () => {
    const feed = new WaveformFeed('scope_1');
    feed.accept(record(-5e-4));
    const withA = { ...NONE, A: 0 };
    // Same span, new values at A: each record re-renders.
    const levels = Array.from({ length: 5 }, (_, i) => record(-5e-4, i + 1));
    expect(rendersOver(feed, withA, levels)).toBe(5);
    // The same record again: nothing to show anew.
    expect(rendersOver(feed, withA, [record(-5e-4, 5), record(-5e-4, 5)])).toBe(0);
    expect(cursorReadoutSource(feed, 1, withA).snapshot()).toContain('|');
  });
});
