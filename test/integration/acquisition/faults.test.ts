/**
 * Captures that cannot go on: a full disk (injected through the recorder's sink hook), free space under the
 * margin before or during capture, an instrument that fails mid-capture. Each stops cleanly with an `event`
 * every client sees, ends in `error`, and leaves a file that holds whole, contiguous samples. An instrument
 * that is only offline for a while is a gap instead: the capture goes on in a new time segment.
 */
import { describe, expect, it } from 'vitest';
import {
  openFileSink,
  withWriteFault,
  SAMPLE_FILE_HEADER_BYTES,
} from '../../../src-main/acquisition/index.js';
import { FaultyDriver } from '../../../src-main/instruments/faults/FaultyDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { EventMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import type { TestClient } from '../../helpers/testBackend.js';
import {
  command,
  create,
  firstDeviation,
  readAll,
  SCOPE_SIGNALS,
  startAcquisitionBackend,
  stateEvent,
  waitFor,
} from './helpers.js';

const fixture = useTestBackend({ lazy: true, starter: startAcquisitionBackend });

type Segment = { first_sample: number; t0_ms: number };

/** Retries at once, so a test waits for the link, not for the backoff. */
const QUICK_RETRY = { backoff: { initialMs: 10, maxMs: 10 } };

const gapEvent = (client: TestClient, id: string, gap: 'started' | 'ended'): Promise<EventMessage> =>
  client.next<EventMessage>(
    (m) =>
      m.type === 'event' &&
      m.kind === 'acquisition_gap' &&
      m.details?.acquisition_id === id &&
      m.details.gap === gap,
  );

/** The noise-free scope of these tests behind the fault decorator. */
const faultyScope = (): FaultyDriver =>
  new FaultyDriver(new SimOscilloscope({ id: 'scope_1', seed: 4, initial: { channels: SCOPE_SIGNALS } }));

const faultEvent = (client: TestClient, id: string): Promise<EventMessage> =>
  client.next<EventMessage>(
    (m) => m.type === 'event' && m.kind === 'acquisition_fault' && m.details?.acquisition_id === id,
  );

