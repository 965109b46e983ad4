import { describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { OutboundQueue } from '../../../src-main/server/streams/OutboundQueue.js';
import { SessionStream } from '../../../src-main/server/streams/SessionStream.js';

/** The part of a ws socket the queue uses, with a send buffer level the test sets by hand. */
function fakeSocket() {
  const fake = { readyState: 1, bufferedAmount: 0, sent: [] as (string | ArrayBuffer)[] };
  const ws = { ...fake, send: (frame: string | ArrayBuffer) => fake.sent.push(frame) };
  Object.defineProperty(ws, 'bufferedAmount', { get: () => fake.bufferedAmount });
  return { fake, ws: ws as unknown as WebSocket };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function streams(): [SessionStream, SessionStream] {
  return [
    new SessionStream({ streamId: 1, encoding: 'json', channel: undefined }),
    new SessionStream({ streamId: 2, encoding: 'binary', channel: undefined }),
  ];
}

describe('OutboundQueue', () => {
  const options = {
    highWatermarkBytes: 1_000,
    lowWatermarkBytes: 500,
    slowConsumerMs: 60_000,
    maxQueuedBytes: 4_000,
    onOverflow: () => {},
  };

  it('sends live frames at once below the watermark; above it keeps only the newest per stream', async () => {
    const { fake, ws } = fakeSocket();
    const queue = new OutboundQueue(ws, { ...options, onSlowConsumer: () => {} });
    const [a, b] = streams();
    queue.sendLive(a, 'a0');
    expect(fake.sent).toEqual(['a0']);
    expect(a.messagesSent).toBe(1);

    fake.bufferedAmount = 2_000;
    for (const frame of ['a1', 'a2', 'a3']) queue.sendLive(a, frame);
    queue.sendLive(b, 'b1');
    queue.sendControl('{"type":"pong"}');
    expect(fake.sent).toEqual(['a0', '{"type":"pong"}']);
    expect(queue.pendingFrames).toBe(2);
    expect(a.framesCoalesced).toBe(2);
    expect(b.framesCoalesced).toBe(0);
    expect(queue.framesDropped).toBe(2);
    expect(queue.drainScheduled).toBe(true);
    expect(queue.aboveWatermarkMs()).toBeGreaterThanOrEqual(0);

    // Still above the low watermark: nothing moves.
    fake.bufferedAmount = 700;
    await sleep(20);
    expect(queue.pendingFrames).toBe(2);
    fake.bufferedAmount = 100;
    await sleep(20);
    expect(fake.sent).toEqual(['a0', '{"type":"pong"}', 'a3', 'b1']);
    expect(queue.pendingFrames).toBe(0);
    expect(queue.drainScheduled).toBe(false);
    expect(queue.aboveWatermarkMs()).toBe(0);
  });

  it('forgets a stopped stream’s pending frame without counting a drop', () => {
    const { fake, ws } = fakeSocket();
    const queue = new OutboundQueue(ws, { ...options, onSlowConsumer: () => {} });
    const [a] = streams();
    fake.bufferedAmount = 2_000;
    queue.sendLive(a, 'a1');
    queue.forget(a);
    expect(queue.isPending(a)).toBe(false);
    expect(a.framesDropped).toBe(0);
    queue.dispose();
    expect(queue.drainScheduled).toBe(false);
  });

  it('reports a client that stays above the watermark for slowConsumerMs, once, and stops polling', async () => {
    const { fake, ws } = fakeSocket();
    let reports = 0;
    const queue = new OutboundQueue(ws, { ...options, slowConsumerMs: 50, onSlowConsumer: () => reports++ });
    const [a] = streams();
    fake.bufferedAmount = 2_000;
    queue.sendLive(a, 'a1');
    await sleep(150);
    expect(reports).toBe(1);
    expect(queue.drainScheduled).toBe(false);
    expect(queue.pendingFrames).toBe(0);
  });

  it('refuses a control message that would take the unsent bytes past maxQueuedBytes, and reports it once', () => {
    const { fake, ws } = fakeSocket();
    const overflows: number[] = [];
    const queue = new OutboundQueue(ws, {
      ...options,
      onSlowConsumer: () => {},
      onOverflow: (bytes) => overflows.push(bytes),
    });
    fake.bufferedAmount = 3_990;
    queue.sendControl('x'.repeat(10)); // exactly at the bound: sent
    expect(fake.sent).toHaveLength(1);
    queue.sendControl('y'.repeat(11)); // one byte over
    expect(fake.sent).toHaveLength(1);
    expect(overflows).toEqual([4_001]);
    // Reported once; no more control messages go to a connection being closed, even once it drained.
    fake.bufferedAmount = 0;
    queue.sendControl('z');
    expect(overflows).toEqual([4_001]);
    expect(fake.sent).toEqual(['x'.repeat(10)]);
  });

  it('counts every fragment of a fragmented control message against the bound', () => {
    const { fake, ws } = fakeSocket();
    const overflows: number[] = [];
    const queue = new OutboundQueue(ws, {
      ...options,
      onSlowConsumer: () => {},
      onOverflow: (bytes) => overflows.push(bytes),
    });
    fake.bufferedAmount = 1_000;
    queue.sendControl({ binary: true, parts: [new Uint8Array(2_000), new Uint8Array(1_001)] });
    expect(overflows).toEqual([4_001]);
    expect(fake.sent).toHaveLength(0);
  });

  it('runs the slow-consumer clock for replies alone above the watermark, and stops it once drained', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const { fake, ws } = fakeSocket();
      let reports = 0;
      const queue = new OutboundQueue(ws, {
        ...options,
        slowConsumerMs: 50,
        onSlowConsumer: () => reports++,
      });
      fake.bufferedAmount = 1_500;
      queue.sendControl('{"type":"info"}');
      expect(queue.drainScheduled).toBe(true);
      vi.advanceTimersByTime(20);
      expect(queue.aboveWatermarkMs()).toBe(20);
      fake.bufferedAmount = 100; // the client read it
      vi.advanceTimersByTime(5);
      expect(queue.drainScheduled).toBe(false);
      expect(queue.aboveWatermarkMs()).toBe(0);

      fake.bufferedAmount = 1_500; // and now it stops reading for good
      queue.sendControl('{"type":"info"}');
      vi.advanceTimersByTime(50);
      expect(reports).toBe(0);
      vi.advanceTimersByTime(5);
      expect(reports).toBe(1);
      expect(queue.drainScheduled).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
