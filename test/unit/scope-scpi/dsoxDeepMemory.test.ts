/**
 * The InfiniiVision X's raw record (deep memory), emulator and driver, below the transport: the raw record
 * exists only once the scope has stopped; `:WAV:POIN MAX` switches the points mode to MAXimum (Keysight's
 * own examples say so, and set it before RAW); the depth is the model's memory, halved when both channels
 * of a pair are on; the driver downloads it whole per channel, refuses while running, and puts the record
 * length of its normal reads back afterwards.
 */
import { describe, expect, it } from 'vitest';
import { dsox1204gDefinition, type EmulatedDsox } from '../../../src-main/emulators/dsox1204g/index.js';
import type { InputSignal } from '../../../src-main/emulators/scope/ScopeFrontEnd.js';
import { hasDeepMemory } from '../../../src-main/instruments/InstrumentDriver.js';
import { KeysightInfiniiVision } from '../../../src-main/instruments/keysight-infiniivision/KeysightInfiniiVision.js';
import { decodeBytes, parsePreamble } from '../../../src-main/instruments/scpi-scope/preamble.js';
import { MemoryScpiPort, memoryInstrument, type MemoryInstrument } from '../../helpers/memoryScpiPort.js';

const clock = { nowMs: () => 1_000 };
const sine: InputSignal = {
  shape: 'sine',
  frequencyHz: 1_000,
  amplitudeVpp: 2,
  dcV: 0.5,
  dutyPercent: 50,
  noiseVrms: 0,
};

function emulator(model?: string): MemoryInstrument<EmulatedDsox> {
  return memoryInstrument(dsox1204gDefinition({ model, signals: [sine, sine, sine, sine] }), clock);
}

function payload(reply: unknown): Uint8Array {
  const bytes = reply as Uint8Array;
  const length = Number(Buffer.from(bytes.subarray(2, 10)).toString('ascii'));
  return bytes.subarray(10, 10 + length);
}

async function driverOn(scope: MemoryInstrument<EmulatedDsox>) {
  const port = new MemoryScpiPort(scope);
  const driver = new KeysightInfiniiVision({ id: 'dsox', openPort: async () => port, clock });
  await driver.connect();
  await driver.identify();
  return { driver, port };
}

describe('InfiniiVision X emulator: the raw record', () => {
  it('is not there while running: RAW reads get the measurement record', () => {
    const scope = emulator();
    scope.handle(':WAV:POIN:MODE RAW');
    scope.handle(':WAV:POIN 8000000');
    expect(scope.handle(':OPER:COND?')).toBe('+8');
    expect(scope.handle(':WAV:POIN?')).toBe('+62500');
  });

  it('after :DIG holds the model’s memory per channel, halved when both of a pair are on', () => {
    const scope = emulator();
    // *RST state: CH1 and CH2 on, one pair shared.
    expect(scope.handle(':ACQ:POIN?')).toBe('+1000000');
    scope.handle(':CHAN2:DISP 0');
    expect(scope.handle(':ACQ:POIN?')).toBe('+2000000');
    scope.handle(':TIM:SCAL 1e-4');
    // The raw record's rate: its points over the 10 divisions.
    expect(Number(scope.handle(':ACQ:SRAT?'))).toBe(2e9);
    scope.handle(':DIG');
    scope.handle(':WAV:POIN MAX');
    expect(scope.handle(':WAV:POIN:MODE?')).toBe('MAX');
    scope.handle(':WAV:POIN:MODE RAW');
    expect(scope.handle(':WAV:POIN?')).toBe('+2000000');
    const preamble = parsePreamble(scope.handle(':WAV:PRE?') as string);
    expect(preamble.points).toBe(2_000_000);
    // 10 divisions of 100 µs over 2 M points.
    expect(preamble.xIncrementS).toBeCloseTo(5e-10, 18);
    const volts = decodeBytes(payload(scope.handle(':WAV:DATA?')), preamble, 'keysight');
    expect(volts).toHaveLength(2_000_000);
    // 1 ms of a 1 kHz sine of 2 Vpp around 0.5 V.
    expect(volts.reduce((a, b) => Math.max(a, b))).toBeCloseTo(1.5, 1);
    expect(volts.reduce((a, b) => Math.min(a, b))).toBeCloseTo(-0.5, 1);
    // Fewer points asked: the raw record decimated, 1 of n.
    scope.handle(':WAV:POIN 500000');
    expect(scope.handle(':WAV:POIN?')).toBe('+500000');
    expect(payload(scope.handle(':WAV:DATA?'))).toHaveLength(500_000);
    // Back to NORMal: the measurement record, as before.
    scope.handle(':WAV:POIN:MODE NORM');
    scope.handle(':WAV:POIN 1000');
    expect(scope.handle(':WAV:POIN?')).toBe('+1000');
  });

  it('gives each model its memory (a 2000 X: 100 kpts)', () => {
    const scope = emulator('DSO-X 2024A');
    scope.handle(':CHAN2:DISP 0');
    expect(scope.handle(':ACQ:POIN?')).toBe('+100000');
  });
});

