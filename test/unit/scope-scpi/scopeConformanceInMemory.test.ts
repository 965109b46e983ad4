/**
 * The conformance suite for the SCPI scope drivers over an in-process port to their emulators: the
 * drivers' logic without the network (the registered drivers also run it over loopback, in
 * test/conformance/).
 */
import { dsox1204gEmulator } from '../../../src-main/emulators/dsox1204g/index.js';
import { ds1054zEmulator } from '../../../src-main/emulators/ds1054z/index.js';
import { KeysightInfiniiVision } from '../../../src-main/instruments/keysight-infiniivision/KeysightInfiniiVision.js';
import { RigolDs1000z } from '../../../src-main/instruments/rigol-ds1000z/RigolDs1000z.js';
import { describeDriverConformance } from '../../conformance/driverConformance.js';
import { MemoryScpiPort, memoryInstrument } from '../../helpers/memoryScpiPort.js';

describeDriverConformance('rigol-ds1000z over memory', async () => {
  const emulator = memoryInstrument(ds1054zEmulator);
  // A new port per connect, as a transport opens a new socket after the host closed the old one.
  return new RigolDs1000z({ id: 'dut_ds1054z', openPort: async () => new MemoryScpiPort(emulator) });
});

describeDriverConformance('keysight-infiniivision over memory', async () => {
  const emulator = memoryInstrument(dsox1204gEmulator);
  return new KeysightInfiniiVision({ id: 'dut_dsox', openPort: async () => new MemoryScpiPort(emulator) });
});
