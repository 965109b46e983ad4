/**
 * Every registered driver passes the conformance suite. A driver is added here with the factory its
 * conformance run needs (a real instrument's needs an emulator to talk to); a registered driver without a
 * case fails the first test, so none can be registered unchecked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer.js';
import type { EmulatorDefinition } from '../../src-main/emulators/core/types.js';
import { dp832Emulator } from '../../src-main/emulators/dp832/index.js';
import { ds1054zEmulator } from '../../src-main/emulators/ds1054z/index.js';
import { dsox1204gEmulator } from '../../src-main/emulators/dsox1204g/index.js';
import { DRIVERS } from '../../src-main/instruments/drivers.js';
import {
  describeDriverConformance,
  type ConformanceOptions,
  type DriverFactory,
} from './driverConformance.js';
import { describeProfileConformance } from './profileConformance.js';
import { closeEmulators, SCPI_SUPPLY_CASES } from './scpiSupplyCases.js';
import { describeSupplyConformance } from './supplyConformance.js';

/** Emulators started for the real-instrument cases: one per driver (each serves one session), closed at the end. */
const emulators: EmulatorServer[] = [];
afterAll(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

/** A real instrument's driver against its own emulator on a free loopback port. */
async function onEmulator(definition: EmulatorDefinition, driver: string, id: string) {
  const emulator = await EmulatorServer.start(definition, { port: 0 });
  emulators.push(emulator);
  return DRIVERS[driver]!.create(id, { host: '127.0.0.1', port: emulator.address.port }, { seed: 1 });
}

const CASES: Record<string, DriverFactory> = {
  'sim-psu': () => DRIVERS['sim-psu']!.create('dut_psu', {}, { seed: 1 }),
  'sim-scope': () => DRIVERS['sim-scope']!.create('dut_scope', {}, { seed: 1 }),
  'rigol-dp800': async () => {
    const emulator = await EmulatorServer.start(dp832Emulator, { port: 0 });
    emulators.push(emulator);
    return DRIVERS['rigol-dp800']!.create(
      'dut_dp832',
      { host: '127.0.0.1', port: emulator.address.port },
      { seed: 1 },
    );
  },
  ...SCPI_SUPPLY_CASES,
  'rigol-ds1000z': () => onEmulator(ds1054zEmulator, 'rigol-ds1000z', 'dut_ds1054z'),
  'keysight-infiniivision': () => onEmulator(dsox1204gEmulator, 'keysight-infiniivision', 'dut_dsox'),
};

afterAll(closeEmulators);

describe('driver conformance', () => {
  it('has a conformance case for every registered driver', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DRIVERS).sort());
  });
});

/** Drivers whose calls go over a socket: their fault tests run on real timers. */
const OPTIONS: Record<string, ConformanceOptions> = {
  'rigol-dp800': { timing: 'real' },
  'keysight-e36300': { timing: 'real' },
  'siglent-spd3303x': { timing: 'real' },
  'rigol-ds1000z': { timing: 'real' },
  'keysight-infiniivision': { timing: 'real' },
};

for (const [name, create] of Object.entries(CASES)) {
  describeDriverConformance(name, create, OPTIONS[name]);
  describeProfileConformance(name, create);
}

/** The supplies: protection and coupling as every card shows them. */
for (const name of ['sim-psu', 'rigol-dp800', 'keysight-e36300', 'siglent-spd3303x']) {
  describeSupplyConformance(name, CASES[name]!);
}
