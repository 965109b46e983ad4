import { describe, expect, it } from 'vitest';
import {
  AcquisitionError,
  targetSampleCount,
  validateAcquisitionConfig,
  type AcquisitionConfig,
} from '../../../src-main/acquisition/index.js';
import { ALLOWED_CHANNELS, scopeConfig } from './helpers.js';

function rejection(input: unknown): AcquisitionError {
  try {
    validateAcquisitionConfig(input, ALLOWED_CHANNELS);
  } catch (err) {
    if (err instanceof AcquisitionError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

const twoChannels = scopeConfig().channels.slice(0, 2);

describe('validateAcquisitionConfig', () => {
  it('accepts a plain continuous config and returns a copy', () => {
    const input = scopeConfig();
    const valid = validateAcquisitionConfig(input, ALLOWED_CHANNELS);
    expect(valid).toEqual(input);
    expect(valid.channels).not.toBe(input.channels);
  });

  it('accepts the limits: 10 MHz, 8 channels', () => {
    const channels = Array.from({ length: 8 }, (_, i) => ({ name: `C${i}`, unit: 'V' }));
    const allowed = channels.map((c) => c.name);
    expect(() =>
      validateAcquisitionConfig(scopeConfig({ sample_rate_hz: 10_000_000, channels }), allowed),
    ).not.toThrow();
  });

  it("holds streamed captures to 10 MHz but lets single_deep carry the scope's own rate", () => {
    // Was refused for every mode: a deep record at 1 GSa/s (a DS1054Z's) could not be captured.
    const deep = scopeConfig({ mode: 'single_deep', sample_rate_hz: 1e9 });
    expect(validateAcquisitionConfig(deep, ALLOWED_CHANNELS).sample_rate_hz).toBe(1e9);
    const streamed = rejection(scopeConfig({ mode: 'continuous', sample_rate_hz: 1e9 }));
    expect(streamed.details?.field).toBe('sample_rate_hz');
    expect(streamed.message).toBe('sample_rate_hz must be between 0.000001 Hz and 10 MHz');
    expect(rejection(scopeConfig({ mode: 'single_deep', sample_rate_hz: 1e12 })).details?.field).toBe(
      'sample_rate_hz',
    );
  });

  it('accepts the lowest rate, 0.000001 Hz, and refuses rates whose period is not a usable number', () => {
    expect(() =>
      validateAcquisitionConfig(scopeConfig({ sample_rate_hz: 0.000001 }), ALLOWED_CHANNELS),
    ).not.toThrow();
    // 1 / 5e-324 is Infinity: every sample time of such a capture would be garbage.
    for (const rate of [5e-324, 1e-300, 9.99e-7]) {
      const error = rejection(scopeConfig({ sample_rate_hz: rate }));
      expect(error.details?.field).toBe('sample_rate_hz');
      expect(error.message).toBe('sample_rate_hz must be between 0.000001 Hz and 10 MHz');
    }
  });

  it.each<[string, Partial<AcquisitionConfig> | Record<string, unknown>, string]>([
    ['zero rate', { sample_rate_hz: 0 }, 'sample_rate_hz'],
    ['negative rate', { sample_rate_hz: -1 }, 'sample_rate_hz'],
    ['rate over 10 MHz', { sample_rate_hz: 10_000_001 }, 'sample_rate_hz'],
    ['NaN rate', { sample_rate_hz: NaN }, 'sample_rate_hz'],
    ['infinite rate', { sample_rate_hz: Infinity }, 'sample_rate_hz'],
    ['no channels', { channels: [] }, 'channels'],
    [
      'nine channels',
      { channels: Array.from({ length: 9 }, (_, i) => ({ name: `CH${i}`, unit: 'V' })) },
      'channels',
    ],
    ['duplicate channel', { channels: [twoChannels[0], twoChannels[0]] }, 'channels'],
    ['unknown channel', { channels: [{ name: 'CH9', unit: 'V' }] }, 'channels'],
    ['negative duration', { duration_s: -1 }, 'duration_s'],
    ['zero duration', { duration_s: 0 }, 'duration_s'],
    ['infinite duration', { duration_s: Infinity }, 'duration_s'],
    ['duration under one sample', { duration_s: 1e-9 }, 'duration_s'],
    ['fractional num_samples', { num_samples: 1.5 }, 'num_samples'],
    ['zero num_samples', { num_samples: 0 }, 'num_samples'],
    ['both lengths', { num_samples: 10, duration_s: 1 }, 'duration_s'],
    ['single without length', { mode: 'single' }, 'num_samples'],
    ['triggered without trigger', { mode: 'triggered', num_samples: 100 }, 'trigger'],
    [
      'trigger on an uncaptured channel',
      {
        mode: 'triggered',
        channels: twoChannels,
        trigger: { channel: 'CH4', level: 0, edge: 'rising' },
      },
      'trigger.channel',
    ],
    [
      'pre-trigger longer than the capture',
      {
        mode: 'triggered',
        num_samples: 100,
        trigger: { channel: 'CH1', level: 0, edge: 'rising', pre_trigger_samples: 100 },
      },
      'trigger.pre_trigger_samples',
    ],
    ['trigger in continuous mode', { trigger: { channel: 'CH1', level: 0, edge: 'rising' } }, 'trigger'],
    ['unknown mode', { mode: 'burst' }, 'mode'],
    ['unknown field', { sampleRateHz: 5 }, '(config)'],
    ['overlong name', { name: 'x'.repeat(201) }, 'name'],
  ])('rejects %s', (_label, overrides, field) => {
    const error = rejection({ ...scopeConfig(), ...overrides });
    expect(error.code).toBe('invalid_config');
    expect(error.details?.field).toBe(field);
  });

  it('rejects things that are not configs at all', () => {
    for (const input of [undefined, null, 'config', 42, []]) {
      expect(rejection(input).code).toBe('invalid_config');
    }
  });

  it('treats the name as a label: path-like names are fine', () => {
    expect(() =>
      validateAcquisitionConfig(scopeConfig({ name: '../../etc/passwd' }), ALLOWED_CHANNELS),
    ).not.toThrow();
  });
});

describe('targetSampleCount', () => {
  it('is num_samples, else round(duration × rate), else open-ended', () => {
    expect(targetSampleCount({ sample_rate_hz: 1000, num_samples: 42 })).toBe(42);
    expect(targetSampleCount({ sample_rate_hz: 1000, duration_s: 0.0125 })).toBe(13);
    expect(targetSampleCount({ sample_rate_hz: 1000 })).toBeUndefined();
  });
});
