/**
 * review_acquisition over the protocol: a finished capture (overview and a zoom down to samples, checked
 * against the samples on disk), a running one (answers grow with the file), and bad requests (one precise
 * error each).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { decodeReviewFrame } from '../../../shared/codec/reviewFrame.js';
import type { AcquisitionReviewMessage, ErrorMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import {
  command,
  create,
  readAll,
  startAcquisitionBackend,
  stateEvent,
  waitFor,
} from '../acquisition/helpers.js';

let backend: Backend;
let client: TestClient;
let finishedId: string;
const RATE_HZ = 10_000;

beforeAll(async () => {
  backend = await startAcquisitionBackend();
  client = await TestClient.handshake(backend, ['json']);
  const created = await create(client, {
    equipment_id: 'scope_1',
    mode: 'continuous',
    sample_rate: RATE_HZ,
    channels: ['CH2', 'CH4'],
    duration_s: 2,
  });
  finishedId = created.acquisition_id;
  await command(client, 'start_acquisition', finishedId);
  await stateEvent(client, finishedId, 'complete');
});

afterAll(async () => {
  await client.close();
  await backend.close();
});

async function review(fields: Record<string, unknown>): Promise<AcquisitionReviewMessage> {
  const reply = await client.request({ type: 'review_acquisition', ...fields });
  if (reply.type !== 'acquisition_review') throw new Error(`review refused: ${JSON.stringify(reply)}`);
  return reply as AcquisitionReviewMessage;
}

describe('review_acquisition', () => {
  it('draws a finished capture whole, then a zoomed span as its own samples', async () => {
    const disk = await readAll(backend, finishedId);
    const overview = await review({ acquisition_id: finishedId, pixels: 200 });
    expect(overview).toMatchObject({
      kind: 'minmax',
      from_sample: 0,
      to_sample: disk.count,
      sample_count: disk.count,
      running: false,
      pixels: 200,
    });
    expect(overview.channels.map((c) => [c.name, c.unit])).toEqual([
      ['CH2', 'V'],
      ['CH4', 'V'],
    ]);
    // CH2 is a 2 Vpp sine: the overview spans it; CH4 is DC −0.25 V.
    const ch2 = overview.channels[0]!;
    expect(Math.min(...(ch2.min as number[]))).toBeCloseTo(Math.min(...disk.channels[0]!), 6);
    expect(Math.max(...(ch2.max as number[]))).toBeCloseTo(Math.max(...disk.channels[0]!), 6);
    expect(new Set(overview.channels[1]!.min)).toEqual(new Set([Math.fround(-0.25)]));

    const zoom = await review({
      acquisition_id: finishedId,
      pixels: 500,
      from_sample: 1_000,
      to_sample: 1_300,
      channels: ['CH2'],
    });
    expect(zoom.kind).toBe('samples');
    expect(zoom.channels[0]!.min).toEqual([...disk.channels[0]!.subarray(1_000, 1_300)]);
  });

  it('answers a running capture with what is on disk so far, growing', async () => {
    const created = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: RATE_HZ,
      channels: ['CH1'],
    });
    const id = created.acquisition_id;
    await command(client, 'start_acquisition', id);
    try {
      await waitFor(() => (backend.acquisitions.live(id)?.flushed ?? 0) > 1_000);
      const first = await review({ acquisition_id: id, pixels: 100 });
      expect(first.running).toBe(true);
      const count = first.sample_count;
      await waitFor(() => (backend.acquisitions.live(id)?.flushed ?? 0) > count + 1_000);
      const later = await review({ acquisition_id: id, pixels: 100 });
      expect(later.sample_count).toBeGreaterThan(count);
      expect(later.to_sample).toBe(later.sample_count);
      expect(new Set(later.channels[0]!.max)).toEqual(new Set([0.5]));
    } finally {
      await command(client, 'stop_acquisition', id);
    }
  });

  it('sends the reply as one binary frame when asked by a client that takes them, else as JSON', async () => {
    const span = { acquisition_id: finishedId, pixels: 300, from_sample: 500, to_sample: 20_000 };
    const json = await review(span);
    const binaryClient = await TestClient.handshake(backend, ['json', 'binary']);
    try {
      const before = binaryClient.messages.length;
      binaryClient.send({ type: 'review_acquisition', request_id: 77, encoding: 'binary', ...span });
      await waitFor(() => binaryClient.binary.length > 0);
      const decoded = decodeReviewFrame(binaryClient.binary[0]!);
      // The same reply as the JSON one, number for number; nothing went out as text.
      expect(decoded).toEqual({ ...json, request_id: 77 });
      expect(binaryClient.messages.slice(before).filter((m) => m.type === 'acquisition_review')).toEqual([]);
    } finally {
      await binaryClient.close();
    }
    // A JSON-only client asking for binary is answered in JSON.
    const fallback = await review({ ...span, encoding: 'binary' });
    expect(fallback).toEqual({ ...json, request_id: fallback.request_id });
  });

  it.each([
    [{ pixels: 10, encoding: 'msgpack' }, 'invalid_message'],
    [{ pixels: 0 }, 'invalid_message'],
    [{ pixels: 8193 }, 'invalid_message'],
    [{ pixels: 10, to_sample: 1e9 }, 'out_of_range'],
    [{ pixels: 10, from_sample: 50, to_sample: 50 }, 'out_of_range'],
    [{ pixels: 10, channels: ['CH3'] }, 'not_found'],
    [{ pixels: 10, acquisition_id: 'acq_000000000000' }, 'not_found'],
    [{ pixels: 10, acquisition_id: '../x' }, 'not_found'],
  ])('refuses %j with %s', async (fields, code) => {
    const reply = await client.request({ type: 'review_acquisition', acquisition_id: finishedId, ...fields });
    expect(reply).toMatchObject({ type: 'error', code });
    expect((reply as ErrorMessage).message.length).toBeGreaterThan(10);
  });
});
