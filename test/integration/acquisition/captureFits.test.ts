/**
 * A capture too big for the free disk space is refused before anything is recorded, over the wire, with a
 * message that names what it needs and what there is; one until stopped, or one that fits, goes ahead.
 */
import { describe, expect, it } from 'vitest';
import type { AcquisitionsMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { command, create, startAcquisitionBackend } from './helpers.js';

const GiB = 1024 ** 3;
const fixture = useTestBackend({ lazy: true, starter: startAcquisitionBackend });

describe('captures that would not fit on the disk', () => {
  it('refuses to create one with insufficient_storage, naming both figures, and records nothing', async () => {
    await fixture.start({
      acquisitionRecorder: { diskSpace: async () => ({ freeBytes: 77 * GiB, totalBytes: 1e12 }) },
    });
    const client = await fixture.connect('binary');
    // 250 000 s of all four scope channels at 10 MSa/s: the report's capture, "estimated at 36.4 TB".
    const refused = await client.request({
      type: 'create_acquisition',
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 10_000_000,
      channels: ['CH1', 'CH2', 'CH3', 'CH4'],
      duration_s: 250_000,
    });
    expect(refused).toMatchObject({
      type: 'error',
      code: 'insufficient_storage',
      message: expect.stringMatching(/needs about 36\.4 TiB on disk but the data folder has 77\.0 GiB free/),
      details: { freeBytes: 77 * GiB, neededBytes: 64 + 250_000 * 10_000_000 * 16 },
    });
    const list = await client.request<AcquisitionsMessage>({ type: 'list_acquisitions' });
    expect(list.acquisitions).toEqual([]);

    // Until stopped has no size to check: it is recorded and starts (the recorder stops it at the margin).
    const open = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: 1_000,
      channels: ['CH1'],
    });
    expect((await command(client, 'start_acquisition', open.acquisition_id)).state).toBe('running');
    await command(client, 'stop_acquisition', open.acquisition_id);
  });

  it('refuses to start one recorded while there was room, once the room is gone', async () => {
    let freeBytes = 100 * GiB;
    await fixture.start({
      acquisitionRecorder: { diskSpace: async () => ({ freeBytes, totalBytes: 1e12 }) },
    });
    const client = await fixture.connect('binary');
    const minute = await create(client, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 10_000_000,
      channels: ['CH1', 'CH2', 'CH3', 'CH4'],
      duration_s: 60,
    });
    freeBytes = 5 * GiB;
    const refused = await client.request({
      type: 'start_acquisition',
      acquisition_id: minute.acquisition_id,
    });
    expect(refused).toMatchObject({
      type: 'error',
      code: 'insufficient_storage',
      message: expect.stringContaining('needs about 8.94 GiB on disk but the data folder has 5.00 GiB free'),
    });
    expect((await command(client, 'get_acquisition', minute.acquisition_id)).state).toBe('idle');
  });
});
