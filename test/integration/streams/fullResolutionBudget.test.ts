import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { decodeFrame } from '../../../shared/codec/frame.js';
import type { EventMessage, StatsMessage, StreamStartedMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { until } from '../../helpers/testBackend.js';

/** One full-resolution frame: 2 channels × 100,000 float32 + header. */
const FRAME_BYTES = 2 * 100_000 * 4 + 56;
const BUDGET_BYTES_PER_S = 2_000_000;

describe('full-resolution byte budget', () => {
  const fixture = useTestBackend({ lazy: true });

  it('drops full-resolution frames beyond the budget, counts them, and says so once', async () => {
    // The producers' timers and the budget's clock (performance.now) are fake: 2 s of stream are 2 s of
    // fake time however slowly a loaded machine runs, so the counts below are the logic's, not the load's.
    // Sockets stay real and move between the steps.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    await fixture.start({
      drivers: [new SimOscilloscope({ id: 'scope_1', seed: 2, initial: { recordLength: 100_000 } })],
      // An in-flight window larger than anything sent: the window waits for the client's pongs, which come
      // on the real sockets' time, not the fake clock's, and the counts below are the budget's alone.
      session: { fullResolutionBytesPerS: BUDGET_BYTES_PER_S, inFlightWindowBytes: 1024 * 1024 * 1024 },
    });
    const client = await fixture.connect('binary');
    const other = await fixture.connect('binary');
    const waveform = {
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 50,
    };
    // 20 frames/s of 800 kB is 16 MB/s against a 2 MB/s budget; the decimated stream beside it is not
    // full resolution and is not limited.
    const full = await client.request<StreamStartedMessage>({ ...waveform, full_resolution: true });
    const decimated = await client.request<StreamStartedMessage>({ ...waveform, channel: 1, width: 600 });
    await other.request({ ...waveform, full_resolution: true });
    const elapsedS = 2;
    for (let t = 0; t < elapsedS * 1_000; t += 10) {
      await vi.advanceTimersByTimeAsync(10);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = await client.request<StatsMessage>({ type: 'get_stats' });
    vi.useRealTimers(); // the rest waits on real sockets and timers

    const frames = client.binary.map((b) => decodeFrame(b));
    const fullFrames = frames.filter((f) => f.streamId === full.stream_id);
    const decimatedFrames = frames.filter((f) => f.streamId === decimated.stream_id);
    const fullStats = stats.streams.find((s) => s.stream_id === full.stream_id)!;
    // 41 ticks in 2 s (0, 50, …, 2000 ms). Sliding one-second window: two 800 kB frames fit in 2 MB, a
    // third does not; a second after the first frame (tick 20) the window has room again.
    expect(fullFrames.map((f) => f.seq)).toEqual([0, 1, 20, 21, 40]);
    expect(fullFrames.length * FRAME_BYTES).toBeLessThanOrEqual(BUDGET_BYTES_PER_S * (elapsedS + 1));
    expect(fullStats.frames_over_budget).toBe(36);
    expect(fullStats.frames_dropped).toBe(fullStats.frames_over_budget + fullStats.frames_coalesced);
    expect(stats.connection.full_resolution_budget_bytes_per_s).toBe(BUDGET_BYTES_PER_S);
    expect(stats.connection.full_resolution_bytes_last_s).toBeLessThanOrEqual(BUDGET_BYTES_PER_S);
    // The client sees the drops as seq gaps.
    const seqs = fullFrames.map((f) => f.seq);
    const missing = seqs.at(-1)! + 1 - seqs.length;
    expect(missing).toBeGreaterThan(5);
    expect(missing).toBeLessThanOrEqual(fullStats.frames_dropped);
    // The decimated stream on the same connection was not touched.
    const decimatedStats = stats.streams.find((s) => s.stream_id === decimated.stream_id)!;
    expect(decimatedStats.frames_dropped).toBe(0);
    expect(decimatedFrames).toHaveLength(41);

    const warnings = client.ofType('event').filter((e: EventMessage) => e.kind === 'bandwidth_limited');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'warning',
      equipment_id: 'scope_1',
      details: { stream_id: full.stream_id, budget_bytes_per_s: BUDGET_BYTES_PER_S },
    });
    // The budget is per connection: the other client has its own, and its own warning.
    await until(() => other.ofType('event').some((e) => e.kind === 'bandwidth_limited'), 'the other warning');
    expect(other.binary.length).toBeGreaterThanOrEqual(2);
  });
});
