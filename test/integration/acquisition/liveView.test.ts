/**
 * Live views of acquisitions (`start_acquisition_stream`): windows continue where the last ended, a client
 * that reconnects resumes with `from_sample` without a gap or a duplicate, binary clients get kind-2 frames,
 * and a view that cannot keep up says how much it skipped instead of pretending to be continuous.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameKind } from '../../../shared/codec/frame.js';
import type {
  AcquisitionStreamMessage,
  AcquisitionStreamStartedMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { TestClient, sleep } from '../../helpers/testBackend.js';
import { command, create, readAll, startAcquisitionBackend, waitFor } from './helpers.js';

const fixture = useTestBackend({ starter: startAcquisitionBackend });

/** A client that completed the hello handshake offering `encodings` (JSON only by default). */
async function connect(encodings: ('json' | 'binary')[] = ['json']): Promise<TestClient> {
  return fixture.track(await TestClient.handshake(fixture.backend, encodings));
}

const windowsOf = (client: TestClient, id: string): AcquisitionStreamMessage[] =>
  client.ofType('acquisition_stream').filter((m) => m.acquisition_id === id && m.data !== undefined);

async function startCapture(client: TestClient, rateHz: number, channels = ['CH2', 'CH4']): Promise<string> {
  const { acquisition_id: id } = await create(client, {
    equipment_id: 'scope_1',
    mode: 'continuous',
    sample_rate: rateHz,
    channels,
  });
  await command(client, 'start_acquisition', id);
  return id;
}

/** Index and value of every sample the windows carried, checked to tile [0, end) once each. */
function expectTiled(windows: { first: number; count: number }[], end: number): void {
  let next = 0;
  for (const w of windows) {
    expect(w.first, 'a window starts where the previous one ended').toBe(next);
    next += w.count;
  }
  expect(next).toBe(end);
}

