/** A bench's waveform feed as a thumbnail source: display records reduced, full ones decimated, per pixel. */
import { describe, expect, it } from 'vitest';
import { FrameFlags, type DecodedFrame } from '../../../../shared/codec/frame';
import { FeedTraceSource } from '../../../../src-renderer/charts/feedTraceSource';
import { WaveformFeed } from '../../../../src-renderer/data/WaveformFeed';

function record(channels: Float32Array[], minMax: boolean, t0Ms = 1_000): DecodedFrame {
  return {
    flags: minMax ? FrameFlags.minMax : 0,
    samplesPerChannel: channels[0]!.length,
    channels,
    channelNumbers: channels.map((_, i) => i + 1),
    x0: 0,
    dtS: 1e-3,
    t0Ms,
  } as unknown as DecodedFrame;
}

describe('FeedTraceSource', () => {
  it('has nothing before a record, then follows the feed’s version and record time', () => {
    const feed = new WaveformFeed('scope_1', 2);
    const source = new FeedTraceSource(feed);
    expect(source.minMaxColumns(100)).toEqual([]);
    expect(source.hasData()).toBe(false);
    feed.accept(record([new Float32Array([1, 2])], true, 5_000));
    expect(source.hasData()).toBe(true);
    expect(source.version()).toBe(feed.version);
    expect(source.latestTimestampMs()).toBe(5_000);
  });

  it('reduces a display record to one (min, max) column per pixel, and hands a narrow one as it is', () => {
    const feed = new WaveformFeed('scope_1', 2);
    const source = new FeedTraceSource(feed);
    const pairs = Float32Array.from({ length: 16 }, (_, i) => i); // 8 columns
    feed.accept(record([pairs, new Float32Array(16).fill(1)], true));
    const [ch1, ch2] = source.minMaxColumns(4);
    expect([...ch1!]).toEqual([0, 3, 4, 7, 8, 11, 12, 15]);
    expect([...ch2!]).toEqual(new Array(8).fill(1));
    expect(source.minMaxColumns(8)[0]).toHaveLength(16);
    // Computed once per record and width.
    expect(source.minMaxColumns(4)).toBe(source.minMaxColumns(4));
  });

  it('decimates a full-resolution record into (min, max) columns without writing into the record', () => {
    const feed = new WaveformFeed('scope_1', 1);
    const source = new FeedTraceSource(feed);
    const samples = new Float32Array([0, 5, -1, 2, 3, 3]);
    feed.accept(record([samples], false));
    expect([...source.minMaxColumns(3)[0]!]).toEqual([0, 5, -1, 2, 3, 3]);
    expect([...source.minMaxColumns(2)[0]!]).toEqual([-1, 5, 2, 3]);
    expect([...samples]).toEqual([0, 5, -1, 2, 3, 3]);
  });
});
