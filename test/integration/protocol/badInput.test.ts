import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ErrorCode,
  ErrorMessage,
  ParametersMessage,
  PongMessage,
  StreamDataMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { type TestClient, until } from '../../helpers/testBackend.js';

/**
 * Every kind of bad input gets its documented error, and nothing else happens: no acknowledgement, no
 * stream started or stopped, and the connection answers the next ping.
 */
describe('bad input', () => {
  const fixture = useTestBackend();
  let client: TestClient;
  beforeEach(async () => {
    client = await fixture.connect('json');
  });

  /** Sends raw text or a binary frame; resolves with the single reply it caused. */
  async function replyTo(payload: string | Buffer): Promise<ErrorMessage> {
    const from = client.messages.length;
    client.ws.send(payload, { binary: typeof payload !== 'string' });
    const answer = await client.nextAfter(from, (m) => m.type !== 'stream_data' && m.type !== 'event');
    // Exactly one reply: a ping sent afterwards is answered next, with nothing in between.
    const pong = await client.request<PongMessage>({ type: 'ping' });
    expect(pong.type).toBe('pong');
    const replies = client.messages.slice(from).filter((m) => m.type !== 'stream_data' && m.type !== 'event');
    expect(replies).toEqual([answer, pong]);
    expect(answer.type).toBe('error');
    return answer as ErrorMessage;
  }

  async function expectError(message: unknown, code: ErrorCode, field?: string): Promise<ErrorMessage> {
    const error = await replyTo(typeof message === 'string' ? message : JSON.stringify(message));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
    if (field !== undefined) {
      expect(error.details).toMatchObject({ field });
      expect(error.message).toContain(field);
    }
    return error;
  }

  const start = { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings' };

  it.each(['{', '{"type":"ping"', 'ping', '{"type":"ping",}', "{'type':'ping'}", '\u00ff\u00fe', ''])(
    'answers malformed JSON %j with bad_json',
    async (text) => {
      await expectError(text, 'bad_json');
    },
  );

  it.each(['[]', '[{"type":"ping"}]', '42', 'null', '"ping"', 'false'])(
    'answers JSON that is no object (%s) with invalid_message',
    async (text) => {
      await expectError(text, 'invalid_message');
    },
  );

  it.each([{ type: 'pong' }, { type: 'START_STREAM' }, { type: 7 }, { equipment_id: 'psu_1' }])(
    'answers %j with unknown_type',
    async (message) => {
      await expectError(message, 'unknown_type', 'type');
    },
  );

  it.each([
    ['a missing equipment_id', { type: 'start_stream', stream_type: 'readings' }, 'equipment_id'],
    ['a missing stream_type', { type: 'stop_stream', equipment_id: 'psu_1' }, 'stream_type'],
    ['an extra field', { ...start, intervalMs: 100 }, 'intervalMs'],
    ['a string interval', { ...start, interval_ms: '100' }, 'interval_ms'],
    ['a numeric equipment id', { ...start, equipment_id: 1 }, 'equipment_id'],
    ['a channel 0', { ...start, channel: 0 }, 'channel'],
    [
      'an object value',
      { type: 'set_parameter', equipment_id: 'psu_1', parameter: 'voltage_set', value: {} },
      'value',
    ],
  ])('answers %s with invalid_message naming the field', async (_what, message, field) => {
    await expectError(message, 'invalid_message', field);
    expect(fixture.backend.streams.subscriptionCount).toBe(0);
  });

  it('answers an infinite interval (1e400 in JSON) with invalid_message', async () => {
    await expectError(
      '{"type":"start_stream","equipment_id":"psu_1","stream_type":"readings","interval_ms":1e400}',
      'invalid_message',
      'interval_ms',
    );
  });

  it.each([-100, -0.5, 0, 0.5, 9.999, 60_000.5, 1e12, Number.MAX_VALUE])(
    'answers interval_ms %d with out_of_range and its limits',
    async (interval_ms) => {
      const error = await expectError({ ...start, interval_ms }, 'out_of_range', 'interval_ms');
      expect(error.details).toMatchObject({ min: 10, max: 60_000 });
      expect(client.ofType('stream_started')).toHaveLength(0);
      expect(fixture.backend.streams.subscriptionCount).toBe(0);
    },
  );

  it('answers a channel the instrument lacks with out_of_range', async () => {
    const error = await expectError({ ...start, channel: 4 }, 'out_of_range', 'channel');
    expect(error.details).toMatchObject({ min: 1, max: 3, value: 4 });
  });

  it.each([
    ['start_stream', { ...start, equipment_id: 'scope_9' }],
    ['stop_stream', { type: 'stop_stream', equipment_id: 'scope_9', stream_type: 'readings' }],
    ['get_parameters', { type: 'get_parameters', equipment_id: 'scope_9' }],
    ['set_parameter', { type: 'set_parameter', equipment_id: 'scope_9', parameter: 'x', value: 1 }],
  ])(
    'answers %s on an unknown instrument with unknown_equipment listing the known ones',
    async (_what, message) => {
      const error = await expectError(message, 'unknown_equipment');
      expect(error.details).toMatchObject({ equipment_id: 'scope_9', known: ['psu_1'] });
    },
  );

  it.each(['spectrum', 'READINGS', 'waveform'])(
    'answers stream type %j with unknown_stream_type',
    async (stream_type) => {
      await expectError({ ...start, stream_type }, 'unknown_stream_type');
    },
  );

  it('answers stopping a stream that was never started with not_found', async () => {
    await expectError({ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' }, 'not_found');
    await expectError(
      { type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings', channel: 2 },
      'not_found',
    );
  });

  it('answers acquisition stream commands for an acquisition that does not exist with not_found', async () => {
    await expectError(
      { type: 'start_acquisition_stream', acquisition_id: 'acq_1', interval_ms: 100, num_samples: 100 },
      'not_found',
    );
    await expectError({ type: 'stop_acquisition_stream', acquisition_id: 'acq_1' }, 'not_found');
  });

  it('answers bad settings with unknown_parameter or out_of_range and changes nothing', async () => {
    const set = { type: 'set_parameter', equipment_id: 'psu_1', channel: 3 };
    await expectError({ ...set, parameter: 'colour', value: 'red' }, 'unknown_parameter');
    const error = await expectError({ ...set, parameter: 'voltage_set', value: 5.5 }, 'out_of_range');
    expect(error.details).toMatchObject({ min: 0, max: 5, parameter: 'voltage_set' });
    const params = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect(params.channels['3']?.voltage_set).toBe(0);
  });

  it('answers a binary frame with invalid_message', async () => {
    const error = await replyTo(Buffer.from([0x42, 0x54, 0x46, 0x31, 0, 1, 2, 3]));
    expect(error.code).toBe('invalid_message');
    expect(error.message).toMatch(/binary/);
  });

  it('keeps a running stream running, unchanged, through a series of bad commands', async () => {
    await client.request({ ...start, interval_ms: 20 });
    await client.next((m) => m.type === 'stream_data');
    await expectError({ ...start, interval_ms: 1 }, 'out_of_range');
    await expectError(
      { type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings', channel: 1 },
      'not_found',
    );
    await expectError('{{', 'bad_json');
    await replyTo(Buffer.from('{"type":"stop_stream"}'));
    const before = client.ofType('stream_data').length;
    await until(() => client.ofType('stream_data').length > before, 'the stream carrying on');
    const data = client.ofType('stream_data') as StreamDataMessage[];
    expect(data.map((d) => d.seq)).toEqual(data.map((_, i) => i));
    expect(new Set(data.map((d) => d.stream_id)).size).toBe(1);
    expect(client.ofType('stream_stopped')).toHaveLength(0);
  });
});
