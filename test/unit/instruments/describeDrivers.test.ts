/**
 * `info.drivers` says how each driver reaches its instrument, so the Add dialog lists only simulators:
 * a network driver (one that recognises SCPI identities) needs a host and port, found by address.
 */
import { describe, expect, it } from 'vitest';
import { describeDrivers } from '../../../src-main/instruments/index.js';

describe('describeDrivers', () => {
  it('marks the simulators simulated and every SCPI driver network', () => {
    const byName = Object.fromEntries(describeDrivers().map((d) => [d.name, d.connection]));
    expect(byName).toEqual({
      'sim-psu': 'simulated',
      'sim-scope': 'simulated',
      'rigol-dp800': 'network',
      'keysight-e36300': 'network',
      'siglent-spd3303x': 'network',
      'rigol-ds1000z': 'network',
      'keysight-infiniivision': 'network',
    });
  });
});
