/**
 * Captures that cannot go on: a full disk (injected through the recorder's sink hook), free space under the
 * margin before or during capture, an instrument that fails mid-capture. Each stops cleanly with an `event`
 * every client sees, ends in `error`, and leaves a file that holds whole, contiguous samples.
 */
import { describe, expect, it } from 'vitest';
import {
  openFileSink,
  withWriteFault,
  SAMPLE_FILE_HEADER_BYTES,
} from '../../../src-main/acquisition/index.js';
import type { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { EventMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import type { TestClient } from '../../helpers/testBackend.js';
import { command, create, firstDeviation, readAll, startAcquisitionBackend, stateEvent } from './helpers.js';

const fixture = useTestBackend({ lazy: true, starter: startAcquisitionBackend });

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

  it('ends in error when the instrument fails mid-capture, with the samples before it kept', async () => {
    const backend = await fixture.start();
    const client = await fixture.connect('binary');
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 10_000,
      channels: ['CH1'],
    });
    await command(client, 'start_acquisition', id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    (backend.registry.get('scope_1') as SimOscilloscope).faults.disconnect();
    const alarm = await faultEvent(client, id);
    expect(alarm.details).toMatchObject({ code: 'source_failed' });
    expect(alarm.message).toMatch(/scope_1 failed/);
    const ended = await stateEvent(client, id, 'error');
    const { count } = await readAll(backend, id);
    expect(count).toBe(ended.flushed);
    expect(count).toBeGreaterThan(1_000);
  });

  it('answers instrument_fault when the instrument cannot be read at creation, and records nothing', async () => {
    const backend = await fixture.start();
    const client = await fixture.connect('binary');
    (backend.registry.get('scope_1') as SimOscilloscope).faults.disconnect();
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
