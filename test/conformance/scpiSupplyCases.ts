/**
 * Conformance factories of the SCPI supply drivers: each fresh driver gets a fresh emulator on a free
 * loopback port (an instrument serves one session at a time, and every case starts from its power-on
 * state), created through the driver's registration as a bench would. `closeEmulators` ends them all.
 */
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer.js';
import type { EmulatorDefinition } from '../../src-main/emulators/core/types.js';
import { e36313aEmulator } from '../../src-main/emulators/e36300/index.js';
import { Spd3303xEmulation } from '../../src-main/emulators/spd3303x/Spd3303xEmulation.js';
import { DRIVERS } from '../../src-main/instruments/drivers.js';
import type { InstrumentDriver } from '../../src-main/instruments/InstrumentDriver.js';
import { findSpd3303xModel } from '../../src-main/instruments/siglent-spd3303x/spd3303xModels.js';
import type { DriverFactory } from './driverConformance.js';

const running: EmulatorServer[] = [];

/**
 * The SPD3303X emulator without its lost-command quirk: in one process a descheduled event loop delivers
 * two paced commands back to back, and the loss would be the test machine's, not the driver's (the quirk
 * and the driver's pacing are tested on their own).
 */
const spd3303xUnderTest: EmulatorDefinition = {
  name: 'spd3303x',
  description: 'SPD3303X for the conformance suite',
  defaultPort: 0,
  rateBytesPerS: 10_000_000,
  replyLatencyMs: 0,
  create: (context) =>
    new Spd3303xEmulation(findSpd3303xModel('SPD3303X')!, context, {
      minCommandGapMs: 0,
    }),
};

function onEmulator(definition: EmulatorDefinition, driver: string): DriverFactory {
  return async (): Promise<InstrumentDriver> => {
    const server = await EmulatorServer.start({ ...definition, replyLatencyMs: 0 }, { port: 0 });
    running.push(server);
    return DRIVERS[driver]!.create(
      `dut_${driver}`,
      { host: '127.0.0.1', port: server.address.port },
      { seed: 1 },
    );
  };
}

export const SCPI_SUPPLY_CASES: Record<string, DriverFactory> = {
  'keysight-e36300': onEmulator(e36313aEmulator, 'keysight-e36300'),
  'siglent-spd3303x': onEmulator(spd3303xUnderTest, 'siglent-spd3303x'),
};

export async function closeEmulators(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}
