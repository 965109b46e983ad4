/**
 * The page's acknowledgement of fleet flushes (src-renderer/connection/FleetFlushAck.ts) on fake animation
 * frames, a fake clock and fake timers: from frames, one ack per frame for the newest flush taken, none
 * without a numbered flush, none from a frame asked for on an earlier connection, and no more often than
 * the least interval on a fast display; on receipt, while frames run, at once but no more often than the
 * receipt interval, and never for a page whose frames stopped (hidden), which the backend's timeout paces.
 */
import { describe, expect, it } from 'vitest';
import { FleetFlushAck } from '../../../src-renderer/connection/FleetFlushAck';

/**
 * A fake page: `frame` advances the clock and runs the animation frame, `advance` only the clock (and the
 * timers due). Without `receiptIntervalMs` no frame counts as fresh, so every ack is from a frame.
 */
function setup(minIntervalMs = 12, receiptIntervalMs?: number) {
  const acks: number[] = [];
  let frames: Array<(frameTimeMs: number) => void> = [];
  let nowMs = 0;
  let timers: Array<{ atMs: number; run: () => void }> = [];
  const ack = new FleetFlushAck({
    send: (flush) => acks.push(flush),
    requestFrame: (callback) => frames.push(callback),
    now: () => nowMs,
    after: (ms, run) => {
      const timer = { atMs: nowMs + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    minIntervalMs,
    ...(receiptIntervalMs === undefined ? { frameFreshMs: -1 } : { receiptIntervalMs }),
  });
  const advance = (ms: number): void => {
    nowMs += ms;
    const due = timers.filter((t) => t.atMs <= nowMs);
    timers = timers.filter((t) => t.atMs > nowMs);
    for (const timer of due) timer.run();
  };
  return {
    ack,
    acks,
    advance,
    /** Runs the animation frame `periodMs` after the last one. */
    frame(periodMs = 1000 / 60): void {
      advance(periodMs);
      const due = frames;
      frames = [];
      for (const callback of due) callback(nowMs);
    },
    framesAsked: () => frames.length,
    timersSet: () => timers.length,
  };
}

describe('FleetFlushAck', () => {
  it('acks the newest flush taken once, from the next animation frame', () => {
    const { ack, acks, frame, framesAsked } = setup();
    ack.took(1);
    ack.took(1); // the bundle of the same flush
    expect(acks).toEqual([]);
    expect(framesAsked()).toBe(1);
    frame();
    expect(acks).toEqual([1]);
    frame();
    expect(acks).toEqual([1]); // nothing new taken: nothing sent, no frame asked
    expect(framesAsked()).toBe(0);
    ack.took(2);
    ack.took(3);
    ack.took(2); // out of order: the newest counts
    frame();
    expect(acks).toEqual([1, 3]);
    expect(ack.acksSent).toBe(2);
  });

  it('acks no more often than the least interval: every other frame of a 144 Hz display', () => {
    const { ack, acks, frame } = setup(12);
    for (let flush = 1; flush <= 6; flush++) {
      ack.took(flush);
      frame(1000 / 144);
    }
    expect(acks).toEqual([1, 3, 5]);
  });

  it('sends nothing on a new connection for a flush of the old one', () => {
    const { ack, acks, frame } = setup();
    ack.took(5);
    ack.reset();
    frame();
    expect(acks).toEqual([]);
    ack.took(1);
    frame();
    expect(acks).toEqual([1]);
  });

  it('acks on receipt while frames run, at most once per receipt interval, the rest after it', () => {
    const { ack, acks, advance, frame, timersSet } = setup(12, 8);
    ack.took(1); // no frame has run yet: from the next frame
    expect(acks).toEqual([]);
    frame();
    expect(acks).toEqual([1]);
    advance(9);
    ack.took(2); // the last frame 9 ms ago, the last ack 9 ms ago: at once
    expect(acks).toEqual([1, 2]);
    advance(2);
    ack.took(3); // 2 ms after the last ack: once 8 ms have passed
    ack.took(4);
    expect(acks).toEqual([1, 2]);
    expect(timersSet()).toBe(1);
    advance(5);
    expect(acks).toEqual([1, 2]);
    advance(1);
    expect(acks).toEqual([1, 2, 4]);
    expect(ack.waiting).toBe(false);
    expect(ack.acksSent).toBe(3);
  });

  it('acks only from frames once they stopped (a hidden page): the backend paces it by its timeout', () => {
    const { ack, acks, advance, frame, framesAsked } = setup(12, 8);
    ack.took(1);
    frame();
    expect(acks).toEqual([1]);
    advance(150); // no frame for 150 ms: hidden
    ack.took(2);
    advance(50);
    expect(acks).toEqual([1]);
    expect(framesAsked()).toBe(1);
    frame(); // shown again: the frame acks, and receipt acks resume
    expect(acks).toEqual([1, 2]);
    advance(10);
    ack.took(3);
    expect(acks).toEqual([1, 2, 3]);
  });

  it('drops a wait for the receipt interval on a new connection', () => {
    const { ack, acks, advance, frame, timersSet } = setup(12, 8);
    ack.took(1);
    frame();
    advance(1);
    ack.took(2);
    expect(timersSet()).toBe(1);
    ack.reset();
    expect(timersSet()).toBe(0);
    advance(20);
    expect(acks).toEqual([1]);
  });
});
