import { describe, expect, it } from 'vitest';
import { AcquisitionError, validateAcquisitionConfig } from '../../../src-main/acquisition/index.js';
import { ALLOWED_CHANNELS, scopeConfig } from './helpers.js';

function messageFor(overrides: Record<string, unknown>): string {
  try {
    validateAcquisitionConfig({ ...scopeConfig(), ...overrides }, ALLOWED_CHANNELS);
  } catch (err) {
    if (err instanceof AcquisitionError) return err.message;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(overrides)}`);
}

describe('acquisition config errors in words', () => {
  it('says how long a capture must at least be, in a sample period at its rate', () => {
    // Was "duration_s: must cover at least one sample and at most 2^53 at 0.001 Hz".
    expect(messageFor({ sample_rate_hz: 0.001, duration_s: 5 })).toBe(
      'duration_s must be at least one sample period (1000 s at 0.001 Hz); 5 s holds no sample',
    );
    expect(messageFor({ sample_rate_hz: 1000, duration_s: 0.0001 })).toBe(
      'duration_s must be at least one sample period (1 ms at 1 kHz); 100 µs holds no sample',
    );
  });

  it('says when a capture is longer than can be counted', () => {
    expect(messageFor({ sample_rate_hz: 10_000_000, duration_s: 1e12 })).toBe(
      'duration_s is too long: at 10 MHz it would be more than 9,007,199,254,740,991 samples, more than a ' +
        'capture can count',
    );
  });

  it('words the shape rules as the protocol does, naming the field', () => {
    expect(messageFor({ sample_rate_hz: 0 })).toBe('sample_rate_hz must be between 0.000001 Hz and 10 MHz');
    expect(messageFor({ channels: [] })).toBe('channels must list at least one');
    expect(messageFor({ channels: [scopeConfig().channels[0], scopeConfig().channels[0]] })).toBe(
      'channels lists "CH1" twice',
    );
  });
});