describe('acquisition faults', () => {
  it('stops on a full disk with an alarm, keeping every whole sample written', async () => {
    const frameBytes = 4 * 4;
    const failAfterBytes = SAMPLE_FILE_HEADER_BYTES + 150_000 * frameBytes + 7; // ends in a torn frame
    const backend = await fixture.start({
      acquisitionRecorder: { openSink: withWriteFault(openFileSink, { failAfterBytes }) },
    });
    const client = await fixture.connect('binary');
    const watcher = await fixture.connect('binary');
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 500_000,
      channels: ['CH1', 'CH2', 'CH3', 'CH4'],
    });
    await command(client, 'start_acquisition', id);
    const alarm = await faultEvent(watcher, id);
    expect(alarm).toMatchObject({ level: 'alarm', equipment_id: 'scope_1', details: { code: 'disk_full' } });
    expect(alarm.message).toMatch(/disk full/);
    const ended = await stateEvent(watcher, id, 'error');
    expect(ended.error).toMatchObject({ code: 'disk_full' });
    expect(ended.flushed).toBe(150_000);

    const { count, channels } = await readAll(backend, id);
    expect(count).toBe(150_000);
    ([1, 2, 3, 4] as const).forEach((ch) => expect(firstDeviation(channels[ch - 1]!, ch, 500_000)).toBe(-1));
    const again = await client.request({ type: 'start_acquisition', acquisition_id: id });
    expect(again).toMatchObject({ type: 'error', code: 'invalid_state' });
  });

  it('refuses to start below the free-space margin (insufficient_storage) and changes nothing', async () => {
    await fixture.start({
      acquisitionRecorder: { diskSpace: async () => ({ freeBytes: 100 * 1024 * 1024, totalBytes: 1e12 }) },
    });
    const client = await fixture.connect('binary');
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 1_000,
      channels: ['CH1'],
    });
    const refused = await client.request({ type: 'start_acquisition', acquisition_id: id });
    expect(refused).toMatchObject({ type: 'error', code: 'insufficient_storage' });
    expect(refused.type === 'error' && refused.message).toMatch(/free disk space/);
    expect((await command(client, 'get_acquisition', id)).state).toBe('idle');
  });

  it('stops cleanly when free space runs low during a capture', async () => {
    let freeBytes = 1e12;
    const backend = await fixture.start({
      acquisitionRecorder: {
        diskSpace: async () => ({ freeBytes, totalBytes: 2e12 }),
        diskCheckIntervalMs: 50,
      },
    });
    const client = await fixture.connect('binary');
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 100_000,
      channels: ['CH2'],
    });
    await command(client, 'start_acquisition', id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    freeBytes = 1024;
    const alarm = await faultEvent(client, id);
    expect(alarm.details).toMatchObject({ code: 'low_disk' });
    const ended = await stateEvent(client, id, 'error');
    const { count, channels } = await readAll(backend, id);
    expect(count).toBe(ended.flushed);
    expect(count).toBeGreaterThan(10_000);
    expect(firstDeviation(channels[0]!, 2, 100_000)).toBe(-1);
  });

  it('goes on in a new segment when the instrument was offline mid-capture, with a gap event each way', async () => {
    const scope = faultyScope();
    const backend = await fixture.start({ drivers: [scope], instrumentHost: QUICK_RETRY });
    const client = await fixture.connect('binary');
    const watcher = await fixture.connect('binary');
    const rate = 10_000;
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: rate,
      channels: ['CH1', 'CH3'],
    });
    await command(client, 'start_acquisition', id);
    await waitFor(() => (backend.acquisitions.live(id)?.received ?? 0) > 2_000);
    scope.disconnect();
    const lost = await gapEvent(watcher, id, 'started');
    expect(lost).toMatchObject({ level: 'warning', equipment_id: 'scope_1' });
    expect(lost.message).toMatch(/scope_1 cannot be read .*new segment when it is back/);
    const gapAt = lost.details!.sample as number;
    // Nothing is captured while the instrument is away, and the capture is still running.
    await waitFor(() => backend.registry.get('scope_1')!.state === 'offline');
    expect(backend.acquisitions.live(id)!.received).toBe(gapAt);
    expect((await command(client, 'get_acquisition', id)).state).toBe('running');
    scope.reconnect();
    const back = await gapEvent(watcher, id, 'ended');
    expect(back).toMatchObject({ level: 'info', details: { sample: gapAt } });
    await waitFor(() => backend.acquisitions.live(id)!.received > gapAt + 2_000);
    await command(client, 'stop_acquisition', id);
    const final = await stateEvent(watcher, id, 'complete');

    expect(final.segments).toHaveLength(2);
    const [first, second] = final.segments as [Segment, Segment];
    expect(second.first_sample).toBe(gapAt);
    expect(second.t0_ms).toBe(back.details!.to_ms);
    // The second segment starts after the first one's last sample was due: the gap is in the time base.
    const firstEndMs = first.t0_ms + (gapAt * 1000) / rate;
    expect(second.t0_ms).toBeGreaterThan(firstEndMs);
    expect(back.details!.from_ms).toBeCloseTo(firstEndMs, 6);

    const { count, channels } = await readAll(backend, id);
    expect(count).toBe(final.flushed);
    // Before the gap the signal from phase 0; after it, the signal as it was when capture went on.
    expect(firstDeviation(channels[0]!.subarray(0, count), 1, rate)).toBe(-1);
    expect(firstDeviation(channels[1]!.subarray(0, gapAt), 3, rate)).toBe(-1);
    const offsetS = (second.t0_ms - first.t0_ms) / 1000;
    for (let n = gapAt; n < count; n += 37) {
      const expected = Math.sin(2 * Math.PI * 100 * (offsetS + (n - gapAt) / rate));
      expect(Math.abs(channels[1]![n]! - expected)).toBeLessThan(1e-3);
    }
  });

  it('ends in error when the instrument fails mid-capture otherwise, with the samples before it kept', async () => {
    const scope = faultyScope();
    const backend = await fixture.start({ drivers: [scope] });
    const client = await fixture.connect('binary');
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 10_000,
      channels: ['CH1'],
    });
    await command(client, 'start_acquisition', id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    scope.failNextCall();
    const alarm = await faultEvent(client, id);
    expect(alarm.details).toMatchObject({ code: 'source_failed' });
    expect(alarm.message).toMatch(/scope_1 failed/);
    const ended = await stateEvent(client, id, 'error');
    const { count } = await readAll(backend, id);
    expect(count).toBe(ended.flushed);
    expect(count).toBeGreaterThan(1_000);
  });

  it('answers instrument_fault when the instrument cannot be read at creation, and records nothing', async () => {
    const scope = faultyScope();
    await fixture.start({ drivers: [scope] });
    const client = await fixture.connect('binary');
    scope.disconnect();
    const reply = await client.request({
      type: 'create_acquisition',
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 1_000,
      channels: ['CH1'],
    });
    expect(reply).toMatchObject({
      type: 'error',
      code: 'instrument_fault',
      details: { equipment_id: 'scope_1' },
    });
    const list = await client.request({ type: 'list_acquisitions' });
    expect(list).toMatchObject({ type: 'acquisitions', acquisitions: [] });
  });
});
