/** A thumbnail's trace source: the latest (min, max) columns per channel, refilled in place, reduced to fit. */
import { describe, expect, it } from 'vitest';
import { TraceSource } from '../../../../src-renderer/charts/traceSource';

describe('TraceSource', () => {
  it('keeps each channel’s latest trace, copied out of the frame; undefined for channels not yet heard', () => {
    const source = new TraceSource();
    const frame = new Float32Array([1, 2, 3, 4]);
    source.take(2, frame, 1_000);
    frame[0] = 99; // the frame's bytes are reused by the connection: the source kept a copy
    const [ch1, ch2, ch3, ch4] = source.minMaxColumns(100);
    expect(ch1).toBeUndefined();
    expect([...ch2!]).toEqual([1, 2, 3, 4]);
    expect(ch3).toBeUndefined();
    expect(ch4).toBeUndefined();
    expect(source.latestTimestampMs()).toBe(1_000);
  });

  it('refills a channel in place and moves its version, without new arrays per trace', () => {
    const source = new TraceSource();
    source.take(1, [1, 1], 10);
    const first = source.minMaxColumns(10)[0];
    const version = source.version();
    source.take(1, [5, 6], 20);
    expect(source.version()).toBe(version + 1);
    expect(source.minMaxColumns(10)[0]).toBe(first);
    expect([...first!]).toEqual([5, 6]);
    expect(source.latestTimestampMs()).toBe(20);
  });

  it('starts over when the trace length changes, and ignores channels it does not draw', () => {
    const source = new TraceSource();
    source.take(1, [1, 2], 10);
    source.take(3, [1, 2, 3, 4], 20);
    const [ch1, , ch3] = source.minMaxColumns(100);
    expect(ch1).toBeUndefined();
    expect([...ch3!]).toEqual([1, 2, 3, 4]);
    const version = source.version();
    source.take(5, [1, 2, 3, 4], 30);
    source.take(0, [1, 2, 3, 4], 30);
    expect(source.version()).toBe(version);
  });
});

describe('TraceSource fitted to a narrow thumbnail', () => {
  it('hands a thumbnail narrower than the trace one (min, max) column per pixel, the same envelope', () => {
    const source = new TraceSource();
    // 8 columns: (0, 1), (2, 3), ..., (14, 15)
    source.take(
      1,
      Float32Array.from({ length: 16 }, (_, i) => i),
      10,
    );
    const [ch1, ch2] = source.minMaxColumns(4);
    expect([...ch1!]).toEqual([0, 3, 4, 7, 8, 11, 12, 15]);
    expect(ch2).toBeUndefined();
    // Reduced once per trace, into the same arrays when a new one arrives.
    expect(source.minMaxColumns(4)).toBe(source.minMaxColumns(4));
    const before = source.minMaxColumns(4)[0];
    source.take(1, new Float32Array(16).fill(-1), 20);
    expect(source.minMaxColumns(4)[0]).toBe(before);
    expect([...before!]).toEqual(new Array(8).fill(-1));
  });

  it('hands every column to a thumbnail at least as wide as the trace', () => {
    const source = new TraceSource();
    source.take(1, [1, 2, 3, 4], 10);
    expect(source.minMaxColumns(2)[0]).toHaveLength(4);
    expect(source.minMaxColumns(500)[0]).toHaveLength(4);
  });
});

describe('TraceSource when the scope stops sending a channel', () => {
  it('keeps a channel while its trace is of the newest record or the one before, then drops it', () => {
    const source = new TraceSource();
    const trace = [0, 1];
    // Record 1: CH1 and CH2.
    source.take(1, trace, 1_000);
    source.take(2, trace, 1_000);
    // Record 2 arrives channel by channel: CH1 first, CH2 is still that of record 1 and stays shown.
    source.take(1, trace, 1_100);
    expect(source.minMaxColumns(10)[1]).toBeDefined();
    // CH2 was turned off: record 3 has CH1 only, and CH2 (of record 1) is dropped.
    source.take(1, trace, 1_200);
    const [ch1, ch2] = source.minMaxColumns(10);
    expect(ch1).toBeDefined();
    expect(ch2).toBeUndefined();
    // Turned on again, it is shown again.
    source.take(2, trace, 1_200);
    expect(source.minMaxColumns(10)[1]).toBeDefined();
  });
});

describe('TraceSource when the instrument clock steps back', () => {
  it('takes the earlier record as the newest, and still drops a channel no longer sent', () => {
    const source = new TraceSource();
    source.take(1, [0, 1], 5_000);
    source.take(2, [0, 1], 5_000);
    // The agent restarted on a host whose clock is behind: its records are the newest all the same.
    source.take(1, [0, 1], 1_000);
    expect(source.latestTimestampMs()).toBe(1_000);
    source.take(1, [0, 1], 1_100);
    expect(source.minMaxColumns(10)[1]).toBeUndefined(); // CH2 (of 5,000) is not sent any more
    expect(source.minMaxColumns(10)[0]).toBeDefined();
  });
});

describe('TraceSource before any trace', () => {
  it('has no data (a thumbnail is never stale then), and has some from the first trace on', () => {
    const source = new TraceSource();
    expect(source.hasData()).toBe(false);
    source.take(9, [0, 1], 1_000); // a channel it does not draw is no data
    expect(source.hasData()).toBe(false);
    source.take(1, [0, 1], 1_000);
    expect(source.hasData()).toBe(true);
  });
});
