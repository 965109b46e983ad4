import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientMessageSchemas, validateClientMessage } from '../../../shared/protocol/index.js';
import { unitOfField } from '../../../shared/protocol/issues.js';

/** The error message for `message`; fails the test if it was accepted. */
function messageFor(message: Record<string, unknown>): string {
  const result = validateClientMessage(message);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.message)}`);
  return result.error.message;
}

const capture = {
  type: 'create_acquisition',
  equipment_id: 'scope_1',
  mode: 'single',
  sample_rate: 1000,
  channels: ['CH1'],
  duration_s: 1,
};
const estimate = { type: 'estimate_export', acquisition_id: 'acq_0123456789ab', format: 'csv' };

describe('protocol errors in words', () => {
  it('gives a bound in the field’s unit, as a person would say it', () => {
    // Was "estimate_export: start_s: Too small: expected number to be >=0".
    expect(messageFor({ ...estimate, start_s: -1 })).toBe('estimate_export: start_s must be at least 0 s');
    expect(messageFor({ ...estimate, end_s: 0 })).toBe('estimate_export: end_s must be more than 0 s');
    expect(messageFor({ ...capture, duration_s: -1 })).toBe(
      'create_acquisition: duration_s must be more than 0 s',
    );
    expect(messageFor({ ...capture, sample_rate: 0 })).toMatch(
      /^create_acquisition: sample_rate must be (more than|at least) [\d,.]+ Hz$/,
    );
    expect(
      messageFor({
        ...capture,
        mode: 'triggered',
        trigger: { channel: 'CH1', level: 0, pre_trigger_samples: -1 },
      }),
    ).toBe('create_acquisition: trigger.pre_trigger_samples must be at least 0 samples');
  });

  it('says what kind of value a field takes, and what was sent instead', () => {
    expect(messageFor({ ...capture, sample_rate: 'abc' })).toBe(
      'create_acquisition: sample_rate must be a number, not text ("abc")',
    );
    expect(messageFor({ ...capture, num_samples: 1.5, duration_s: undefined })).toBe(
      'create_acquisition: num_samples must be a whole number, not 1.5',
    );
    expect(messageFor({ type: 'start_stream', stream_type: 'readings' })).toBe(
      'start_stream: equipment_id is missing: it must be text',
    );
    expect(messageFor({ ...capture, mode: 'burst' })).toBe(
      'create_acquisition: mode must be one of "continuous", "single", "triggered", "single_deep"',
    );
    expect(messageFor({ type: 'ping', request_id: 1.5 })).toBe(
      'ping: request_id must be text or a whole number',
    );
  });

  it('counts lists and text in items and characters', () => {
    expect(messageFor({ ...capture, channels: [] })).toBe(
      'create_acquisition: channels must list at least one',
    );
    expect(messageFor({ ...capture, channels: Array.from({ length: 9 }, (_, i) => `CH${i}`) })).toBe(
      'create_acquisition: channels must list at most 8',
    );
    expect(messageFor({ ...capture, name: 'x'.repeat(201) })).toBe(
      'create_acquisition: name must be at most 200 characters long',
    );
    expect(messageFor({ ...capture, equipment_id: '' })).toBe(
      'create_acquisition: equipment_id must not be empty',
    );
  });

  it('never answers in zod’s own words, whatever field holds whatever value', () => {
    const types = Object.keys(clientMessageSchemas);
    const junk = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer()),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.dictionary(
          fc.constantFrom(
            'equipment_id',
            'channels',
            'start_s',
            'sample_rate',
            'interval_ms',
            'mode',
            'request_id',
            'channel',
          ),
          junk,
        ),
        (type, fields) => {
          const result = validateClientMessage({ type, ...fields });
          if (result.ok) return;
          expect(result.error.message).not.toMatch(
            /Too small|Too big|Invalid input|expected \w+ to|received/,
          );
        },
      ),
    );
  });

  it('reads a field’s unit from its wire name', () => {
    expect(unitOfField('interval_ms')).toBe('ms');
    expect(unitOfField('start_s')).toBe('s');
    expect(unitOfField('sample_rate')).toBe('Hz');
    expect(unitOfField('trigger.pre_trigger_samples')).toBe('samples');
    expect(unitOfField('channel')).toBeUndefined();
  });
});
