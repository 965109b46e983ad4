/**
 * Bench files: a good one builds every instrument with its settings and faults; a bad one is refused with
 * one message naming the file, the JSON path and the reason — each case its own message.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchFileError } from '../../../src-main/bench/BenchFileError.js';
import { readBenchFile } from '../../../src-main/bench/benchFile.js';
import { buildBench } from '../../../src-main/bench/buildBench.js';
import { defineDriver } from '../../../src-main/instruments/driverRegistration.js';
import { DRIVERS, type DriverRegistry } from '../../../src-main/instruments/drivers.js';
import { FaultyDriver } from '../../../src-main/instruments/faults/FaultyDriver.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { tcpEndpointSchema } from '../../../src-main/instruments/tcpEndpoint.js';

/** The simulators plus a network driver, as a real one will register (host/port options). */
const WITH_TCP: DriverRegistry = {
  ...DRIVERS,
  'test-tcp': defineDriver({
    kind: 'power_supply',
    description: 'a supply over TCP (test)',
    options: tcpEndpointSchema,
    build: async (id) => new SimPowerSupply({ id }),
  }),
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-bench-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` (an object as JSON, or raw text) and loads it the way start-up does. */
async function load(content: unknown): Promise<Awaited<ReturnType<typeof buildBench>>> {
  const file = path.join(dir, 'bench.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  const bench = await readBenchFile(file);
  return buildBench(bench, file, 1, WITH_TCP);
}

async function refusal(content: unknown): Promise<string> {
  const error = await load(content).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(BenchFileError);
  return (error as BenchFileError).message;
}

const psu = { id: 'psu_1', driver: 'sim-psu', label: 'Supply' };

describe('bench files', () => {
  it('builds every instrument, applying its settings and wrapping it in its faults', async () => {
    const built = await load({
      version: 1,
      instruments: [
        { ...psu, options: { seed: 3, channels: { 2: { voltage_set: 7, output_enabled: true } } } },
        {
          id: 'scope-A',
          driver: 'sim-scope',
          label: 'Scope',
          options: { global: { timebase: 0.001 }, channels: { 3: { enabled: true, signal: 'square' } } },
          faults: { latency_ms: 5, drop_read_probability: 0.1 },
        },
        {
          id: 'supply_2',
          driver: 'test-tcp',
          label: 'Far supply',
          options: { host: '10.0.0.5', port: 5025 },
        },
      ],
    });
    expect(built.map((b) => [b.entry.id, b.driver.id, b.driver.kind])).toEqual([
      ['psu_1', 'psu_1', 'power_supply'],
      ['scope-A', 'scope-A', 'oscilloscope'],
      ['supply_2', 'supply_2', 'power_supply'],
    ]);
    const supply = await built[0]!.driver.getParameters();
    expect(supply.channels[2]).toMatchObject({ voltage_set: 7, output_enabled: true });
    expect(built[1]!.driver).toBeInstanceOf(FaultyDriver);
    const scope = await built[1]!.driver.getParameters();
    expect(scope.global.timebase).toBe(0.001);
    expect(scope.channels[3]).toMatchObject({ enabled: true, signal: 'square' });
  });

  const file = (): string => path.join(dir, 'bench.json');

  it.each([
    [
      'an unknown driver',
      { instruments: [psu, { id: 'dmm', driver: 'sim-dmm', label: 'DMM' }] },
      'instruments[1].driver: unknown driver "sim-dmm" (known: sim-psu, sim-scope, rigol-dp800, keysight-e36300, siglent-spd3303x, rigol-ds1000z, keysight-infiniivision, test-tcp)',
    ],
    [
      'a duplicate id',
      { instruments: [psu, { ...psu, label: 'Again' }] },
      'instruments[1].id: duplicate id "psu_1" (also instruments[0])',
    ],
    [
      'a malformed id',
      { instruments: [{ ...psu, id: '1 psu' }] },
      'instruments[0].id: must be a letter, then up to 63 letters, digits, "_" or "-"',
    ],
    [
      'a missing field',
      { instruments: [{ id: 'psu_1', driver: 'sim-psu' }] },
      'instruments[0].label: is missing: it must be text',
    ],
    [
      'a wrong-typed field',
      { instruments: [{ ...psu, label: 5 }] },
      'instruments[0].label: must be text, not 5',
    ],
    [
      'a port out of range',
      {
        instruments: [
          { id: 'far', driver: 'test-tcp', label: 'Far', options: { host: 'lab-psu', port: 70000 } },
        ],
      },
      'instruments[0].options.port: must be a TCP port from 1 to 65535',
    ],
    [
      'a missing port',
      { instruments: [{ id: 'far', driver: 'test-tcp', label: 'Far', options: { host: 'lab-psu' } }] },
      'instruments[0].options.port: is missing: it must be a number',
    ],
    [
      'a setting outside the instrument’s range',
      { instruments: [{ ...psu, options: { channels: { 1: { voltage_set: 50 } } } }] },
      'instruments[0].options.channels["1"].voltage_set: voltage_set (channel 1) must be between 0 and 30 V; got 50',
    ],
    [
      'a setting the instrument does not have',
      { instruments: [{ ...psu, options: { global: { colour: 'red' } } }] },
      'instruments[0].options.global.colour: unknown parameter "colour"',
    ],
    [
      'an unknown option',
      { instruments: [{ ...psu, options: { sed: 3 } }] },
      'instruments[0].options.sed: unknown field',
    ],
    [
      'a fault probability above 1',
      { instruments: [{ ...psu, faults: { drop_read_probability: 2 } }] },
      'instruments[0].faults.drop_read_probability: must be from 0 to 1',
    ],
    ['a missing instrument list', { version: 1 }, 'instruments: is missing: it must be a list'],
    ['an unknown top-level field', { instruments: [], owner: 'me' }, 'owner: unknown field'],
    ['another format version', { version: 2, instruments: [] }, 'version: must be 1'],
    ['a file that is not JSON', '{"instruments": [', /^not valid JSON: /],
  ])('refuses %s, naming the file, the JSON path and the reason', async (_, content, expected) => {
    const message = await refusal(content);
    const prefix = `bench file ${file()}: `;
    expect(message.startsWith(prefix)).toBe(true);
    if (typeof expected === 'string') expect(message.slice(prefix.length)).toBe(expected);
    else expect(message.slice(prefix.length)).toMatch(expected);
  });

  it('refuses a file that is not there, saying so', async () => {
    const missing = path.join(dir, 'nope.json');
    await expect(readBenchFile(missing)).rejects.toThrow(
      `bench file ${missing}: cannot be read: no such file`,
    );
  });
});
