import { describe, expect, it } from 'vitest';
import { dsox1204gDefinition } from '../../../src-main/emulators/dsox1204g/index.js';
import type { InputSignal } from '../../../src-main/emulators/scope/ScopeFrontEnd.js';
import { KeysightInfiniiVision } from '../../../src-main/instruments/keysight-infiniivision/KeysightInfiniiVision.js';
import {
  decodeBytes,
  decodeWords,
  parsePreamble,
} from '../../../src-main/instruments/scpi-scope/preamble.js';
import { MemoryScpiPort, memoryInstrument, type MemoryInstrument } from '../../helpers/memoryScpiPort.js';
import type { EmulatedDsox } from '../../../src-main/emulators/dsox1204g/index.js';

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
  expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('#8');
  const length = Number(Buffer.from(bytes.subarray(2, 10)).toString('ascii'));
  expect(bytes.length).toBe(10 + length);
  return bytes.subarray(10, 10 + length);
}

describe('InfiniiVision X emulator', () => {
  it('identifies as Keysight with the model’s IDN spelling', () => {
    expect(emulator().handle('*IDN?')).toMatch(/^KEYSIGHT TECHNOLOGIES,DSO-X 1204G,CN\d+,/);
    expect(emulator('DSOX3034T').handle('*IDN?')).toContain(',DSO-X 3034T,');
  });

  it('answers NR3 numbers and takes the largest offered point count not above the request', () => {
    const scope = emulator();
    scope.handle(':TIM:SCAL 2e-4');
    expect(scope.handle(':TIM:SCAL?')).toBe('+2.00000000E-04');
    scope.handle(':WAV:POIN 1500');
    expect(scope.handle(':WAV:POIN?')).toBe('+1000');
  });

  it('decodes BYTE and WORD blocks with the preamble to the configured signal (centre offset applied)', () => {
    const scope = emulator();
    scope.handle(':CHAN1:SCAL 0.5');
    scope.handle(':CHAN1:OFFS 0.5');
    scope.handle(':DIG');
    const preamble = parsePreamble(scope.handle(':WAV:PRE?') as string);
    expect(preamble).toMatchObject({ format: 0, points: 1000, yReference: 128, yOrigin: 0.5 });
    const volts = decodeBytes(payload(scope.handle(':WAV:DATA?')), preamble, 'keysight');
    expect(volts.length).toBe(1000);
    expect(volts.reduce((a, b) => Math.max(a, b))).toBeCloseTo(1.5, 1);
    expect(volts.reduce((a, b) => Math.min(a, b))).toBeCloseTo(-0.5, 1);
    scope.handle(':WAV:FORM WORD');
    scope.handle(':WAV:UNS 0');
    const wordPreamble = parsePreamble(scope.handle(':WAV:PRE?') as string);
    expect(wordPreamble).toMatchObject({ format: 1, yReference: 0 });
    const words = decodeWords(payload(scope.handle(':WAV:DATA?')), wordPreamble, {
      msbFirst: true,
      signed: true,
    });
    for (let i = 0; i < 1000; i += 97) expect(words[i]).toBeCloseTo(volts[i]!, 1);
  });

  it('reports running in :OPER:COND? bit 3, and a single capture stops it', () => {
    const scope = emulator();
    expect(scope.handle(':OPER:COND?')).toBe('+8');
    scope.handle(':SING');
    expect(scope.handle(':OPER:COND?')).toBe('+0');
  });
});

async function driverOn(scope: MemoryInstrument<EmulatedDsox>) {
  const port = new MemoryScpiPort(scope);
  const driver = new KeysightInfiniiVision({ id: 'dsox', openPort: async () => port, clock });
  await driver.connect();
  await driver.identify();
  return { driver, port };
}

describe('Keysight InfiniiVision driver', () => {
  it('takes the model and channels from *IDN?', async () => {
    const { driver } = await driverOn(emulator('DSO-X 2012A'));
    expect(driver.capabilities()).toMatchObject({
      vendor: 'Keysight',
      model: 'DSO-X 2012A',
      profile: 'oscilloscope',
    });
    expect(driver.capabilities().channels).toHaveLength(2);
  });

  it('sends the profile’s offset as Keysight’s centre voltage, negated, and reads it back', async () => {
    const { driver, port } = await driverOn(emulator());
    expect(await driver.setParameter('offset', 0.25, 1)).toBe(0.25);
    expect(port.sent).toContain(':CHAN1:OFFS -0.25');
  });

  it('sets the trigger holdoff with :TRIG:HOLD (40 ns – 10 s) and reads it back', async () => {
    const scope = emulator();
    expect(scope.handle(':TRIG:HOLD?')).toBe('+4.00000000E-08');
    const { driver, port } = await driverOn(scope);
    expect(await driver.setParameter('trigger_holdoff', 1e-3)).toBeCloseTo(1e-3, 12);
    expect(port.sent).toContain(':TRIG:HOLD 1.000000000e-3');
    expect((await driver.getParameters()).global.trigger_holdoff).toBeCloseTo(1e-3, 12);
    await expect(driver.setParameter('trigger_holdoff', 20)).rejects.toMatchObject({ code: 'out_of_range' });
  });

  it('reads one acquisition of the channels on and runs the scope again', async () => {
    const { driver, port } = await driverOn(emulator());
    const sample = await driver.read('waveform');
    if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
    expect(sample.record.channels.map((c) => c.channel)).toEqual([1, 2]);
    expect(sample.record.channels[0]!.samples.reduce((a, b) => Math.max(a, b))).toBeCloseTo(1.5, 1);
    expect(port.sent.at(-1)).toBe(':RUN');
  });

  it('yields waiting_for_trigger in normal mode when the level is beyond the signal', async () => {
    const { driver } = await driverOn(emulator());
    await driver.setParameter('trigger_mode', 'normal');
    await driver.setParameter('trigger_level', 4);
    expect(await driver.read('waveform')).toMatchObject({ kind: 'none', reason: 'waiting_for_trigger' });
  });
});
