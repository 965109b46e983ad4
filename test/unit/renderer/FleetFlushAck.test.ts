/**
 * The page's acknowledgement of fleet flushes (src-renderer/connection/FleetFlushAck.ts) on fake animation
 * frames: one ack per frame for the newest flush taken, none without a numbered flush, none from a frame
 * asked for on an earlier connection, and no more often than the least interval on a fast display.
 */
import { describe, expect, it } from 'vitest';
import { FleetFlushAck } from '../../../src-renderer/connection/FleetFlushAck';

function setup(minIntervalMs = 12) {
  const acks: number[] = [];
  let frames: Array<(frameTimeMs: number) => void> = [];
  let frameTimeMs = 0;
  const ack = new FleetFlushAck({
    send: (flush) => acks.push(flush),
    requestFrame: (callback) => frames.push(callback),
    minIntervalMs,
  });
  return {
    ack,
    acks,
    /** Runs the animation frame `periodMs` after the last one. */
    frame(periodMs = 1000 / 60): void {
      frameTimeMs += periodMs;
      const due = frames;
      frames = [];
      for (const callback of due) callback(frameTimeMs);
    },
    framesAsked: () => frames.length,
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
});