describe('acquisition live view', () => {
  it('resumes after a reconnect from the last sample seen, with no gap and no duplicate (JSON)', async () => {
    const owner = await connect();
    const id = await startCapture(owner, 20_000);

    const first = await connect();
    const started = await first.request<AcquisitionStreamStartedMessage>({
      type: 'start_acquisition_stream',
      acquisition_id: id,
      interval_ms: 50,
      num_samples: 2_000,
      from_sample: 0,
    });
    expect(started).toMatchObject({
      type: 'acquisition_stream_started',
      from_sample: 0,
      delivery: 'contiguous',
      encoding: 'json',
    });
    await waitFor(() => windowsOf(first, id).length >= 5);
    await first.close(); // the connection drops
    const seen = windowsOf(first, id);
    const resumeAt = seen.at(-1)!.data!.first_sample + seen.at(-1)!.data!.count;

    await sleep(300); // the capture goes on meanwhile
    const second = await connect();
    await second.request({
      type: 'start_acquisition_stream',
      acquisition_id: id,
      interval_ms: 50,
      num_samples: 2_000,
      from_sample: resumeAt,
    });
    await waitFor(
      () => (windowsOf(second, id).at(-1)?.stats.behind ?? 1) === 0 && windowsOf(second, id).length >= 3,
    );
    const final = await command(owner, 'stop_acquisition', id);
    // Once the capture has ended and everything was sent, the view ends itself.
    const ended = await second.next(
      (m) => m.type === 'acquisition_stream_stopped' && m.acquisition_id === id,
    );
    expect(ended).toMatchObject({ reason: 'acquisition complete' });

    const windows = [...seen, ...windowsOf(second, id)];
    expectTiled(
      windows.map((w) => ({ first: w.data!.first_sample, count: w.data!.count })),
      final.samples_captured,
    );
    expect(windows.every((w) => w.stats.skipped === 0 && w.stats.gaps === 0)).toBe(true);
    const { channels } = await readAll(fixture.backend, id);
    for (const w of windows) {
      const { first_sample: firstSample, count, values, timestamps, t0_ms: t0Ms } = w.data!;
      expect(timestamps).toHaveLength(count);
      expect(timestamps![0]).toBe(new Date(t0Ms).toISOString());
      expect(t0Ms).toBeCloseTo(final.t0_ms! + (firstSample * 1000) / 20_000, 3);
      (['CH2', 'CH4'] as const).forEach((name, c) => {
        const fromFile = channels[c]!.subarray(firstSample, firstSample + count);
        expect(values![name]!.map((v) => Math.fround(v))).toEqual(Array.from(fromFile));
      });
    }
  });

  it('sends binary frames of kind 2 to binary clients: x0 = first sample, the samples as on disk', async () => {
    const owner = await connect();
    const id = await startCapture(owner, 50_000, ['CH3', 'CH1', 'CH2']);
    const viewer = await connect(['json', 'binary']);
    const started = await viewer.request<AcquisitionStreamStartedMessage>({
      type: 'start_acquisition_stream',
      acquisition_id: id,
      interval_ms: 40,
      num_samples: 20_000,
      from_sample: 0,
    });
    expect(started.encoding).toBe('binary');
    await waitFor(() => viewer.binary.length >= 6);
    const final = await command(owner, 'stop_acquisition', id);
    await viewer.next((m) => m.type === 'acquisition_stream_stopped');

    const messages = windowsOf(viewer, id);
    const frames = viewer.binary.map((b) => decodeFrame(b));
    expect(frames).toHaveLength(messages.length);
    const { channels } = await readAll(fixture.backend, id);
    frames.forEach((frame, i) => {
      const message = messages[i]!;
      expect(frame.kind).toBe(FrameKind.acquisitionBlock);
      expect(frame.streamId).toBe(started.stream_id);
      expect(frame.seq).toBe(message.seq);
      expect(message.data).toMatchObject({
        binary: true,
        first_sample: frame.x0,
        count: frame.samplesPerChannel,
      });
      expect(message.data!.values).toBeUndefined();
      expect(frame.dtS).toBe(1 / 50_000);
      expect(frame.channelNumbers).toEqual([1, 2, 3]);
      frame.channels.forEach((values, c) => {
        expect(values).toEqual(channels[c]!.subarray(frame.x0, frame.x0 + frame.samplesPerChannel));
      });
    });
    expectTiled(
      frames.map((f) => ({ first: f.x0, count: f.samplesPerChannel })),
      final.samples_captured,
    );
  });

  it('follows a capture too fast to ship and reports every sample it skipped', async () => {
    const owner = await connect();
    const id = await startCapture(owner, 1_000_000, ['CH2']);
    const viewer = await connect();
    const started = await viewer.request<AcquisitionStreamStartedMessage>({
      type: 'start_acquisition_stream',
      acquisition_id: id,
      interval_ms: 50,
      num_samples: 1_000,
    });
    expect(started.delivery).toBe('live');
    await waitFor(() => windowsOf(viewer, id).length >= 10);
    await viewer.request({ type: 'stop_acquisition_stream', acquisition_id: id });
    const windows = windowsOf(viewer, id);
    let skipped = 0;
    let gaps = 0;
    for (let i = 1; i < windows.length; i++) {
      const jump =
        windows[i]!.data!.first_sample - (windows[i - 1]!.data!.first_sample + windows[i - 1]!.data!.count);
      expect(jump, 'windows never overlap').toBeGreaterThanOrEqual(0);
      skipped += jump;
      if (jump > 0) gaps++;
      // Every jump is owned up to: what the stats say was skipped is exactly what is missing.
      expect(windows[i]!.stats.skipped - windows[0]!.stats.skipped).toBe(skipped);
      expect(windows[i]!.stats.gaps - windows[0]!.stats.gaps).toBe(gaps);
    }
    expect(skipped).toBeGreaterThan(0);
    // Live: each window is among the newest samples flushed when it was read.
    const last = windows.at(-1)!;
    expect(last.data!.first_sample + last.data!.count).toBeGreaterThan(last.stats.flushed - 4 * 1_000 - 1);
    await command(owner, 'stop_acquisition', id);
  });

  it("speaks the streaming guide's acquisition_stream to a guide-style client", async () => {
    const owner = await connect();
    const id = await startCapture(owner, 1_000, ['CH1', 'CH4']);
    const guide = await fixture.connect('json'); // token in the URL, no hello
    guide.send({ type: 'start_acquisition_stream', acquisition_id: id, interval_ms: 100, num_samples: 100 });
    const message = await guide.next<AcquisitionStreamMessage>(
      (m) => m.type === 'acquisition_stream' && m.data !== undefined,
    );
    expect(message.state).toBe('running');
    expect(message.stats.samples_captured).toBeGreaterThan(0);
    expect(message.stats.duration).toBeCloseTo(message.stats.samples_captured / 1_000, 9);
    const { timestamps, values, count } = message.data!;
    expect(count).toBe(values!.CH1!.length);
    expect(timestamps![0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(values!.CH1!.every((v) => v === 0.5)).toBe(true);
    expect(values!.CH4!.every((v) => v === -0.25)).toBe(true);
    expect(guide.binary).toHaveLength(0);
  });

  it('plays back a finished acquisition from any sample and then ends the view', async () => {
    const client = await connect();
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 10_000,
      channels: ['CH1'],
      num_samples: 2_500,
    });
    await command(client, 'start_acquisition', id);
    await client.next(
      (m) => m.type === 'event' && m.details?.acquisition_id === id && m.details.state === 'complete',
    );
    const tooFar = await client.request({
      type: 'start_acquisition_stream',
      acquisition_id: id,
      from_sample: 2_501,
    });
    expect(tooFar).toMatchObject({
      type: 'error',
      code: 'out_of_range',
      details: { field: 'from_sample', max: 2_500 },
    });
    await client.request({
      type: 'start_acquisition_stream',
      acquisition_id: id,
      from_sample: 500,
      num_samples: 1_000,
      interval_ms: 20,
    });
    const stopped = await client.next<ServerMessage>((m) => m.type === 'acquisition_stream_stopped');
    expect(stopped).toMatchObject({ reason: 'acquisition complete' });
    const windows = windowsOf(client, id);
    expect(windows.map((w) => [w.data!.first_sample, w.data!.count])).toEqual([
      [500, 1_000],
      [1_500, 1_000],
    ]);
    expect(windows.every((w) => w.state === 'complete')).toBe(true);
  });
});
