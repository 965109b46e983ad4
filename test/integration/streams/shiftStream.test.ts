import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { decodeFrame } from '../../../shared/codec/frame.js';
import type {
  ErrorMessage,
  StatsMessage,
  StreamShiftedMessage,
  StreamStartedMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { TestClient, until } from '../../helpers/testBackend.js';

const INTERVAL_MS = 50;
const waveform = {
  type: 'start_stream',
  equipment_id: 'scope_1',
  stream_type: 'waveform',
  interval_ms: INTERVAL_MS,
  width: 100,
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** A binary client that notes when each waveform frame arrived (performance.now(), ms) and its seq. */
async function timedClient(
  backend: Backend,
): Promise<TestClient & { arrivals: { atMs: number; seq: number }[] }> {
  const client = Object.assign(await TestClient.handshake(backend), {
    arrivals: [] as { atMs: number; seq: number }[],
  });
  client.ws.on('message', (data, isBinary) => {
    if (isBinary) client.arrivals.push({ atMs: performance.now(), seq: decodeFrame(data as Buffer).seq });
  });
  return client;
}

describe('shift_stream: display-locked delivery moves one connection’s ticks only', () => {
  const fixture = useTestBackend({
    options: () => ({
      drivers: [new SimOscilloscope({ id: 'scope_1', seed: 3, initial: { recordLength: 10_000 } })],
    }),
  });

  it('delays one client’s records by the shift, leaves the other’s alone, and loses no frame', async () => {
    const a = fixture.track(await timedClient(fixture.backend));
    const b = fixture.track(await timedClient(fixture.backend));
    const started = await a.request<StreamStartedMessage>(waveform);
    await b.request(waveform);
    await until(() => a.arrivals.length >= 3, 'frames before the shift');
    expect(fixture.backend.streams.producerCount).toBe(1);

    const shifted = await a.request<StreamShiftedMessage>({
      type: 'shift_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      shift_ms: 20,
    });
    expect(shifted).toMatchObject({ type: 'stream_shifted', stream_id: started.stream_id, shift_ms: 20 });
    const shiftedAt = a.arrivals.length;
    expect(fixture.backend.streams.producerCount).toBe(2);
    await until(() => a.arrivals.length >= shiftedAt + 12, 'frames after the shift', 5_000);

    // Each of A's records now lands ~20 ms after B's record of the same tick (one ms or so apart before).
    const offsets = a.arrivals.slice(shiftedAt + 2).map(({ atMs }) => {
      const before = b.arrivals.filter((x) => x.atMs <= atMs).at(-1)!;
      return atMs - before.atMs;
    });
    expect(Math.abs(median(offsets) - 20)).toBeLessThan(8);
    // B's period is untouched; A's sequence runs on without a gap.
    const bGaps = b.arrivals.slice(1).map((x, i) => x.atMs - b.arrivals[i]!.atMs);
    expect(Math.abs(median(bGaps) - INTERVAL_MS)).toBeLessThan(5);
    a.arrivals.forEach(({ seq }, i) => expect(seq).toBe(i));

    const stats = await a.request<StatsMessage>({ type: 'get_stats' });
    expect(stats.streams[0]).toMatchObject({ producer_subscribers: 1, frames_dropped: 0 });
    expect(Math.abs(stats.streams[0]!.producer_period_ms - INTERVAL_MS)).toBeLessThan(2);
  });

  it('answers a bad shift with a specific error and changes nothing', async () => {
    const a = await fixture.connect('binary');
    await a.request(waveform);
    const shift = { type: 'shift_stream', equipment_id: 'scope_1', stream_type: 'waveform' };

    const tooFar = await a.request<ErrorMessage>({ ...shift, shift_ms: INTERVAL_MS + 1 });
    expect(tooFar).toMatchObject({
      type: 'error',
      code: 'out_of_range',
      details: { field: 'shift_ms', min: -INTERVAL_MS, max: INTERVAL_MS, value: INTERVAL_MS + 1 },
    });
    const notRunning = await a.request<ErrorMessage>({ ...shift, stream_type: 'measurements', shift_ms: 1 });
    expect(notRunning).toMatchObject({ type: 'error', code: 'not_found' });
    expect(notRunning.message).toContain('no measurements stream of scope_1');
    const malformed = await a.request<ErrorMessage>({ ...shift, shift_ms: 'soon' });
    expect(malformed).toMatchObject({
      type: 'error',
      code: 'invalid_message',
      details: { field: 'shift_ms' },
    });

    expect(fixture.backend.streams.producerCount).toBe(1);
    const before = a.binary.length;
    await until(() => a.binary.length >= before + 2, 'the stream still running');
  });
});
