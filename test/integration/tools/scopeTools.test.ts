/**
 * The scope emulators checked by tools nobody here wrote (Debian's sigrok-cli 0.7.2 / libsigrok 0.5.2 and
 * PyVISA with pyvisa-py, installed by the test set-up): sigrok's rigol-ds driver finds the DS1054Z
 * emulator and captures a frame whose samples are what Benchtop's driver reads for the same configured
 * signal; PyVISA reads `*IDN?`, round-trips a setting and decodes `:WAV:DATA?` with `:WAV:PRE?` on both
 * emulators. The emulators run on a fixed clock with noise-free signals, so every acquisition of the same
 * settings is the same record and the tools' samples can be compared one for one.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON } from '../../../scripts/systemPackages.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import type { EmulatorDefinition } from '../../../src-main/emulators/core/types.js';
import { ds1054zDefinition } from '../../../src-main/emulators/ds1054z/index.js';
import { dsox1204gDefinition } from '../../../src-main/emulators/dsox1204g/index.js';
import type { InputSignal } from '../../../src-main/emulators/scope/ScopeFrontEnd.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import {
  hasDeepMemory,
  type InstrumentDriver,
  type ScopeRecord,
} from '../../../src-main/instruments/InstrumentDriver.js';

const run = promisify(execFile);
const SIGROK = '/usr/bin/sigrok-cli';
const TOOL_TIMEOUT_MS = 60_000;
const PYVISA_SCRIPT = fileURLToPath(new URL('./pyvisaScope.py', import.meta.url));
const fixedClock = { nowMs: () => 1_700_000_000_000 };
const sine: InputSignal = {
  shape: 'sine',
  frequencyHz: 1_000,
  amplitudeVpp: 2,
  dcV: 0,
  dutyPercent: 50,
  noiseVrms: 0,
};
const square: InputSignal = { ...sine, shape: 'square', amplitudeVpp: 1 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(definition: EmulatorDefinition): Promise<number> {
  const server = await EmulatorServer.start(definition, { port: 0, clock: fixedClock });
  cleanups.push(() => server.close());
  return server.address.port;
}

async function benchtopRecord(driverName: string, port: number): Promise<ScopeRecord> {
  const driver: InstrumentDriver = await DRIVERS[driverName]!.create(
    'tool_check',
    { host: '127.0.0.1', port },
    { seed: 1 },
  );
  cleanups.push(() => driver.close());
  await driver.connect();
  await driver.identify();
  const sample = await driver.read('waveform');
  if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
  await driver.close();
  return sample.record;
}

/** The sample values of sigrok-cli's CSV output (one number a line after its header lines). */
function csvValues(text: string): number[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^[A-Za-z]+$/.test(line.trim()) && !line.startsWith(';'));
  return lines
    .slice(start + 1)
    .map((line) => line.trim())
    .filter((line) => /^-?\d/.test(line))
    .map(Number);
}

describe('sigrok-cli rigol-ds against the DS1054Z emulator', () => {
  it('scans it and finds a Rigol DS1054Z with four channels', async () => {
    const port = await serve(ds1054zDefinition({ signals: [sine, square, sine, sine] }));
    const { stdout } = await run(SIGROK, ['--driver', `rigol-ds:conn=tcp-raw/127.0.0.1/${port}`, '--scan'], {
      timeout: TOOL_TIMEOUT_MS,
    });
    expect(stdout).toMatch(/Rigol DS1054Z .*with 4 channels: CH1 CH2 CH3 CH4/);
  });

  it('captures a frame whose samples are what Benchtop’s driver reads', async () => {
    const port = await serve(ds1054zDefinition({ signals: [sine, square, sine, sine] }));
    const { stdout } = await run(
      SIGROK,
      ['--driver', `rigol-ds:conn=tcp-raw/127.0.0.1/${port}`, '--frames', '1', '-O', 'csv'],
      { timeout: TOOL_TIMEOUT_MS },
    );
    // libsigrok 0.5.2's tcp-raw transport ends an acquisition after the first block (its read-complete
    // check cannot see the block's terminator as the end of a read), so the frame holds the first channel.
    const sigrok = csvValues(stdout);
    expect(sigrok).toHaveLength(1200);
    const record = await benchtopRecord('rigol-ds1000z', port);
    const ours = record.channels.find((c) => c.channel === 1)!.samples;
    expect(ours).toHaveLength(1200);
    // sigrok prints six significant digits; one ADC code here is 39 mV.
    for (let i = 0; i < ours.length; i++) expect(sigrok[i], `sample ${i}`).toBeCloseTo(ours[i]!, 4);
    expect(Math.max(...sigrok)).toBeCloseTo(1, 1);
  });
});

