import { describe, expect, it } from 'vitest';
import type { StreamDataMessage } from '../../shared/protocol/index.js';
import { useTestBackend } from '../helpers/backendFixture.js';
import { sleep, until } from '../helpers/testBackend.js';

describe('readings stream over a real server', () => {
  const fixture = useTestBackend();

  it('starts, delivers stream_data with seq and timestamp every interval, and stops', async () => {
    const client = await fixture.connect('json');
    const started = await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    expect(started).toMatchObject({
      type: 'stream_started',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    // Counted, not timed: ten readings however long a loaded machine takes for them.
    await until(() => client.ofType('stream_data').length >= 10, 'ten readings');
    const data = client.ofType('stream_data') as StreamDataMessage[];
    expect(data.map((d) => d.seq)).toEqual(data.map((_, i) => i));
    for (const d of data) {
      expect(d.timestamp).toBeGreaterThan(Date.now() - 10_000);
      expect(d.data).toMatchObject({
        channel: 1,
        output_enabled: expect.any(Boolean),
        in_cv_mode: expect.any(Boolean),
      });
      expect(typeof d.data.voltage_actual).toBe('number');
      expect(typeof d.data.current_actual).toBe('number');
      expect((d.data.channels as unknown[]).length).toBe(3);
    }
    const stopped = await client.request({
      type: 'stop_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
    });
    expect(stopped).toMatchObject({ type: 'stream_stopped', equipment_id: 'psu_1', stream_type: 'readings' });
    const countAtStop = client.ofType('stream_data').length;
    await sleep(200);
    expect(client.ofType('stream_data').length).toBe(countAtStop);
    expect(fixture.backend.streams.producerCount).toBe(0);
  });

  it('answers ping with pong', async () => {
    const client = await fixture.connect('json');
    client.send({ type: 'ping' });
    await expect(client.next((m) => m.type === 'pong')).resolves.toMatchObject({ type: 'pong' });
  });

  it('selects one channel when asked', async () => {
    const client = await fixture.connect('json');
    await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
      channel: 3,
    });
    const data = await client.next<StreamDataMessage>((m) => m.type === 'stream_data');
    expect(data.data.channel).toBe(3);
    expect((data.data.channels as unknown[]).length).toBe(1);
  });
});