describe('Keysight InfiniiVision driver: deep memory', () => {
  it('offers the deep-memory capture and refuses the download while the scope runs', async () => {
    const { driver } = await driverOn(emulator());
    expect(hasDeepMemory(driver)).toBe(true);
    // The catalog says so too: the capture form offers single_deep by it.
    expect(driver.capabilities().deep_memory).toBe(true);
    await expect(driver.readMemory()).rejects.toMatchObject({
      code: 'invalid_value',
      message: expect.stringMatching(/running: its raw record can be read only once stopped/),
    });
  });

  it('arms a single capture, sees it done, downloads every channel on whole, and restores normal reads', async () => {
    const { driver, port } = await driverOn(emulator());
    expect(await driver.setParameter('record_length', 1_000)).toBe(1_000);
    await driver.armSingle();
    expect(await driver.singleDone()).toBe(true);
    expect((await driver.getParameters()).global).toMatchObject({ memory_depth: 1_000_000 });
    const progress: number[] = [];
    const record = await driver.readMemory({ onProgress: (p) => progress.push(p.receivedPoints) });
    expect(record.channels.map((c) => [c.channel, c.samples.length])).toEqual([
      [1, 1_000_000],
      [2, 1_000_000],
    ]);
    expect(record.sampleRateHz).toBeCloseTo(1_000_000 / (10 * 1e-4), 0);
    expect(record.channels[1]!.samples.reduce((a, b) => Math.max(a, b))).toBeCloseTo(1.5, 1);
    expect(progress.at(-1)).toBe(2_000_000);
    const sent = port.sent.join('\n');
    // Keysight's order: MAX before RAW (MAX switches the points mode).
    expect(sent).toMatch(/:WAV:POIN MAX\n:WAV:POIN:MODE RAW\n:ACQ:POIN\?\n:WAV:POIN\?/);
    expect(port.sent.slice(-2)).toEqual([':WAV:POIN:MODE NORM', ':WAV:POIN 1000']);
    // The normal reads get the length the user chose.
    const sample = await driver.read('waveform');
    if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
    expect(sample.record.channels[0]!.samples).toHaveLength(1_000);
    expect((await driver.getParameters()).global.record_length).toBe(1_000);
  });

  it('after a failed download, the next read still puts the normal record length back first', async () => {
    const scope = emulator();
    const { driver, port } = await driverOn(scope);
    await driver.setParameter('run_state', 'stop');
    const abort = new AbortController();
    abort.abort();
    await expect(driver.readMemory({ signal: abort.signal })).rejects.toBeDefined();
    port.sent.length = 0;
    const sample = await driver.read('waveform');
    expect(sample.kind).toBe('record');
    const restored = port.sent.indexOf(':WAV:POIN 1000');
    expect(port.sent[restored - 1]).toBe(':WAV:POIN:MODE NORM');
    expect(restored).toBeLessThan(port.sent.indexOf(':WAV:DATA?'));
    if (sample.kind === 'record') expect(sample.record.channels[0]!.samples).toHaveLength(1_000);
  });
});