interface PyvisaResult {
  idn: string;
  timebase: number;
  points: number;
  x_increment: number;
  volts: number[];
  error: string;
}

interface PyvisaRawResult extends Omit<PyvisaResult, 'volts'> {
  acquired_points: number;
  received: number;
  max: number;
  min: number;
  every_1000th: number[];
}

async function pyvisa(port: number, vendor: 'rigol' | 'keysight'): Promise<PyvisaResult>;
async function pyvisa(port: number, vendor: 'keysight-raw'): Promise<PyvisaRawResult>;
async function pyvisa(
  port: number,
  vendor: 'rigol' | 'keysight' | 'keysight-raw',
): Promise<PyvisaResult | PyvisaRawResult> {
  const { stdout } = await run(SYSTEM_PYTHON, [PYVISA_SCRIPT, String(port), vendor], {
    timeout: TOOL_TIMEOUT_MS,
  });
  return JSON.parse(stdout) as PyvisaResult | PyvisaRawResult;
}

describe('PyVISA (pyvisa-py) against the scope emulators', () => {
  it('DS1054Z: *IDN?, a setting round trip, and a waveform decoded with its preamble as Benchtop decodes it', async () => {
    const port = await serve(ds1054zDefinition({ signals: [sine, square, sine, sine] }));
    const result = await pyvisa(port, 'rigol');
    expect(result.idn).toMatch(/^RIGOL TECHNOLOGIES,DS1054Z,/);
    expect(result.timebase).toBe(2e-4);
    expect(result).toMatchObject({ points: 1200, error: '0,"No error"' });
    expect(result.x_increment).toBeCloseTo((12 * 2e-4) / 1200, 12);
    const record = await benchtopRecord('rigol-ds1000z', port);
    const ours = record.channels[0]!.samples;
    for (let i = 0; i < ours.length; i++) expect(result.volts[i], `sample ${i}`).toBeCloseTo(ours[i]!, 5);
  });

  it('InfiniiVision X: *IDN?, a setting round trip, and a waveform decoded with its preamble', async () => {
    const port = await serve(dsox1204gDefinition({ signals: [sine, square, sine, sine] }));
    const result = await pyvisa(port, 'keysight');
    expect(result.idn).toMatch(/^KEYSIGHT TECHNOLOGIES,DSO-X 1204G,/);
    expect(result.timebase).toBe(2e-4);
    expect(result).toMatchObject({ points: 1000, error: '0,"No error"' });
    const record = await benchtopRecord('keysight-infiniivision', port);
    const ours = record.channels[0]!.samples;
    expect(ours).toHaveLength(1000);
    for (let i = 0; i < ours.length; i++) expect(result.volts[i], `sample ${i}`).toBeCloseTo(ours[i]!, 5);
  });

  it('InfiniiVision X: the raw record after :DIGitize, decoded as Benchtop’s deep-memory download decodes it', async () => {
    const port = await serve(dsox1204gDefinition({ signals: [sine, square, sine, sine] }));
    const result = await pyvisa(port, 'keysight-raw');
    // One channel of the pair on: the DSO-X 1204G's whole 2 M points, in one block.
    expect(result).toMatchObject({
      points: 2_000_000,
      acquired_points: 2_000_000,
      received: 2_000_000,
      error: '0,"No error"',
    });
    expect(result.x_increment).toBeCloseTo((10 * 2e-4) / 2_000_000, 15);
    expect(result.max).toBeCloseTo(1, 1);
    expect(result.min).toBeCloseTo(-1, 1);
    const driver = await DRIVERS['keysight-infiniivision']!.create(
      'tool_check',
      { host: '127.0.0.1', port },
      { seed: 1 },
    );
    cleanups.push(() => driver.close());
    await driver.connect();
    await driver.identify();
    if (!hasDeepMemory(driver)) throw new Error('keysight-infiniivision should offer readMemory');
    const record = await driver.readMemory();
    await driver.close();
    const ours = record.channels[0]!.samples;
    expect(ours).toHaveLength(2_000_000);
    result.every_1000th.forEach((v, i) => expect(v, `sample ${i * 1000}`).toBeCloseTo(ours[i * 1000]!, 5));
  });
});
