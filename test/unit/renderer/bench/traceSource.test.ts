/** The fleetPixel page's trace source: the latest trace per channel, refilled in place, NaN where none came. */
import { describe, expect, it } from 'vitest';
import { TraceSource } from '../../../../src-renderer/bench/traceSource';

describe('TraceSource', () => {
  it('shows each channel’s latest trace, copied out of the frame, and NaN for channels not yet heard', () => {
    const source = new TraceSource();
    const frame = new Float32Array([1, 2, 3, 4]);
    source.take(2, frame, 1_000);
    frame[0] = 99; // the frame's bytes are reused by the connection: the source kept a copy
    const [x, ch1, ch2] = source.data();
    expect([...x]).toEqual([0, 1, 2, 3]);
    expect([...ch2!]).toEqual([1, 2, 3, 4]);
    expect([...ch1!].every(Number.isNaN)).toBe(true);
    expect(source.latestTimestampMs()).toBe(1_000);
  });

  it('refills a channel in place and moves its version, without new arrays per trace', () => {
    const source = new TraceSource();
    source.take(1, [1, 1], 10);
    const first = source.data()[1];
    const version = source.version();
    source.take(1, [5, 6], 20);
    expect(source.version()).toBe(version + 1);
    expect(source.data()[1]).toBe(first);
    expect([...(source.data()[1] as Float32Array)]).toEqual([5, 6]);
    // The same data while nothing arrived.
    expect(source.data()).toBe(source.data());
  });

  it('starts over when the trace width changes, and ignores channels it does not draw', () => {
    const source = new TraceSource();
    source.take(1, [1, 2], 10);
    source.take(3, [1, 2, 3], 20);
    const [x, ch1, , ch3] = source.data();
    expect(x).toHaveLength(3);
    expect([...ch1!].every(Number.isNaN)).toBe(true);
    expect([...ch3!]).toEqual([1, 2, 3]);
    const version = source.version();
    source.take(5, [1, 2, 3], 30);
    source.take(0, [1, 2, 3], 30);
    expect(source.version()).toBe(version);
  });
});

describe('TraceSource fitted to a narrow chart', () => {
  it('hands a chart narrower than the trace one (min, max) column per pixel, the same envelope', () => {
    const source = new TraceSource();
    // 8 columns: (0, 1), (2, 3), ..., (14, 15)
    source.take(
      1,
      Float32Array.from({ length: 16 }, (_, i) => i),
      10,
    );
    const [x, ch1, ch2] = source.data(4);
    expect([...x]).toEqual([0, 3, 4, 7, 8, 11, 12, 15]);
    expect([...ch1!]).toEqual([0, 3, 4, 7, 8, 11, 12, 15]);
    expect([...ch2!].every(Number.isNaN)).toBe(true);
    // Unchanged while nothing arrived; refilled in place when a trace did.
    expect(source.data(4)).toBe(source.data(4));
    const before = source.data(4)[1];
    source.take(1, new Float32Array(16).fill(-1), 20);
    expect(source.data(4)[1]).toBe(before);
    expect([...(source.data(4)[1] as Float32Array)]).toEqual(new Array(8).fill(-1));
  });

  it('hands every column to a chart at least as wide as the trace', () => {
    const source = new TraceSource();
    source.take(1, [1, 2, 3, 4], 10);
    expect(source.data(2)[0]).toHaveLength(4);
    expect(source.data(500)[0]).toHaveLength(4);
    expect(source.data()[0]).toHaveLength(4);
  });
});
