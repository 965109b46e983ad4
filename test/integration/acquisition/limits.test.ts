/**
 * The cap on acquisitions one data folder keeps: past it `create_acquisition` is refused with
 * `limit_exceeded` and nothing is created; deleting one makes room again.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { create, startAcquisitionBackend } from './helpers.js';

const fixture = useTestBackend({ starter: startAcquisitionBackend, options: { maxAcquisitions: 2 } });

const fields = { equipment_id: 'scope_1', mode: 'continuous', sample_rate: 1_000, channels: ['CH1'] };

describe('acquisitions per data folder', () => {
  it('refuses one more than the folder may keep with limit_exceeded, until one is deleted', async () => {
    const client = await fixture.connect('binary');
    const first = await create(client, fields);
    await create(client, fields);
    const refused = await client.request({ type: 'create_acquisition', ...fields });
    expect(refused).toMatchObject({ type: 'error', code: 'limit_exceeded', details: { limit: 2, count: 2 } });
    expect(refused.type === 'error' && refused.message).toMatch(/delete some before creating more/);
    const folder = path.join(fixture.backend.dataDir, 'acquisitions');
    expect((await readdir(folder)).filter((n) => n.startsWith('acq_'))).toHaveLength(2);
    await client.request({ type: 'delete_acquisition', acquisition_id: first.acquisition_id });
    await expect(create(client, fields)).resolves.toMatchObject({ state: 'idle' });
  });
});
