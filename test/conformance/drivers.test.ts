/**
 * Every registered driver passes the conformance suite. A driver is added here with the factory its
 * conformance run needs (a real instrument's needs an emulator to talk to); a registered driver without a
 * case fails the first test, so none can be registered unchecked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer.js';
import type { EmulatorDefinition } from '../../src-main/emulators/core/types.js';
import { ds1054zEmulator } from '../../src-main/emulators/ds1054z/index.js';
import { dsox1204gEmulator } from '../../src-main/emulators/dsox1204g/index.js';
import { DRIVERS } from '../../src-main/instruments/drivers.js';
import { describeDriverConformance, type DriverFactory } from './driverConformance.js';

const servers: EmulatorServer[] = [];
afterAll(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/**
 * A real instrument's driver against its own emulator on a free loopback port, one emulator per driver
 * (an instrument serves one session at a time). No reply latency: the fault tests run on fake timers.
 */
async function onEmulator(definition: EmulatorDefinition, driver: string, id: string) {
  const server = await EmulatorServer.start(definition, { port: 0, replyLatencyMs: 0 });
  servers.push(server);
  return DRIVERS[driver]!.create(id, { host: '127.0.0.1', port: server.address.port }, { seed: 1 });
}

const CASES: Record<string, DriverFactory> = {
  'sim-psu': () => DRIVERS['sim-psu']!.create('dut_psu', {}, { seed: 1 }),
  'sim-scope': () => DRIVERS['sim-scope']!.create('dut_scope', {}, { seed: 1 }),
  'rigol-ds1000z': () => onEmulator(ds1054zEmulator, 'rigol-ds1000z', 'dut_ds1054z'),
  'keysight-infiniivision': () => onEmulator(dsox1204gEmulator, 'keysight-infiniivision', 'dut_dsox'),
};

describe('driver conformance', () => {
  it('has a conformance case for every registered driver', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DRIVERS).sort());
  });
});

for (const [name, create] of Object.entries(CASES)) describeDriverConformance(name, create);
