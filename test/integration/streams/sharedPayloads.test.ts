import { describe, expect, it } from 'vitest';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { decodeFrame } from '../../../shared/codec/frame.js';
import type { StreamDataMessage, WaveformJsonData } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { until } from '../../helpers/testBackend.js';

/**
 * Stream payloads shared by several subscribers go out as WebSocket fragments (own header, shared bytes);
 * a client must see exactly one whole message each time, identical in content for every subscriber.
 */
describe('shared payloads, sent in fragments', () => {
  const fixture = useTestBackend({ lazy: true });

  it('delivers whole messages of large JSON and binary waveforms to every subscriber', async () => {
    await fixture.start({
      drivers: [new SimOscilloscope({ id: 'scope_1', seed: 4, initial: { recordLength: 100_000 } })],
    });
    const json = [await fixture.connect('json'), await fixture.connect('json')];
    const binary = [await fixture.connect('binary'), await fixture.connect('binary')];
    // 8192 values per channel as JSON is ~150 kB of data: the fragmented path.
    const start = { type: 'start_stream', equipment_id: 'scope_1', stream_type: 'waveform', interval_ms: 50 };
    for (const c of json) await c.request({ ...start, width: 8192 });
    for (const c of binary) await c.request({ ...start, width: 1000 });
    await until(
      () =>
        json.every((c) => c.ofType('stream_data').length >= 3) && binary.every((c) => c.binary.length >= 3),
      'three waveforms on every client',
    );
    for (const c of json) {
      const messages = c.ofType('stream_data') as StreamDataMessage[];
      expect(messages.map((m) => m.seq).slice(0, 3)).toEqual([0, 1, 2]);
      const data = messages[0]!.data as unknown as WaveformJsonData;
      expect(data.channels.CH1).toHaveLength(8192);
      expect(data.channels.CH2).toHaveLength(8192);
    }
    // Both JSON subscribers got the same record rendered the same way.
    const [a, b] = json.map((c) => c.ofType('stream_data') as StreamDataMessage[]);
    const common = a!.find((m) => b!.some((n) => n.timestamp === m.timestamp))!;
    expect(common).toBeDefined();
    expect(b!.find((n) => n.timestamp === common.timestamp)!.data).toEqual(common.data);
    for (const c of binary) {
      const frames = c.binary.map((b) => decodeFrame(b));
      expect(frames.map((f) => f.seq).slice(0, 3)).toEqual([0, 1, 2]);
      expect(frames[0]!.samplesPerChannel).toBe(2000);
      expect(frames[0]!.channelNumbers).toEqual([1, 2]);
    }
  });
});
