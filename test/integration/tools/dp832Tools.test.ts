/**
 * The DP832 emulator checked by tools nobody here wrote: sigrok-cli's scpi-pps driver (Debian's libsigrok
 * 0.5.2 profile for the DP800) and PyVISA with pyvisa-py. What Benchtop's driver sets, they read; what they
 * set, Benchtop's driver reads. Each tool runs as its own process while the emulator serves in this one, so
 * every run is asynchronous. The emulator serves one session at a time, like the instrument, so Benchtop's
 * driver closes its link before a tool connects.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON } from '../../../scripts/systemPackages.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import type { EmulatedDp832 } from '../../../src-main/emulators/dp832/index.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';
import { Dp800Driver } from '../../../src-main/instruments/rigol-dp800/Dp800Driver.js';

const run = promisify(execFile);
const SIGROK = '/usr/bin/sigrok-cli';
const TOOL_TIMEOUT_MS = 60_000;

let emulator: EmulatorServer<EmulatedDp832>;
beforeEach(async () => {
  emulator = await EmulatorServer.start<EmulatedDp832>(dp832Emulator, { port: 0 });
});
afterEach(async () => {
  await emulator.close();
});

const conn = (): string => `scpi-pps:conn=tcp-raw/127.0.0.1/${emulator.address.port}`;

async function sigrok(...args: string[]): Promise<string> {
  const { stdout } = await run(SIGROK, ['--driver', conn(), ...args], { timeout: TOOL_TIMEOUT_MS });
  return stdout;
}

/** Runs Benchtop's DP800 driver for the length of `use`, then closes its link (one session at a time). */
async function withBenchtop<T>(use: (driver: Dp800Driver) => Promise<T>): Promise<T> {
  const driver = new Dp800Driver({
    id: 'psu_dp832',
    endpoint: { host: '127.0.0.1', port: emulator.address.port },
  });
  try {
    await driver.connect();
    await driver.identify();
    return await use(driver);
  } finally {
    await driver.close();
  }
}

/** sigrok-cli's analog lines ("V1: 7.2500 V DC", "I1: 725.0 mA DC") as values in base units. */
function parseSamples(output: string): Record<string, number[]> {
  const scale: Record<string, number> = { '': 1, m: 1e-3, µ: 1e-6, u: 1e-6 };
  const samples: Record<string, number[]> = {};
  for (const line of output.split('\n')) {
    const m = /^([VIP]\d): (-?[\d.]+) (m|µ|u)?(V|A|W)/.exec(line.trim());
    if (!m) continue;
    (samples[m[1]!] ??= []).push(Number(m[2]) * scale[m[3] ?? '']!);
  }
  return samples;
}

describe('sigrok-cli (scpi-pps) and the DP832 emulator', () => {
  it('finds it by scanning', async () => {
    expect(await sigrok('--scan')).toMatch(
      /scpi-pps - Rigol DP832 00\.01\.16 \[S\/N: DP8C\d+\] with 9 channels/,
    );
  });

  it('samples the voltage and current set through Benchtop', async () => {
    await withBenchtop(async (driver) => {
      await driver.setParameter('voltage_set', 7.25, 1);
      await driver.setParameter('current_set', 1, 1);
      await driver.setParameter('output_enabled', true, 1);
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the output slews to 7.25 V (500 V/s)
    const samples = parseSamples(await sigrok('--samples', '3'));
    expect(samples.V1).toEqual([7.25, 7.25, 7.25]);
    // 7.25 V into the emulated 10 Ω load: CV at 0.725 A.
    for (const currentA of samples.I1!) expect(currentA).toBeCloseTo(0.725, 6);
    expect(samples.V2).toEqual([0, 0, 0]);
  });

  it('sets a voltage on a channel group that Benchtop then reads', async () => {
    await sigrok('--channel-group', '2', '--config', 'voltage_target=4.5', '--set');
    const parameters = await withBenchtop((driver) => driver.getParameters());
    expect(parameters.channels[2]).toMatchObject({ voltage_set: 4.5, output_enabled: false });
    expect(await sigrok('--channel-group', '2', '--get', 'voltage_target')).toBe('4.5\n');
  });
});

describe('PyVISA (pyvisa-py) and the DP832 emulator', () => {
  it('identifies it and round-trips settings that Benchtop reads', async () => {
    const script = [
      'import json, sys, pyvisa',
      "rm = pyvisa.ResourceManager('@py')",
      "psu = rm.open_resource(f'TCPIP::127.0.0.1::{sys.argv[1]}::SOCKET', read_termination='\\n', write_termination='\\n', timeout=10000)",
      "out = {'idn': psu.query('*IDN?')}",
      "psu.write(':SOUR3:VOLT 3.3')",
      "out['volt'] = psu.query(':SOUR3:VOLT?')",
      "psu.write(':APPL CH1,2.5,0.5')",
      "out['appl'] = psu.query(':APPL? CH1')",
      "psu.write(':SOUR1:VOLT 99')",
      "out['err'] = psu.query(':SYST:ERR?')",
      "out['noerr'] = psu.query(':SYST:ERR?')",
      'psu.close()',
      'print(json.dumps(out))',
    ].join('\n');
    const { stdout } = await run(SYSTEM_PYTHON, ['-c', script, String(emulator.address.port)], {
      timeout: TOOL_TIMEOUT_MS,
    });
    expect(JSON.parse(stdout)).toEqual({
      idn: expect.stringMatching(/^RIGOL TECHNOLOGIES,DP832,DP8C\d+,00\.01\.16$/),
      volt: '3.300',
      appl: 'CH1:30V/3A,2.500,0.500',
      err: '-222,"Data out of range"',
      noerr: '0,"No error"',
    });
    const parameters = await withBenchtop((driver) => driver.getParameters());
    expect(parameters.channels[3]).toMatchObject({ voltage_set: 3.3 });
    expect(parameters.channels[1]).toMatchObject({ voltage_set: 2.5, current_set: 0.5 });
  });
});
