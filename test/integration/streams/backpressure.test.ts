import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { SessionOptions } from '../../../src-main/server/sessions/sessionOptions.js';
import { decodeFrame } from '../../../shared/codec/frame.js';
import { CloseCode, type StatsMessage, type StreamDataMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { until } from '../../helpers/testBackend.js';

/** Sequence numbers missing between the first and the last one received. */
function gaps(seqs: readonly number[]): number {
  let missing = 0;
  for (let i = 1; i < seqs.length; i++) missing += seqs[i]! - seqs[i - 1]! - 1;
  return missing;
}

const HIGH_WATERMARK_BYTES = 256 * 1024;
/** One full-resolution frame: 2 channels × 100,000 float32 + header. */
const FRAME_BYTES = 2 * 100_000 * 4 + 56;

describe('backpressure: a slow client', () => {
  const fixture = useTestBackend({ lazy: true });
  const { connect } = fixture;
  async function start(session: Partial<SessionOptions>): Promise<Backend> {
    return fixture.start({
      drivers: [
        new SimPowerSupply({ id: 'psu_1', seed: 42 }),
        new SimOscilloscope({ id: 'scope_1', seed: 9, initial: { recordLength: 100_000 } }),
      ],
      // The socket buffer's watermarks are under test here: an in-flight window larger than anything
      // sent keeps the other limit (inFlightWindow.test.ts) from coalescing frames of a reading client.
      session: {
        highWatermarkBytes: HIGH_WATERMARK_BYTES,
        lowWatermarkBytes: 64 * 1024,
        inFlightWindowBytes: 1024 * 1024 * 1024,
        ...session,
      },
    });
  }

  const readings = { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 10 };
  const fullResolution = {
    type: 'start_stream',
    equipment_id: 'scope_1',
    stream_type: 'waveform',
    interval_ms: 20,
    full_resolution: true,
  };

  it('coalesces its frames (counted per stream, seq gaps) while other clients stay on pace', async () => {
    const b = await start({ slowConsumerMs: 60_000 });
    const slow = await connect('binary');
    const fast = await connect('json');
    await slow.request(fullResolution);
    await slow.request(readings);
    await fast.request(readings);
    const session = await slow.session(b);
    const rssBefore = process.memoryUsage().rss;

    slow.pause();
    await until(
      () => session.stats().streams.every((s) => s.frames_coalesced > 3),
      'frames of both streams being coalesced',
    );
    // The fast client shares the slow one's readings producer and keeps getting every reading it makes
    // while the slow one is stalled (no seq gap here; none at the end either). Counted over 50 readings,
    // not timed: how many ticks a second the producer manages is the machine's load (its drift is
    // `npm run bench -- timerDrift`).
    const fastBefore = fast.ofType('stream_data').length;
    let worstQueueBytes = 0;
    let worstQueuedFrames = 0;
    await until(() => {
      const stats = session.stats();
      worstQueueBytes = Math.max(worstQueueBytes, stats.connection.queue_bytes);
      worstQueuedFrames = Math.max(worstQueuedFrames, stats.connection.queued_frames);
      return fast.ofType('stream_data').length - fastBefore >= 50;
    }, '50 readings to the fast client');
    const window = (fast.ofType('stream_data') as StreamDataMessage[]).slice(fastBefore).map((m) => m.seq);
    expect(gaps(window)).toBe(0);
    // Memory is bounded: the buffer never holds more than the watermark plus one frame of each stream,
    // and at most one frame per stream waits.
    expect(worstQueueBytes).toBeLessThanOrEqual(HIGH_WATERMARK_BYTES + FRAME_BYTES + 64 * 1024);
    expect(worstQueuedFrames).toBeLessThanOrEqual(2);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    const during = session.stats();
    expect(during.connection.above_watermark_ms).toBeGreaterThan(0);
    expect(during.connection.frames_dropped).toBe(during.streams.reduce((n, s) => n + s.frames_dropped, 0));

    // Reading again: everything flows, and each stream's seq gaps are exactly its dropped frames.
    slow.resume();
    await until(() => session.stats().connection.above_watermark_ms === 0, 'the queue to drain');
    const readingsSeqs = (): number[] =>
      (slow.ofType('stream_data') as StreamDataMessage[]).map((m) => m.seq);
    const countAfterDrain = readingsSeqs().length;
    await until(() => readingsSeqs().length > countAfterDrain + 5, 'readings after the drain');
    const frameCountAfterDrain = slow.binary.length;
    await until(() => slow.binary.length > frameCountAfterDrain + 2, 'frames after the drain');
    const final = await slow.request<StatsMessage>({ type: 'get_stats' });
    const byType = Object.fromEntries(final.streams.map((s) => [s.stream_type, s]));
    const frameSeqs = slow.binary.map((f) => decodeFrame(f).seq);
    expect(gaps(readingsSeqs())).toBe(byType.readings!.frames_dropped);
    expect(gaps(frameSeqs)).toBe(byType.waveform!.frames_dropped);
    expect(byType.waveform!.frames_over_budget).toBe(0);
    // The client that kept up lost nothing.
    const fastSeqs = (fast.ofType('stream_data') as StreamDataMessage[]).map((m) => m.seq);
    expect(gaps(fastSeqs)).toBe(0);
    const fastStats = await fast.request<StatsMessage>({ type: 'get_stats' });
    expect(fastStats.connection.frames_dropped).toBe(0);
  });

  it('disconnects a client that stays above the watermark for the configured time, with 1008 and a reason', async () => {
    // The queue judges the stall on performance.now() and polls it with setTimeout: both fake here, so
    // the time to disconnect is exact in fake time however slowly a loaded machine runs. Sockets stay
    // real, and move between the steps.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const b = await start({ slowConsumerMs: 500 });
    const slow = await connect('binary');
    const bystander = await connect('json');
    await bystander.request(readings);
    await slow.request(fullResolution);
    await slow.request(readings);
    const session = await slow.session(b);
    slow.pause();
    /** Fake time on by one drain poll (5 ms), then a turn of the event loop for the sockets. */
    const step = async (): Promise<void> => {
      await vi.advanceTimersByTimeAsync(5);
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (let i = 0; session.stats().connection.above_watermark_ms === 0; i++) {
      if (i === 2_000) throw new Error('the buffer never filled in 10 s of fake time');
      await step();
    }
    // Above the watermark since at most one step ago (when the frame that crossed it was queued).
    const filledAt = performance.now();
    for (let i = 0; !session.closed; i++) {
      if (i === 2_000) throw new Error('the server never gave up on the client in 10 s of fake time');
      await step();
    }
    const closedAfterMs = performance.now() - filledAt;
    // Given up at the first drain poll past 500 ms above the watermark: 495 < t ≤ 505 from when it was seen.
    expect(closedAfterMs).toBeGreaterThan(495);
    expect(closedAfterMs).toBeLessThanOrEqual(505);
    vi.useRealTimers(); // the rest waits on real sockets and timers
    // Its subscriptions went with it at once; the bystander's stayed.
    expect(b.streams.subscriptionCount).toBe(1);
    slow.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(CloseCode.policyViolation);
    expect(closed.reason).toMatch(/too slow.*500 ms/);
    await until(() => !session.timers().closeGrace, 'the socket to close on the server');
    expect(session.timers()).toEqual({ hello: false, drain: false, stats: false, closeGrace: false });
    expect((await bystander.request({ type: 'ping' })).type).toBe('pong');
  });
});
