/**
 * The profile check itself: a catalog that strays from the profile it declares is told what is wrong,
 * one line per fault, so a driver author can act on it.
 */
import { describe, expect, it } from 'vitest';
import type { InstrumentDescription } from '../../shared/protocol/index.js';
import { profileViolations } from './profileConformance.js';

const supply = (overrides: Partial<InstrumentDescription> = {}): InstrumentDescription => ({
  id: 'psu',
  kind: 'power_supply',
  profile: 'power_supply',
  vendor: 'V',
  model: 'M',
  serial: 'S',
  channels: [
    { name: 'CH1', unit: 'V', min: 0, max: 30 },
    { name: 'CH2', unit: 'V', min: 0, max: 30 },
  ],
  streams: [{ stream_type: 'readings', min_interval_ms: 10, max_interval_ms: 1_000, encodings: ['json'] }],
  parameters: [1, 2].flatMap((channel) => [
    { name: 'voltage_set', type: 'number' as const, unit: 'V', min: 0, max: 30, channel },
    { name: 'current_set', type: 'number' as const, unit: 'A', min: 0, max: 3, channel },
    { name: 'output_enabled', type: 'boolean' as const, channel },
  ]),
  ...overrides,
});

describe('profileViolations', () => {
  it('finds nothing wrong with a catalog that follows its profile, or declares none', () => {
    expect(profileViolations(supply())).toEqual([]);
    expect(profileViolations(supply({ profile: undefined, parameters: [] }))).toEqual([]);
  });

  it('names each missing, mistyped, misunited or misplaced parameter, a missing stream and an unknown profile', () => {
    const parameters = supply().parameters.filter((p) => !(p.name === 'current_set' && p.channel === 2));
    parameters[0] = { ...parameters[0]!, unit: 'mV' };
    parameters.push({ name: 'ovp_level', type: 'boolean', unit: 'V', channel: 1 });
    parameters.push({ name: 'tracking_mode', type: 'enum', choices: ['independent'], channel: 1 });
    expect(profileViolations(supply({ parameters, streams: [] }))).toEqual([
      'offers no readings stream',
      'voltage_set (channel 1) is in mV, the profile says V',
      'current_set is missing on channel 2',
      'ovp_level (channel 1) is boolean, the profile says number',
      'tracking_mode (channel 1) is per channel, the profile says instrument-wide',
    ]);
    expect(profileViolations(supply({ profile: 'power-supply' }))).toEqual([
      'declares profile "power-supply", which is not one of power_supply, oscilloscope',
    ]);
  });
});
