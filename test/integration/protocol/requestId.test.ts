import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RequestId, type ServerMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { TestClient } from '../../helpers/testBackend.js';

describe('request_id correlation', () => {
  const fixture = useTestBackend();

  /** Sends `message` with `id` and resolves with the one reply carrying that id. */
  function reply(
    client: TestClient,
    message: Record<string, unknown>,
    id: RequestId,
  ): Promise<ServerMessage> {
    client.send({ ...message, request_id: id });
    return client.next((m) => 'request_id' in m && m.request_id === id);
  }

  const ids: [string, (n: number) => RequestId][] = [
    ['string', (n) => `req-${n}`],
    ['number', (n) => 1_000 + n],
  ];

  describe.each(ids)('with %s ids', (_kind, id) => {
    it('echoes them on every acknowledgement', async () => {
      const client = fixture.track(await TestClient.open(fixture.backend.wsUrl));
      const acks: [Record<string, unknown>, string][] = [
        [{ type: 'hello', protocol: PROTOCOL_VERSION, token: fixture.backend.token }, 'welcome'],
        [{ type: 'ping', client_time: 12.5 }, 'pong'],
        [{ type: 'get_info' }, 'info'],
        [{ type: 'get_parameters', equipment_id: 'psu_1' }, 'parameters'],
        [
          { type: 'set_parameter', equipment_id: 'psu_1', channel: 2, parameter: 'voltage_set', value: 6 },
          'parameter_set',
        ],
        [
          { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 1_000 },
          'stream_started',
        ],
        [{ type: 'get_stats' }, 'stats'],
        [{ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' }, 'stream_stopped'],
      ];
      for (const [n, [message, type]] of acks.entries()) {
        const answer = await reply(client, message, id(n));
        expect(answer.type, JSON.stringify(message)).toBe(type);
      }
      const pong = client.ofType('pong')[0];
      expect(pong?.client_time).toBe(12.5);
      // Exactly one reply per id: nothing was answered twice.
      const echoed = client.messages.flatMap((m) =>
        'request_id' in m && m.request_id !== undefined ? [m.request_id] : [],
      );
      expect(echoed).toEqual(acks.map((_, n) => id(n)));
    });

    it('echoes them on every kind of error', async () => {
      const client = await fixture.connect('json');
      const errors: [Record<string, unknown>, string][] = [
        [{ type: 'ping', extra: 1 }, 'invalid_message'],
        [{ type: 'no_such_command' }, 'unknown_type'],
        [{ equipment_id: 'psu_1' }, 'unknown_type'],
        [
          { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 'x' },
          'invalid_message',
        ],
        [
          { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 1 },
          'out_of_range',
        ],
        [{ type: 'start_stream', equipment_id: 'nope', stream_type: 'readings' }, 'unknown_equipment'],
        [{ type: 'start_stream', equipment_id: 'psu_1', stream_type: 'spectrum' }, 'unknown_stream_type'],
        [{ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' }, 'not_found'],
        [
          { type: 'set_parameter', equipment_id: 'psu_1', channel: 1, parameter: 'colour', value: 1 },
          'unknown_parameter',
        ],
        [
          { type: 'set_parameter', equipment_id: 'psu_1', channel: 1, parameter: 'voltage_set', value: 99 },
          'out_of_range',
        ],
        [{ type: 'start_acquisition_stream', acquisition_id: 'acq_1' }, 'not_found'],
      ];
      for (const [n, [message, code]] of errors.entries()) {
        const answer = await reply(client, message, id(n));
        expect(answer, JSON.stringify(message)).toMatchObject({ type: 'error', code });
      }
    });
  });

  it('keeps the id of a reply independent of replies to other clients', async () => {
    const a = await fixture.connect('json');
    const b = await fixture.connect('json');
    const [pa, pb] = await Promise.all([
      reply(a, { type: 'ping' }, 'same'),
      reply(b, { type: 'get_info' }, 'same'),
    ]);
    expect(pa.type).toBe('pong');
    expect(pb.type).toBe('info');
    expect(a.messages).toHaveLength(1);
    expect(b.messages).toHaveLength(1);
  });

  it('omits request_id from replies to commands that had none', async () => {
    const client = await fixture.connect('json');
    client.send({ type: 'ping' });
    const pong = await client.next((m) => m.type === 'pong');
    expect('request_id' in pong).toBe(false);
  });
});
