/**
 * The page's acknowledgement of fleet flushes (src-renderer/connection/FleetFlushAck.ts) on fake animation
 * frames and a fake clock: one ack per frame for the newest flush taken, none without a numbered flush,
 * none from a frame asked for on an earlier connection, no more often than the least interval on a fast
 * display; and the wait each ack asks for (`after_ms`), so that the next flush lands its measured way in
 * before the next frame — or at once on a page too busy for that.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_ACK_DEFAULT_LEAD_MS, FleetFlushAck } from '../../../src-renderer/connection/FleetFlushAck';

const PERIOD_MS = 1000 / 60;

function setup(minIntervalMs = 12) {
  const sent: { flush: number; afterMs: number; atMs: number }[] = [];
  let frames: Array<(frameTimeMs: number) => void> = [];
  let nowMs = 1_000;
  let frameTimeMs = 1_000;
  const ack = new FleetFlushAck({
    send: (flush, afterMs) => sent.push({ flush, afterMs, atMs: nowMs }),
    requestFrame: (callback) => frames.push(callback),
    now: () => nowMs,
    minIntervalMs,
  });
  return {
    ack,
    sent,
    acks: () => sent.map((s) => s.flush),
    /** Runs the animation frame `periodMs` after the last one, its callbacks `lateMs` after its start. */
    frame(periodMs = PERIOD_MS, lateMs = 0): void {
      frameTimeMs += periodMs;
      nowMs = frameTimeMs + lateMs;
      const due = frames;
      frames = [];
      for (const callback of due) callback(frameTimeMs);
    },
    /** Moves the clock to `ms` after the last frame's start. */
    at(ms: number): void {
      nowMs = frameTimeMs + ms;
    },
    framesAsked: () => frames.length,
  };
}

describe('FleetFlushAck', () => {
  it('acks the newest flush taken once, from the next animation frame', () => {
    const { ack, acks, frame, framesAsked } = setup();
    ack.took(1);
    ack.took(1); // the bundle of the same flush
    expect(acks()).toEqual([]);
    expect(framesAsked()).toBe(1);
    frame();
    expect(acks()).toEqual([1]);
    frame(); // the frame after an ack is watched (did its flush come in before it?) ...
    frame();
    expect(acks()).toEqual([1]); // ... but nothing new taken: nothing sent, no frame asked
    expect(framesAsked()).toBe(0);
    ack.took(2);
    ack.took(3);
    ack.took(2); // out of order: the newest counts
    frame();
    expect(acks()).toEqual([1, 3]);
    expect(ack.acksSent).toBe(2);
  });

  it('acks no more often than the least interval: every other frame of a 144 Hz display', () => {
    const { ack, acks, frame } = setup(12);
    for (let flush = 1; flush <= 6; flush++) {
      ack.took(flush);
      frame(1000 / 144);
    }
    expect(acks()).toEqual([1, 3, 5]);
  });

  it('sends nothing on a new connection for a flush of the old one', () => {
    const { ack, acks, frame } = setup();
    ack.took(5);
    ack.reset();
    frame();
    expect(acks()).toEqual([]);
    ack.took(1);
    frame();
    expect(acks()).toEqual([1]);
  });

  it('asks for the next flush to leave its way in before the next frame', () => {
    const { ack, sent, frame, at } = setup();
    ack.took(1);
    frame(PERIOD_MS, 1); // the frame's callbacks run 1 ms after its start
    // Next frame at +16.67; before any flush was timed the way in is taken as 4 ms: leave at +12.67.
    expect(sent[0]).toMatchObject({
      flush: 1,
      afterMs: Math.floor(PERIOD_MS - FLEET_ACK_DEFAULT_LEAD_MS - 1),
    });
    // The flush answering it comes in 6 ms after it left the backend, before the next frame.
    at(1 + sent[0]!.afterMs + 6);
    ack.took(2);
    frame(PERIOD_MS, 1);
    // Measured: 6 ms (+ 0.5 ms margin) — it may leave later, with fresher data.
    expect(sent[1]).toMatchObject({ flush: 2, afterMs: Math.floor(PERIOD_MS - 6.5 - 1) });
    expect(ack.leadMs).toBeCloseTo(6.5);
    expect(ack.timing).toEqual({ flushesBeforeFrame: 1, flushesAfterFrame: 0 });
  });

  it('asks for the flush at once on a page busy until its next frame, and counts the flushes that were late', () => {
    const { ack, sent, frame, at } = setup();
    ack.took(1);
    frame();
    for (let flush = 2; flush <= 6; flush++) {
      // Each flush is taken only after the next frame has begun: 20 ms after it left.
      frame(PERIOD_MS);
      at(20 - (PERIOD_MS - sent.at(-1)!.afterMs));
      ack.took(flush);
      frame(PERIOD_MS);
    }
    expect(ack.leadMs).toBeCloseTo(PERIOD_MS); // a whole period at most
    expect(sent.at(-1)!.afterMs).toBe(0);
    expect(ack.timing.flushesAfterFrame).toBe(5);
    expect(ack.timing.flushesBeforeFrame).toBe(0);
  });

  it('asks for the flush at once from a frame whose callbacks ran too late to make the next', () => {
    const { ack, sent, frame } = setup();
    ack.took(1);
    frame(PERIOD_MS, 14); // 14 ms late: 2.67 ms to the next frame, less than the 4 ms way in
    expect(sent[0]!.afterMs).toBe(0);
  });

  it('takes the display period from its frames, the least of recent ones', () => {
    const { ack, sent, frame, at } = setup();
    for (let flush = 1; flush <= 4; flush++) {
      ack.took(flush);
      frame(1000 / 30);
      at(1);
      if (flush === 2) frame(2000 / 30); // a dropped frame does not count as the period
    }
    expect(ack.framePeriodMs).toBeCloseTo(1000 / 30);
    expect(sent.length).toBeGreaterThan(0);
  });
});
