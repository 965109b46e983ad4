/**
 * The page's acknowledgement of fleet flushes (src-renderer/connection/FleetFlushAck.ts) on fake animation
 * frames: one ack per frame for the newest flush taken, sent once the frame is rendered, none without a
 * numbered flush, none from a frame asked for on an earlier connection, and no more often than the least
 * interval on a fast display.
 */
import { describe, expect, it } from 'vitest';
import { FleetFlushAck } from '../../../src-renderer/connection/FleetFlushAck';

function setup(minIntervalMs = 12) {
  const acks: number[] = [];
  let frames: Array<(frameTimeMs: number) => void> = [];
  let rendered: Array<() => void> = [];
  let frameTimeMs = 0;
  const ack = new FleetFlushAck({
    send: (flush) => acks.push(flush),
    requestFrame: (callback) => frames.push(callback),
    afterFrame: (run) => rendered.push(run),
    minIntervalMs,
  });
  const frameCallbacks = (periodMs: number): void => {
    frameTimeMs += periodMs;
    const due = frames;
    frames = [];
    for (const callback of due) callback(frameTimeMs);
  };
  const renderDone = (): void => {
    const due = rendered;
    rendered = [];
    for (const run of due) run();
  };
  return {
    ack,
    acks,
    /** Runs the animation frame `periodMs` after the last one, its rendering, and the tasks after it. */
    frame(periodMs = 1000 / 60): void {
      frameCallbacks(periodMs);
      renderDone();
    },
    frameCallbacks,
    renderDone,
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

  it('sends the ack once the frame is rendered, for the newest flush taken by then', () => {
    const { ack, acks, frameCallbacks, renderDone } = setup();
    ack.took(1);
    frameCallbacks(1000 / 60);
    expect(acks).toEqual([]); // not from the frame's start: the next flush would land behind its rendering
    ack.took(2); // taken while the frame rendered
    renderDone();
    expect(acks).toEqual([2]);
    renderDone();
    expect(acks).toEqual([2]);
  });

  it('sends nothing after the frame when the connection changed meanwhile', () => {
    const { ack, acks, frameCallbacks, renderDone } = setup();
    ack.took(3);
    frameCallbacks(1000 / 60);
    ack.reset();
    renderDone();
    expect(acks).toEqual([]);
    expect(ack.acksSent).toBe(0);
  });
});
