/**
 * A running capture that was paused and resumed (two segments), reviewed while it runs (what the
 * dashboard's Review button does), then stopped and the backend closed at once: the stop's last summary
 * catch-up must be over when close() returns — it used to go on writing into the capture's folder, and
 * removing the data folder after close failed with ENOTEMPTY.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from '../acquisition/helpers.js';

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

it('reviews a running capture that has a second segment', async () => {
  const { acquisition_id: id } = await create(client, {
    equipment_id: 'scope_1',
    mode: 'continuous',
    sample_rate: 10_000,
    channels: ['CH1', 'CH2'],
  });
  await command(client, 'start_acquisition', id);
  await new Promise((r) => setTimeout(r, 1_500));
  await command(client, 'pause_acquisition', id);
  await stateEvent(client, id, 'paused');
  await command(client, 'resume_acquisition', id);
  await stateEvent(client, id, 'running');
  await new Promise((r) => setTimeout(r, 1_500));
  const reply = (await client.request({
    type: 'review_acquisition',
    acquisition_id: id,
    pixels: 1400,
  })) as AcquisitionReviewMessage;
  expect(reply.type, JSON.stringify(reply).slice(0, 300)).toBe('acquisition_review');
  expect(reply.markers.segments.length).toBe(1);
  await command(client, 'stop_acquisition', id);
  await stateEvent(client, id, 'complete');
});
