/**
 * Acquisition commands with bad input get one precise error each and change nothing: unknown and path-like
 * ids, illegal state transitions, configurations out of range or malformed (the error names the field).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import type { ErrorMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from './helpers.js';

let backend: Backend;
let client: TestClient;

beforeAll(async () => {
  backend = await startAcquisitionBackend();
  client = await TestClient.handshake(backend, ['json']);
});

afterAll(async () => {
  await client.close();
  await backend.close();
});

async function expectError(
  message: Record<string, unknown>,
  code: string,
  field?: string,
): Promise<ErrorMessage> {
  const reply = await client.request(message);
  expect(reply, JSON.stringify(message)).toMatchObject({ type: 'error', code });
  if (field !== undefined)
    expect((reply as ErrorMessage).details?.field, JSON.stringify(message)).toBe(field);
  return reply as ErrorMessage;
}

const fields = { equipment_id: 'scope_1', mode: 'continuous', sample_rate: 1_000, channels: ['CH1'] };
const valid = { type: 'create_acquisition', ...fields };

describe('acquisition commands with bad input', () => {
  it.each([
    'acq_000000000000',
    'acq_1',
    '../../etc/passwd',
    'acq_../../../x',
    'ACQ_0123456789AB',
    'acq_0123456789ab/..',
    'acq_\u0000',
  ])('answers id %j with not_found and never touches the file system', async (acquisition_id) => {
    for (const type of [
      'get_acquisition',
      'start_acquisition',
      'pause_acquisition',
      'resume_acquisition',
      'stop_acquisition',
      'delete_acquisition',
      'start_acquisition_stream',
      'stop_acquisition_stream',
    ]) {
      const error = await expectError({ type, acquisition_id }, 'not_found');
      if (acquisition_id !== 'acq_000000000000') expect(error.details?.field).toBe('acquisition_id');
    }
    expect(
      (await readdir(path.join(backend.dataDir, 'acquisitions'))).filter((n) => !n.startsWith('acq_')),
    ).toEqual([]);
  });

  it('refuses illegal transitions with invalid_state, and capturing twice with busy', async () => {
    const { acquisition_id: id } = await create(client, fields);
    await expectError({ type: 'pause_acquisition', acquisition_id: id }, 'invalid_state');
    await expectError({ type: 'resume_acquisition', acquisition_id: id }, 'invalid_state');
    await expectError({ type: 'stop_acquisition', acquisition_id: id }, 'invalid_state');
    await command(client, 'start_acquisition', id);
    await expectError({ type: 'start_acquisition', acquisition_id: id }, 'busy');
    await expectError({ type: 'resume_acquisition', acquisition_id: id }, 'invalid_state');
    await expectError({ type: 'delete_acquisition', acquisition_id: id }, 'busy');
    await command(client, 'pause_acquisition', id);
    await expectError({ type: 'pause_acquisition', acquisition_id: id }, 'invalid_state');
    await command(client, 'stop_acquisition', id);
    for (const type of ['start_acquisition', 'pause_acquisition', 'resume_acquisition', 'stop_acquisition']) {
      await expectError({ type, acquisition_id: id }, 'invalid_state');
    }
    expect((await command(client, 'get_acquisition', id)).state).toBe('complete');
  });

  it('refuses pausing an armed (not yet triggered) acquisition', async () => {
    const { acquisition_id: id } = await create(client, {
      ...fields,
      mode: 'triggered',
      num_samples: 10,
      trigger: { channel: 'CH1', level: 100 },
    });
    await command(client, 'start_acquisition', id);
    await expectError({ type: 'pause_acquisition', acquisition_id: id }, 'invalid_state');
    await command(client, 'stop_acquisition', id);
    await stateEvent(client, id, 'idle');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a rate above the scope maximum', { sample_rate: 20_000_000 }, 'out_of_range', 'sample_rate'],
    [
      'a rate above the supply maximum',
      { equipment_id: 'psu_1', channels: ['CH1.voltage'], sample_rate: 2_000 },
      'out_of_range',
      'sample_rate',
    ],
    ['a rate with no representable period', { sample_rate: 5e-324 }, 'out_of_range', 'sample_rate'],
    ['a rate under 0.000001 Hz', { sample_rate: 1e-7 }, 'out_of_range', 'sample_rate'],
    ['a negative rate', { sample_rate: -5 }, 'invalid_message', 'sample_rate'],
    ['a rate that is not a number', { sample_rate: '1000' }, 'invalid_message', 'sample_rate'],
    ['an unknown channel', { channels: ['CH9'] }, 'invalid_message', 'channels'],
    ['a supply channel on the scope', { channels: ['CH1.voltage'] }, 'invalid_message', 'channels'],
    ['a channel twice', { channels: ['CH1', 'CH1'] }, 'invalid_message', 'channels'],
    ['no channels', { channels: [] }, 'invalid_message', 'channels'],
    ['an unknown mode', { mode: 'burst' }, 'invalid_message', 'mode'],
    ['both lengths', { num_samples: 10, duration_s: 1 }, 'invalid_message', 'duration_s'],
    ['a fractional num_samples', { num_samples: 1.5 }, 'invalid_message', 'num_samples'],
    ['single without a length', { mode: 'single' }, 'invalid_message', 'num_samples'],
    ['triggered without a trigger', { mode: 'triggered' }, 'invalid_message', 'trigger'],
    [
      'a trigger outside triggered mode',
      { trigger: { channel: 'CH1', level: 0 } },
      'invalid_message',
      'trigger',
    ],
    [
      'a trigger on an uncaptured channel',
      { mode: 'triggered', trigger: { channel: 'CH2', level: 0 } },
      'invalid_message',
      'trigger.channel',
    ],
    [
      'an unknown slope',
      { mode: 'triggered', trigger: { channel: 'CH1', level: 0, slope: 'up' } },
      'invalid_message',
      'trigger.slope',
    ],
    [
      'pre-trigger beyond the length',
      {
        mode: 'triggered',
        num_samples: 100,
        trigger: { channel: 'CH1', level: 0, pre_trigger_samples: 100 },
      },
      'invalid_message',
      'trigger.pre_trigger_samples',
    ],
    [
      'a huge pre-trigger',
      { mode: 'triggered', trigger: { channel: 'CH1', level: 0, pre_trigger_samples: 1e9 } },
      'out_of_range',
      'trigger.pre_trigger_samples',
    ],
    ['an overlong name', { name: 'x'.repeat(201) }, 'invalid_message', 'name'],
    ['an unknown field', { sample_rate_hz: 1_000 }, 'invalid_message', 'sample_rate_hz'],
  ])('refuses %s, naming the field', async (_what, change, code, field) => {
    const before = await client.request({ type: 'list_acquisitions' });
    await expectError({ ...valid, ...change }, code, field);
    const after = await client.request({ type: 'list_acquisitions' });
    expect(after.type === 'acquisitions' && after.acquisitions.length).toBe(
      before.type === 'acquisitions' && before.acquisitions.length,
    );
  });

  it('says which rates are allowed, in units, when the rate has no usable period', async () => {
    const error = await expectError({ ...valid, sample_rate: 5e-324 }, 'out_of_range', 'sample_rate');
    expect(error.message).toBe(
      'sample_rate must be between 0.000001 Hz and 10 MHz for scope_1; got 5e-324 Hz',
    );
    expect(error.details).toMatchObject({ min: 0.000001, max: 10_000_000, value: 5e-324 });
  });

  it('refuses an unknown instrument with unknown_equipment', async () => {
    const error = await expectError({ ...valid, equipment_id: 'dmm_9' }, 'unknown_equipment', 'equipment_id');
    expect(error.details?.known).toEqual(['psu_1', 'scope_1']);
  });

  it('keeps a label a label: path characters in the name are stored, never used', async () => {
    const made = await create(client, { ...fields, name: '../../evil/\u0000name' });
    expect(made.name).toBe('../../evil/\u0000name');
    expect(await readdir(path.join(backend.dataDir, 'acquisitions'))).toContain(made.acquisition_id);
  });

  it('refuses live-view options out of range', async () => {
    const { acquisition_id: id } = await create(client, fields);
    const start = { type: 'start_acquisition_stream', acquisition_id: id };
    await expectError({ ...start, interval_ms: 5 }, 'out_of_range', 'interval_ms');
    await expectError({ ...start, num_samples: 0 }, 'out_of_range', 'num_samples');
    await expectError({ ...start, num_samples: 10_001 }, 'out_of_range', 'num_samples'); // JSON client
    await expectError({ ...start, num_samples: 1.5 }, 'invalid_message', 'num_samples');
    await expectError({ ...start, from_sample: 1 }, 'out_of_range', 'from_sample'); // nothing captured yet
    await expectError({ type: 'stop_acquisition_stream', acquisition_id: id }, 'not_found');
  });
});
