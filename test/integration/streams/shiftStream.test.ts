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
/** Where `t` falls within a period of INTERVAL_MS, ms in [0, INTERVAL_MS). */
const phase = (t: number): number => ((t % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS;

/** A binary client that notes each waveform frame's seq. */
async function seqClient(backend: Backend): Promise<TestClient & { seqs: number[] }> {
  const client = Object.assign(await TestClient.handshake(backend), { seqs: [] as number[] });
  client.ws.on('message', (data, isBinary) => {
    if (isBinary) client.seqs.push(decodeFrame(data as Buffer).seq);
  });
  return client;
}

describe('shift_stream: display-locked delivery moves one connection’s ticks only', () => {
  const fixture = useTestBackend({
    options: () => ({
      drivers: [new SimOscilloscope({ id: 'scope_1', seed: 3, initial: { recordLength: 10_000 } })],
    }),
  });

  it('moves one client’s ticks by the shift, leaves the other’s grid alone, and loses no frame', async () => {
    // Judged on the producers' deadline grids, not on arrival times: when frames arrive on a loaded
    // machine is its load; where the deadlines sit is the logic. (Arrival before the display's frames is
    // `npm run bench -- rendererLive`.)
    const a = fixture.track(await seqClient(fixture.backend));
    const b = fixture.track(await seqClient(fixture.backend));
    const started = await a.request<StreamStartedMessage>(waveform);
    await b.request(waveform);
    await until(() => a.seqs.length >= 3, 'frames before the shift');
    const [shared] = fixture.backend.streams.producers();
    expect(fixture.backend.streams.producerCount).toBe(1);
    const sharedPhase = phase(shared!.nextDueMs);

    const shifted = await a.request<StreamShiftedMessage>({
      type: 'shift_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      shift_ms: 20,
    });
    expect(shifted).toMatchObject({ type: 'stream_shifted', stream_id: started.stream_id, shift_ms: 20 });
    const shiftedAt = a.seqs.length;
    const producers = fixture.backend.streams.producers();
    expect(producers).toHaveLength(2);
    const own = producers.find((p) => p !== shared)!;
    // A's ticks are the shared grid moved 20 ms later; B's producer keeps its phase.
    expect(phase(own.nextDueMs - shared!.nextDueMs)).toBeCloseTo(20, 6);
    expect(phase(shared!.nextDueMs)).toBeCloseTo(sharedPhase, 6);
    expect(own.intervalMs).toBe(INTERVAL_MS);

    await until(() => a.seqs.length >= shiftedAt + 12, 'frames after the shift');
    expect(phase(shared!.nextDueMs)).toBeCloseTo(sharedPhase, 6);
    // A's sequence runs on without a gap, across the move to its own producer.
    expect(a.seqs).toEqual(a.seqs.map((_, i) => i));
    const stats = await a.request<StatsMessage>({ type: 'get_stats' });
    expect(stats.streams[0]).toMatchObject({ producer_subscribers: 1, frames_dropped: 0 });
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
