/**
 * The supply emulators as PyVISA with pyvisa-py sees them (`TCPIP::127.0.0.1::PORT::SOCKET`), run as
 * Debian's /usr/bin/python3: `*IDN?`, settings round trips, and a setting made by one tool read by the
 * other — PyVISA and Benchtop's driver take turns, since the instrument serves one session at a time.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { e36313aEmulator } from '../../../src-main/emulators/e36300/index.js';
import { Spd3303xEmulation } from '../../../src-main/emulators/spd3303x/Spd3303xEmulation.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import type { InstrumentDriver } from '../../../src-main/instruments/InstrumentDriver.js';
import { findSpd3303xModel } from '../../../src-main/instruments/siglent-spd3303x/spd3303xModels.js';
import { SYSTEM_PYTHON } from '../../../scripts/systemPackages.js';
import { startEmulated } from '../../helpers/scpiSupplies.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python', 'visa_session.py');
const run = promisify(execFile);

type Step = ['write' | 'query', string];

async function visa(port: number, steps: Step[]): Promise<string[]> {
  const { stdout } = await run(SYSTEM_PYTHON, [SCRIPT, String(port), JSON.stringify(steps)]);
  return JSON.parse(stdout) as string[];
}

const servers: EmulatorServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

beforeAll(async () => {
  try {
    await run(SYSTEM_PYTHON, ['-c', 'import pyvisa, pyvisa_py']);
  } catch (err) {
    throw new Error(
      `these tests need ${SYSTEM_PYTHON} with PyVISA and pyvisa-py (Debian: apt-get install python3-pyvisa ` +
        `python3-pyvisa-py): ${(err as Error).message}`,
      { cause: err },
    );
  }
});

async function session<T>(driverName: string, port: number, use: (driver: InstrumentDriver) => Promise<T>) {
  const driver = await DRIVERS[driverName]!.create('dut', { host: '127.0.0.1', port }, { seed: 1 });
  await driver.connect();
  try {
    await driver.identify();
    return await use(driver);
  } finally {
    await driver.close();
  }
}

describe('PyVISA (pyvisa-py) against the supply emulators', () => {
  it('E36313A: *IDN?, channel-list settings read back, and settings shared with the Benchtop driver', async () => {
    const { server, port } = await startEmulated('e36313a', e36313aEmulator.create);
    servers.push(server);
    const replies = await visa(port, [
      ['query', '*IDN?'],
      ['write', 'VOLT 5.5,(@1)'],
      ['write', 'CURR 0.75,(@2:3)'],
      ['query', 'VOLT? (@1)'],
      ['query', 'CURR? (@1:3)'],
      ['write', 'OUTP ON,(@1)'],
      ['query', 'OUTP? (@1:3)'],
      ['write', 'VOLT 99,(@1)'],
      ['query', 'SYST:ERR?'],
      ['query', 'SYST:ERR?'],
    ]);
    expect(replies[0]).toMatch(/^Keysight Technologies,E36313A,MY\d+,/);
    expect(replies.slice(1)).toEqual([
      '+5.50000000E+00',
      '+1.00000000E+00,+7.50000000E-01,+7.50000000E-01',
      '1,0,0',
      '-222,"Data out of range"',
      '0,"No error"',
    ]);
    // What PyVISA set, Benchtop reads; what Benchtop sets, PyVISA reads.
    const seen = await session('keysight-e36300', port, async (driver) => {
      const snapshot = await driver.getParameters();
      await driver.setParameter('voltage_set', 12.345, 2);
      return snapshot;
    });
    expect(seen.channels[1]).toMatchObject({ voltage_set: 5.5, output_enabled: true });
    expect(seen.channels[3]).toMatchObject({ current_set: 0.75 });
    expect(await visa(port, [['query', 'VOLT? (@2)']])).toEqual(['+1.23450000E+01']);
  });

  it('SPD3303X: *IDN?, settings read back, status word, and settings shared with the Benchtop driver', async () => {
    // Without the lost-command quirk: its timing is the test machine's here (a descheduled event loop reads
    // two spaced commands at once); the quirk is tested on a manual clock in spd3303xCommands.test.ts.
    const { server, port } = await startEmulated(
      'spd3303x',
      (context) => new Spd3303xEmulation(findSpd3303xModel('SPD3303X')!, context, { minCommandGapMs: 0 }),
    );
    servers.push(server);
    const replies = await visa(port, [
      ['query', '*IDN?'],
      ['write', 'CH1:VOLT 3.3'],
      ['write', 'CH2:CURR 0.25'],
      ['query', 'CH1:VOLT?'],
      ['query', 'CH2:CURR?'],
      ['write', 'OUTP CH2,ON'],
      ['query', 'SYST:STAT?'],
      ['query', 'MEAS:VOLT? CH1'],
    ]);
    expect(replies[0]).toMatch(/^Siglent Technologies,SPD3303X,SPD3X\w+,/);
    expect(replies.slice(1)).toEqual(['3.300', '0.250', '0x0024', '0.000']);
    const seen = await session('siglent-spd3303x', port, async (driver) => {
      const snapshot = await driver.getParameters();
      await driver.setParameter('voltage_set', 7.5, 2);
      return snapshot;
    });
    expect(seen.channels[1]).toMatchObject({ voltage_set: 3.3 });
    expect(seen.channels[2]).toMatchObject({ current_set: 0.25, output_enabled: true });
    expect(await visa(port, [['query', 'CH2:VOLT?']])).toEqual(['7.500']);
  });
});
