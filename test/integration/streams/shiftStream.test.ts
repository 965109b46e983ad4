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

describe('shift_stream: display-locked delivery steers a shared producer', () => {
  const fixture = useTestBackend({
    options: () => ({
      drivers: [new SimOscilloscope({ id: 'scope_1', seed: 3, initial: { recordLength: 10_000 } })],
    }),
  });

  it('moves the shared grid for the first client to shift, declines the second, and loses no frame', async () => {
    // Judged on the producer's deadline grid, not on arrival times: when frames arrive on a loaded
    // machine is its load; where the deadlines sit is the logic. (Arrival before the display's frames is
    // `npm run bench -- rendererLive`; reads per tick with 20 clients, `npm run bench -- scopeFanout`.)
    const a = fixture.track(await seqClient(fixture.backend));
    const b = fixture.track(await seqClient(fixture.backend));
    const started = await a.request<StreamStartedMessage>(waveform);
    const startedB = await b.request<StreamStartedMessage>(waveform);
    await until(() => a.seqs.length >= 3, 'frames before the shift');
    const [shared] = fixture.backend.streams.producers();
    expect(fixture.backend.streams.producerCount).toBe(1);
    const sharedPhase = phase(shared!.nextDueMs);

    const shift = { type: 'shift_stream', equipment_id: 'scope_1', stream_type: 'waveform' };
    const shifted = await a.request<StreamShiftedMessage>({ ...shift, shift_ms: 20 });
    expect(shifted).toMatchObject({
      type: 'stream_shifted',
      stream_id: started.stream_id,
      shift_ms: 20,
      moved: true,
    });
    // One producer still, its grid 20 ms later: B's ticks moved with A's.
    expect(fixture.backend.streams.producers()).toEqual([shared]);
    expect(phase(shared!.nextDueMs - sharedPhase)).toBeCloseTo(20, 6);

    const declined = await b.request<StreamShiftedMessage>({ ...shift, shift_ms: -10 });
    expect(declined).toMatchObject({ stream_id: startedB.stream_id, shift_ms: -10, moved: false });
    expect(phase(shared!.nextDueMs - sharedPhase)).toBeCloseTo(20, 6);

    const shiftedAt = a.seqs.length;
    await until(() => a.seqs.length >= shiftedAt + 12 && b.seqs.length >= shiftedAt + 12, 'frames after');
    expect(fixture.backend.streams.producerCount).toBe(1);
    // Both sequences run on without a gap across the move.
    expect(a.seqs).toEqual(a.seqs.map((_, i) => i));
    expect(b.seqs).toEqual(b.seqs.map((_, i) => i));
    const stats = await a.request<StatsMessage>({ type: 'get_stats' });
    expect(stats.streams[0]).toMatchObject({ producer_subscribers: 2, frames_dropped: 0 });
  });

  it('keeps serving the others, on the same grid, when the leading client disconnects; the lead passes on', async () => {
    const a = fixture.track(await seqClient(fixture.backend));
    const b = fixture.track(await seqClient(fixture.backend));
    const c = fixture.track(await seqClient(fixture.backend));
    for (const client of [a, b, c]) await client.request(waveform);
    const shift = { type: 'shift_stream', equipment_id: 'scope_1', stream_type: 'waveform' };
    expect(await a.request<StreamShiftedMessage>({ ...shift, shift_ms: 12 })).toMatchObject({ moved: true });
    const [producer] = fixture.backend.streams.producers();
    const leaderPhase = phase(producer!.nextDueMs);

    await a.close();
    await until(() => producer!.subscribers.size === 2, 'the leader’s stream released');
    const [bAt, cAt] = [b.seqs.length, c.seqs.length];
    await until(() => b.seqs.length >= bAt + 5 && c.seqs.length >= cAt + 5, 'frames after it left');
    expect(fixture.backend.streams.producers()).toEqual([producer]);
    expect(phase(producer!.nextDueMs)).toBeCloseTo(leaderPhase, 6);
    expect(b.seqs).toEqual(b.seqs.map((_, i) => i));
    expect(c.seqs).toEqual(c.seqs.map((_, i) => i));

    // The lead is free: the next client to shift moves the grid, and the one after is declined.
    expect(await c.request<StreamShiftedMessage>({ ...shift, shift_ms: -4 })).toMatchObject({ moved: true });
    expect(phase(producer!.nextDueMs - leaderPhase)).toBeCloseTo(INTERVAL_MS - 4, 6);
    expect(await b.request<StreamShiftedMessage>({ ...shift, shift_ms: 7 })).toMatchObject({ moved: false });
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
