import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  MAX_REQUEST_ID_LENGTH,
  PROTOCOL_VERSION,
  clientMessageSchemas,
  parseClientMessage,
  validateClientMessage,
  type ParseResult,
} from '../../../shared/protocol/index.js';

/** The error of a rejected parse; fails the test if the input was accepted. */
function rejected(result: ParseResult): Extract<ParseResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.message)}`);
  return result;
}

const startReadings = {
  type: 'start_stream',
  equipment_id: 'psu_1',
  stream_type: 'readings',
  interval_ms: 100,
};

describe('parseClientMessage: malformed input', () => {
  it.each([
    '',
    '{',
    '{"type":"ping"',
    'ping',
    "{'type':'ping'}",
    '{"type":"ping",}',
    'NaN',
    '[1,]',
    '\u0000',
  ])('answers bad_json for %j', (text) => {
    const { error, request_id } = rejected(parseClientMessage(text));
    expect(error.code).toBe('bad_json');
    expect(error.message).toMatch(/^not valid JSON/);
    expect(request_id).toBeUndefined();
  });

  it.each([
    ['an array', '[]'],
    ['an array of a message', '[{"type":"ping"}]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"ping"'],
    ['a boolean', 'true'],
  ])('answers invalid_message for %s', (_what, text) => {
    const { error } = rejected(parseClientMessage(text));
    expect(error.code).toBe('invalid_message');
    expect(error.message).toMatch(/JSON object/);
  });
});

describe('validateClientMessage: type', () => {
  it('answers unknown_type for a missing type, naming the field', () => {
    const { error, request_id } = rejected(validateClientMessage({ request_id: 'a1' }));
    expect(error.code).toBe('unknown_type');
    expect(error.message).toContain('type');
    expect(error.details).toMatchObject({ field: 'type' });
    expect(request_id).toBe('a1');
  });

  it.each([5, null, true, ['ping'], { name: 'ping' }])('answers unknown_type for a type of %j', (type) => {
    const { error } = rejected(validateClientMessage({ type }));
    expect(error.code).toBe('unknown_type');
    expect(error.details).toMatchObject({ field: 'type' });
  });

  it.each(['pong', 'PING', 'start-stream', '', 'toString', '__proto__', 'constructor', 'x'.repeat(300)])(
    'answers unknown_type for type %j and lists the known types',
    (type) => {
      const { error } = rejected(validateClientMessage({ type, request_id: 9 }));
      expect(error.code).toBe('unknown_type');
      expect(error.message.length).toBeLessThan(200);
      expect(error.details?.known).toEqual(Object.keys(clientMessageSchemas));
    },
  );

  it('accepts every documented command in its minimal form', () => {
    const minimal = [
      { type: 'hello', protocol: PROTOCOL_VERSION },
      { type: 'ping' },
      { type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings' },
      { type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' },
      { type: 'shift_stream', equipment_id: 'scope_1', stream_type: 'waveform', shift_ms: -4.25 },
      { type: 'start_acquisition_stream', acquisition_id: 'acq_1' },
      { type: 'stop_acquisition_stream', acquisition_id: 'acq_1' },
      { type: 'get_info' },
      { type: 'get_parameters', equipment_id: 'psu_1' },
      { type: 'set_parameter', equipment_id: 'psu_1', parameter: 'voltage_set', value: 5, channel: 1 },
      { type: 'get_stats' },
      { type: 'start_stats' },
      { type: 'stop_stats' },
      { type: 'add_instrument', instrument: { id: 'psu_2', driver: 'sim-psu', label: 'Supply 2' } },
      { type: 'remove_instrument', equipment_id: 'psu_2' },
      { type: 'get_events' },
      { type: 'probe_instrument', host: '192.168.1.40', port: 5555 },
      { type: 'discover_instruments' },
      {
        type: 'create_acquisition',
        equipment_id: 'scope_1',
        mode: 'continuous',
        sample_rate: 1_000,
        channels: ['CH1'],
      },
      { type: 'start_acquisition', acquisition_id: 'acq_0123456789ab' },
      { type: 'pause_acquisition', acquisition_id: 'acq_0123456789ab' },
      { type: 'resume_acquisition', acquisition_id: 'acq_0123456789ab' },
      { type: 'stop_acquisition', acquisition_id: 'acq_0123456789ab' },
      { type: 'list_acquisitions' },
      { type: 'get_acquisition', acquisition_id: 'acq_0123456789ab' },
      { type: 'delete_acquisition', acquisition_id: 'acq_0123456789ab' },
      { type: 'export_acquisition', acquisition_id: 'acq_0123456789ab', format: 'csv' },
      { type: 'estimate_export', acquisition_id: 'acq_0123456789ab', format: 'hdf5' },
      { type: 'cancel_export', export_id: 'exp_0123456789ab' },
      {
        type: 'export_view',
        format: 'csv',
        title: 'Scope',
        x_name: 'time',
        x_unit: 's',
        row_count: 1,
        series: [{ name: 'CH1', unit: 'V' }],
        provenance: {},
      },
      {
        type: 'export_view_part',
        upload_id: 'view_0123456789ab',
        column: 0,
        offset: 0,
        values: 'AAAAAAAAAAA=',
      },
      { type: 'list_setups' },
      { type: 'save_setup', name: 'bring-up', scope: 'bench' },
      { type: 'recall_setup', name: 'bring-up' },
      { type: 'delete_setup', name: 'bring-up' },
      { type: 'import_setup', text: '{}' },
      { type: 'export_setup', name: 'bring-up' },
      { type: 'get_stream_preferences' },
      { type: 'get_spectrum', equipment_id: 'scope_1', channel: 'M1', window: 'hann' },
      {
        type: 'set_stream_preference',
        preference: { equipment_id: 'psu_1', stream_type: 'readings', running: false, rate: 'display' },
      },
      {
        type: 'define_alarm',
        alarm: {
          name: 'CH1 over-current',
          equipment_id: 'psu_1',
          stream_type: 'readings',
          field: 'current',
          channel: 1,
          condition: { kind: 'above', limit: 0.8 },
          level: 'alarm',
          holdoff_ms: 0,
          action: { kind: 'notify' },
        },
      },
      {
        type: 'update_alarm',
        alarm_id: 'a1',
        alarm: {
          name: 'CH1 band',
          equipment_id: 'psu_1',
          stream_type: 'readings',
          field: 'voltage',
          channel: 1,
          condition: { kind: 'outside', low: 4.5, high: 5.5 },
          level: 'warning',
          holdoff_ms: 500,
          action: { kind: 'outputs_off', scope: 'bench' },
        },
      },
      { type: 'delete_alarm', alarm_id: 'a1' },
      { type: 'list_alarms' },
      { type: 'acknowledge_alarm', alarm_id: 'a1' },
      { type: 'get_fleet' },
      { type: 'fleet_command', bench: 'bench-a', command: { type: 'ping' } },
      { type: 'fleet_lease', bench: 'bench-a', action: 'take' },
      { type: 'get_fleet_history', bench: 'bench-a' },
      { type: 'fleet_subscribe', bench: 'bench-a' },
      { type: 'fleet_unsubscribe', bench: 'bench-a' },
      { type: 'fleet_ack', flush: 1 },
      { type: 'get_measurement_stats', equipment_id: 'scope_1' },
      { type: 'reset_measurement_stats', equipment_id: 'scope_1' },
      { type: 'get_trend_history' },
      { type: 'review_acquisition', acquisition_id: 'acq_1', pixels: 1 },
    ];
    expect(minimal.map((m) => m.type).sort()).toEqual(Object.keys(clientMessageSchemas).sort());
    for (const message of minimal) {
      const result = validateClientMessage(message);
      expect(result, JSON.stringify(message)).toEqual({ ok: true, message });
    }
  });
});

describe('validateClientMessage: fields', () => {
  it('checks fleet_subscribe: a bench id and a boolean waveforms, nothing else', () => {
    expect(
      validateClientMessage({ type: 'fleet_subscribe', bench: 'bench-a', waveforms: true }),
    ).toMatchObject({
      ok: true,
    });
    expect(validateClientMessage({ type: 'fleet_subscribe', bench: 'bench a' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(
      validateClientMessage({ type: 'fleet_subscribe', bench: 'bench-a', waveforms: 'yes' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(validateClientMessage({ type: 'fleet_unsubscribe', bench: 'bench-a', all: true })).toMatchObject({
      ok: false,
    });
  });

  it('checks fleet_ack: a flush number of 1..2^32-1 and an after_ms of 0..100, and fleet_subscribe a boolean ack', () => {
    expect(validateClientMessage({ type: 'fleet_ack', flush: 2 ** 32 - 1 })).toMatchObject({ ok: true });
    for (const flush of [0, 1.5, 2 ** 32, '3', undefined]) {
      expect(validateClientMessage({ type: 'fleet_ack', flush }), String(flush)).toMatchObject({
        ok: false,
        error: { code: 'invalid_message' },
      });
    }
    // after_ms: the wait before the next flush, 0..100 ms.
    for (const after_ms of [0, 8.5, 100])
      expect(
        validateClientMessage({ type: 'fleet_ack', flush: 1, after_ms }),
        String(after_ms),
      ).toMatchObject({
        ok: true,
      });
    for (const after_ms of [-1, 100.5, '5', null, Number.NaN])
      expect(
        validateClientMessage({ type: 'fleet_ack', flush: 1, after_ms }),
        String(after_ms),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_message' },
      });
    expect(validateClientMessage({ type: 'fleet_subscribe', bench: 'b', ack: true })).toMatchObject({
      ok: true,
    });
    expect(validateClientMessage({ type: 'fleet_subscribe', bench: 'b', ack: 1 })).toMatchObject({
      ok: false,
    });
  });

  it('accepts the streaming guide start_stream exactly as the guide writes it', () => {
    expect(validateClientMessage(startReadings)).toEqual({ ok: true, message: startReadings });
  });

  it.each([
    ['equipment_id', { type: 'start_stream', stream_type: 'readings' }],
    ['stream_type', { type: 'start_stream', equipment_id: 'psu_1' }],
    ['acquisition_id', { type: 'stop_acquisition_stream' }],
    ['parameter', { type: 'set_parameter', equipment_id: 'psu_1', value: 1 }],
    ['value', { type: 'set_parameter', equipment_id: 'psu_1', parameter: 'voltage_set' }],
    ['protocol', { type: 'hello', token: 't' }],
    ['shift_ms', { type: 'shift_stream', equipment_id: 'scope_1', stream_type: 'waveform' }],
  ])('names a missing %s', (field, message) => {
    const { error } = rejected(validateClientMessage(message));
    expect(error.code).toBe('invalid_message');
    expect(error.details).toMatchObject({ field });
    expect(error.message).toContain(field);
  });

  it.each([
    ['intervalMs', { ...startReadings, intervalMs: 100 }],
    [
      'equipmentId',
      { type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings', equipmentId: 'x' },
    ],
    ['payload', { type: 'ping', payload: {} }],
    ['__proto__', JSON.parse('{"type":"ping","__proto__":{"polluted":true}}') as unknown],
  ])('names an unknown field %s instead of ignoring it', (field, message) => {
    const { error } = rejected(validateClientMessage(message));
    expect(error.code).toBe('invalid_message');
    expect(error.message).toContain(`unknown field: ${field}`);
    expect(error.details).toMatchObject({ field });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names every unknown field when there are several', () => {
    const { error } = rejected(validateClientMessage({ type: 'ping', a: 1, b: 2 }));
    expect(error.message).toContain('unknown fields: a, b');
  });

  it.each([
    ['interval_ms', { ...startReadings, interval_ms: '100' }],
    ['interval_ms', { ...startReadings, interval_ms: null }],
    ['equipment_id', { ...startReadings, equipment_id: 1 }],
    ['equipment_id', { ...startReadings, equipment_id: '' }],
    ['equipment_id', { ...startReadings, equipment_id: 'x'.repeat(65) }],
    ['stream_type', { ...startReadings, stream_type: ['readings'] }],
    ['channel', { ...startReadings, channel: 0 }],
    ['shift_ms', { type: 'shift_stream', equipment_id: 'psu_1', stream_type: 'readings', shift_ms: '3' }],
    ['shift_ms', { type: 'shift_stream', equipment_id: 'psu_1', stream_type: 'readings', shift_ms: 6e4 + 1 }],
    ['channel', { ...startReadings, channel: 1.5 }],
    ['channel', { ...startReadings, channel: '1' }],
    ['full_resolution', { ...startReadings, full_resolution: 'yes' }],
    ['client_time', { type: 'ping', client_time: 'now' }],
    ['protocol', { type: 'hello', protocol: '1' }],
    ['protocol', { type: 'hello', protocol: 1.5 }],
    ['encodings', { type: 'hello', protocol: 1, encodings: ['xml'] }],
    ['encodings', { type: 'hello', protocol: 1, encodings: [] }],
    ['token', { type: 'hello', protocol: 1, token: 42 }],
    ['value', { type: 'set_parameter', equipment_id: 'psu_1', parameter: 'p', value: null }],
    ['value', { type: 'set_parameter', equipment_id: 'psu_1', parameter: 'p', value: { v: 1 } }],
    ['num_samples', { type: 'start_acquisition_stream', acquisition_id: 'a', num_samples: 0.5 }],
    ['from_sample', { type: 'start_acquisition_stream', acquisition_id: 'a', from_sample: -1 }],
  ])('names a wrong-typed %s', (field, message) => {
    const { error } = rejected(validateClientMessage(message));
    expect(error.code).toBe('invalid_message');
    expect(error.details).toMatchObject({ field: expect.stringContaining(field) as unknown });
    expect(error.message.startsWith(`${message.type}: ${field}`)).toBe(true);
  });

  it('rejects an infinite number (JSON 1e400) as a field error, before any range check', () => {
    const { error } = rejected(
      parseClientMessage(
        '{"type":"start_stream","equipment_id":"psu_1","stream_type":"readings","interval_ms":1e400}',
      ),
    );
    expect(error.code).toBe('invalid_message');
    expect(error.details).toMatchObject({ field: 'interval_ms' });
  });

  it('leaves range checks to the server: out-of-range numbers of the right type pass validation', () => {
    for (const interval_ms of [-1, 0, 0.5, 1e12]) {
      expect(validateClientMessage({ ...startReadings, interval_ms }).ok).toBe(true);
    }
  });
});

describe('validateClientMessage: request_id', () => {
  it.each(['abc', 'x'.repeat(MAX_REQUEST_ID_LENGTH), 0, -7, 42, Number.MAX_SAFE_INTEGER])(
    'accepts and keeps request_id %j',
    (request_id) => {
      const result = validateClientMessage({ type: 'ping', request_id });
      expect(result).toEqual({ ok: true, message: { type: 'ping', request_id } });
    },
  );

  it.each([
    ['a bad field', { type: 'ping', request_id: 'r1', extra: true }, 'r1'],
    ['an unknown type', { type: 'nope', request_id: 12 }, 12],
    ['a missing type', { request_id: 'r2' }, 'r2'],
    ['a wrong-typed field', { ...startReadings, interval_ms: 'fast', request_id: 'r3' }, 'r3'],
  ])('echoes a usable request_id in the error for %s', (_what, message, id) => {
    expect(rejected(validateClientMessage(message)).request_id).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(MAX_REQUEST_ID_LENGTH + 1)],
    ['fractional', 1.5],
    ['unsafe', 2 ** 53],
    ['an object', { id: 1 }],
    ['null', null],
  ])('rejects a request_id that is %s and does not echo it', (_what, request_id) => {
    const result = rejected(validateClientMessage({ type: 'ping', request_id }));
    expect(result.error.code).toBe('invalid_message');
    expect(result.error.details).toMatchObject({ field: 'request_id' });
    expect(result.request_id).toBeUndefined();
  });
});

describe('validateClientMessage: hello from another protocol version', () => {
  it('reduces it to its version (and request id) so the server can answer protocol_mismatch', () => {
    const hello = {
      type: 'hello',
      protocol: PROTOCOL_VERSION + 1,
      token: 't',
      request_id: 'h',
      resume: { from: 3 },
    };
    expect(validateClientMessage(hello)).toEqual({
      ok: true,
      message: { type: 'hello', protocol: PROTOCOL_VERSION + 1, request_id: 'h' },
    });
  });

  it('still checks every field of a hello that claims this version', () => {
    const { error } = rejected(
      validateClientMessage({ type: 'hello', protocol: PROTOCOL_VERSION, resume: true }),
    );
    expect(error.code).toBe('invalid_message');
    expect(error.details).toMatchObject({ field: 'resume' });
  });
});

describe('the validator never throws (property-based)', () => {
  const knownCodes = new Set<string>(ERROR_CODES);
  function assertWellFormed(result: ParseResult): void {
    if (result.ok) {
      expect(Object.keys(clientMessageSchemas)).toContain(result.message.type);
      return;
    }
    expect(knownCodes.has(result.error.code)).toBe(true);
    expect(typeof result.error.message).toBe('string');
    // The reply is sent as JSON: it must survive a round trip.
    expect(() => JSON.stringify(result)).not.toThrow();
  }

  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assertWellFormed(validateClientMessage(value));
        assertWellFormed(parseClientMessage(JSON.stringify(value) ?? 'null'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('on any string, JSON or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (text) => {
        assertWellFormed(parseClientMessage(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('on arbitrary values, including null-prototype objects, sparse arrays and boxed values', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withBoxedValues: true,
        }),
        (value) => {
          const result = validateClientMessage(value);
          expect(result.ok || knownCodes.has(result.error.code)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('on objects that look like real commands with any value in any field', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom(1e308, -0, 2 ** 53, '', 'psu_1', 'readings'));
    const commandLike = fc.record(
      {
        type: fc.constantFrom(...Object.keys(clientMessageSchemas), 'bogus'),
        request_id: field,
        equipment_id: field,
        stream_type: field,
        interval_ms: field,
        channel: field,
        protocol: field,
        token: field,
        parameter: field,
        value: field,
        acquisition_id: field,
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(commandLike, (value) => assertWellFormed(validateClientMessage(value))),
      { numRuns: 3_000 },
    );
  });
});

describe('validateClientMessage: export commands', () => {
  it('rejects an unknown format and a path on an estimate, naming the field', () => {
    const badFormat = validateClientMessage({
      type: 'export_acquisition',
      acquisition_id: 'acq_0123456789ab',
      format: 'xlsx',
    });
    expect(badFormat).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', details: { field: 'format' } },
    });
    const pathOnEstimate = validateClientMessage({
      type: 'estimate_export',
      acquisition_id: 'acq_0123456789ab',
      format: 'csv',
      path: '/tmp/x.csv',
    });
    expect(pathOnEstimate).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', details: { field: 'path' } },
    });
  });
  it('rejects a negative start and more than eight channels', () => {
    expect(
      validateClientMessage({
        type: 'export_acquisition',
        acquisition_id: 'acq_0123456789ab',
        format: 'csv',
        start_s: -1,
      }),
    ).toMatchObject({ ok: false, error: { details: { field: 'start_s' } } });
    expect(
      validateClientMessage({
        type: 'export_acquisition',
        acquisition_id: 'acq_0123456789ab',
        format: 'csv',
        channels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
      }),
    ).toMatchObject({ ok: false, error: { details: { field: 'channels' } } });
  });
});
