/**
 * Every registered driver passes the conformance suite. A driver is added here with the factory its
 * conformance run needs (a real instrument's needs an emulator to talk to); a registered driver without a
 * case fails the first test, so none can be registered unchecked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../../src-main/instruments/drivers.js';
import { describeDriverConformance, type DriverFactory } from './driverConformance.js';
import { closeEmulators, SCPI_SUPPLY_CASES } from './scpiSupplyCases.js';

const CASES: Record<string, DriverFactory> = {
  'sim-psu': () => DRIVERS['sim-psu']!.create('dut_psu', {}, { seed: 1 }),
  'sim-scope': () => DRIVERS['sim-scope']!.create('dut_scope', {}, { seed: 1 }),
  ...SCPI_SUPPLY_CASES,
};

afterAll(closeEmulators);

describe('driver conformance', () => {
  it('has a conformance case for every registered driver', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DRIVERS).sort());
  });
});

for (const [name, create] of Object.entries(CASES)) describeDriverConformance(name, create);
