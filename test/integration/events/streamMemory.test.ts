/**
 * Remembered streams over the protocol: a choice made by one dashboard is what a second one (and any after
 * a backend restart on the same data folder) is told; bad choices are refused with the field at fault.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorMessage, StreamPreferencesMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';

describe('remembered streams', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-streams-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const fixture = useTestBackend({ lazy: true, options: () => ({ dataDir: dir }) });

  it('tells every dashboard, and every one after a restart, which streams a person stopped or re-timed', async () => {
    await fixture.start();
    const first = await fixture.connect();
    expect(
      (await first.request<StreamPreferencesMessage>({ type: 'get_stream_preferences' })).preferences,
    ).toEqual([]);
    const stopped = { equipment_id: 'psu_1', stream_type: 'readings', running: false, rate: 200 };
    const reply = await first.request<StreamPreferencesMessage>({
      type: 'set_stream_preference',
      preference: stopped,
    });
    expect(reply).toMatchObject({ type: 'stream_preferences', preferences: [stopped] });

    const second = await fixture.connect();
    expect(
      (await second.request<StreamPreferencesMessage>({ type: 'get_stream_preferences' })).preferences,
    ).toEqual([stopped]);

    await fixture.stop();
    await fixture.start();
    const afterRestart = await fixture.connect();
    const remembered = await afterRestart.request<StreamPreferencesMessage>({
      type: 'get_stream_preferences',
    });
    expect(remembered.preferences).toEqual([stopped]);
  });

  it('refuses a choice that is not one, naming the field, and remembers nothing of it', async () => {
    await fixture.start();
    const client = await fixture.connect();
    const refused = await client.request<ErrorMessage>({
      type: 'set_stream_preference',
      preference: { equipment_id: 'psu_1', stream_type: 'readings', running: true, rate: 0 },
    });
    expect(refused).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect(refused.message).toContain('rate');
    expect(
      (await client.request<StreamPreferencesMessage>({ type: 'get_stream_preferences' })).preferences,
    ).toEqual([]);
  });
});
