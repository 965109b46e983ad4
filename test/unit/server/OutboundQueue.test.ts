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

  describe('with an in-flight window', () => {
    /** A fake socket that also takes pings and lets the test answer them as the client would. */
    function probedSocket() {
      const fake = { readyState: 1, bufferedAmount: 0, sent: [] as string[], pings: [] as string[] };
      const pongListeners: ((data: Buffer) => void)[] = [];
      const ws = {
        ...fake,
        send: (frame: string) => fake.sent.push(frame),
        ping: (data: string) => fake.pings.push(data),
        on: (event: string, listener: (data: Buffer) => void) => {
          if (event === 'pong') pongListeners.push(listener);
        },
      };
      Object.defineProperty(ws, 'bufferedAmount', { get: () => fake.bufferedAmount });
      const pong = (data: string): void => pongListeners.forEach((l) => l(Buffer.from(data, 'latin1')));
      return { fake, ws: ws as unknown as WebSocket, pong };
    }
    const frame = (tag: string): string => tag.padEnd(400, '.');

    it('holds live frames (never replies) once a window is unacknowledged, though the socket buffer is empty', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      try {
        const { fake, ws, pong } = probedSocket();
        const queue = new OutboundQueue(ws, {
          ...options,
          inFlightWindowBytes: 1_000,
          onSlowConsumer: () => {},
        });
        const [a] = streams();
        // GIVEN a client that has not yet taken two frames (the kernel holds them: bufferedAmount stays 0)
        queue.sendLive(a, frame('a0'));
        queue.sendLive(a, frame('a1'));
        queue.sendLive(a, frame('a2'));
        expect(fake.sent).toHaveLength(3);
        expect(fake.pings).toEqual(['400']); // one probe at a time, carrying the bytes written before it
        expect(queue.inFlightBytes).toBe(1_200);
        expect(queue.congested).toBe(true);

        // WHEN more live frames and a reply follow
        queue.sendLive(a, frame('a3'));
        queue.sendLive(a, frame('a4'));
        queue.sendControl('{"type":"acquisition"}');
        // THEN the reply goes at once, the live frames wait (the newest kept)
        expect(fake.sent.map((f) => f.slice(0, 2))).toEqual(['a0', 'a1', 'a2', '{"']);
        expect(queue.pendingFrames).toBe(1);
        vi.advanceTimersByTime(50);
        expect(queue.pendingFrames).toBe(1);

        // AND a heartbeat's empty pong acknowledges nothing
        pong('');
        vi.advanceTimersByTime(10);
        expect(queue.pendingFrames).toBe(1);

        // WHEN the client answers the probe: 400 bytes taken, the window no longer full
        pong('400');
        expect(queue.inFlightBytes).toBe(822);
        // (no ping of its own: the next write carries the probe in its batch)
        expect(fake.pings).toEqual(['400']);
        vi.advanceTimersByTime(5);
        // THEN the newest waiting frame is sent, and with it a probe for everything written so far
        expect(fake.sent.map((f) => f.slice(0, 2))).toEqual(['a0', 'a1', 'a2', '{"', 'a4']);
        expect(fake.pings).toEqual(['400', String(1_200 + 22 + 400)]);
        expect(a.framesCoalesced).toBe(1);
        expect(queue.pendingFrames).toBe(0);

        // AND the next pong, with nothing written since its ping, sends no ping
        pong('1622');
        expect(queue.inFlightBytes).toBe(0);
        expect(fake.pings).toHaveLength(2);
        // AND a pong that leaves the window full probes again at once: live frames wait for no write then
        queue.sendLive(a, frame('a5'));
        expect(fake.pings).toEqual(['400', '1622', '2022']);
        for (const r of ['r1', 'r2', 'r3']) queue.sendControl(frame(r));
        pong('2022');
        expect(queue.inFlightBytes).toBe(1_200);
        expect(fake.pings).toEqual(['400', '1622', '2022', '3222']);
      } finally {
        vi.useRealTimers();
      }
    });

    it('ignores a pong for more than was written, and stops probing once everything is acknowledged', () => {
      const { fake, ws, pong } = probedSocket();
      const queue = new OutboundQueue(ws, {
        ...options,
        inFlightWindowBytes: 1_000,
        onSlowConsumer: () => {},
      });
      queue.sendControl(frame('r0'));
      pong('999999');
      expect(queue.inFlightBytes).toBe(400);
      pong('400');
      expect(queue.inFlightBytes).toBe(0);
      expect(fake.pings).toEqual(['400']);
    });
  });
});
