import { describe, expect, it } from 'vitest';
import { ds1054zDefinition, type Ds1054zOptions } from '../../../src-main/emulators/ds1054z/index.js';
import type { InputSignal } from '../../../src-main/emulators/scope/ScopeFrontEnd.js';
import { RigolDs1000z } from '../../../src-main/instruments/rigol-ds1000z/RigolDs1000z.js';
import { measureWaveform } from '../../../shared/analysis/measureWaveform.js';
import { MemoryScpiPort, memoryInstrument } from '../../helpers/memoryScpiPort.js';

const clock = { nowMs: () => 1_000 };
const square: InputSignal = {
  shape: 'square',
  frequencyHz: 1_000,
  amplitudeVpp: 2,
  dcV: 0,
  dutyPercent: 50,
  noiseVrms: 0,
};

async function scope(options: Ds1054zOptions = {}) {
  const emulator = memoryInstrument(
    ds1054zDefinition({ signals: [square, square, square, square], ...options }),
    clock,
  );
  const port = new MemoryScpiPort(emulator);
  const driver = new RigolDs1000z({ id: 'ds', openPort: async () => port, clock });
  await driver.connect();
  await driver.identify();
  return { emulator, port, driver };
}

describe('Rigol DS1000Z driver', () => {
  it('takes channels and model from *IDN?', async () => {
    const { driver } = await scope({ model: 'DS1202Z-E' });
    const info = driver.capabilities();
    expect(info).toMatchObject({ model: 'DS1202Z-E', vendor: 'Rigol', profile: 'oscilloscope' });
    expect(info.channels.map((c) => c.name)).toEqual(['CH1', 'CH2']);
  });

  it('refuses an instrument that is not a DS1000Z, naming the supported models', async () => {
    const port = new MemoryScpiPort({ handle: () => 'KEYSIGHT TECHNOLOGIES,DSO-X 1204G,CN1,1.0' });
    const driver = new RigolDs1000z({ id: 'ds', openPort: async () => port });
    await driver.connect();
    await expect(driver.identify()).rejects.toMatchObject({
      code: 'fault',
      message: expect.stringContaining('supported: DS1054Z'),
    });
  });

  it('publishes 1-2-5 V/div from 1 mV to 10 V and the timebases as values, and the memory depths as a range (which exist depends on the channels on)', async () => {
    const { driver } = await scope();
    const param = (name: string) => driver.capabilities().parameters.find((p) => p.name === name)!;
    expect(param('volts_per_div').values?.slice(0, 4)).toEqual([0.001, 0.002, 0.005, 0.01]);
    expect(param('volts_per_div').values?.at(-1)).toBe(10);
    expect(param('timebase').values?.[0]).toBe(5e-9);
    expect(param('timebase').values?.at(-1)).toBe(50);
    expect(param('record_length').values).toBeUndefined();
    expect(param('record_length')).toMatchObject({ min: 3_000, max: 24_000_000 });
  });

  it('sets through SCPI and reads back what the scope applied', async () => {
    const { driver, port } = await scope();
    expect(await driver.setParameter('volts_per_div', 0.3, 1)).toBe(0.2);
    expect(port.sent).toContain(':CHAN1:SCAL 0.3');
    expect(await driver.setParameter('timebase', 3e-4)).toBe(2e-4);
    expect(await driver.setParameter('trigger_mode', 'normal')).toBe('normal');
    const snapshot = await driver.getParameters();
    expect(snapshot.global).toMatchObject({ timebase: 2e-4, trigger_mode: 'normal', run_state: 'run' });
    expect(snapshot.channels[1]).toMatchObject({ volts_per_div: 0.2, enabled: true, coupling: 'dc' });
  });

  it('sets the trigger holdoff with :TRIG:HOLD and the vertical offset with :CHAN:OFFS, read back', async () => {
    const { driver, port, emulator } = await scope();
    expect(await driver.setParameter('trigger_holdoff', 2e-4)).toBeCloseTo(2e-4, 12);
    expect(port.sent).toContain(':TRIG:HOLD 2.000000000e-4');
    expect(emulator.handle(':TRIG:HOLD?')).toBe('2.000000e-04');
    expect((await driver.getParameters()).global.trigger_holdoff).toBeCloseTo(2e-4, 12);
    await expect(driver.setParameter('trigger_holdoff', 1e-9)).rejects.toMatchObject({
      code: 'out_of_range',
    });
    expect(await driver.setParameter('offset', 0.5, 1)).toBe(0.5);
    expect((await driver.getParameters()).channels[1]).toMatchObject({ offset: 0.5 });
    expect(driver.capabilities().parameters.find((p) => p.name === 'trigger_holdoff')).toMatchObject({
      unit: 's',
      min: 16e-9,
      max: 10,
    });
  });

  it('the emulator clamps the holdoff to 16 ns – 10 s, as the guide says', async () => {
    const { emulator } = await scope();
    expect(emulator.handle(':TRIG:HOLD?')).toBe('1.600000e-08');
    emulator.handle(':TRIG:HOLD 100');
    expect(emulator.handle(':TRIG:HOLD?')).toBe('1.000000e+01');
  });

  it('refuses a value outside the catalog before sending anything', async () => {
    const { driver, port } = await scope();
    const sentBefore = port.sent.length;
    await expect(driver.setParameter('volts_per_div', 20, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    expect(port.sent.length).toBe(sentBefore);
  });

  it('reads one acquisition of every channel on, converted with the preamble', async () => {
    const { driver } = await scope();
    await driver.setParameter('enabled', true, 2);
    await driver.setParameter('volts_per_div', 0.5, 2);
    await driver.setParameter('offset', -1, 2);
    const sample = await driver.read('waveform');
    if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
    const { record } = sample;
    expect(record.channels.map((c) => c.channel)).toEqual([1, 2]);
    expect(record.sampleRateHz).toBeCloseTo(1200 / (12 * 1e-3), 6);
    for (const { samples } of record.channels) {
      expect(samples.length).toBe(1200);
      expect(Math.max(...samples)).toBeCloseTo(1, 1);
      expect(Math.min(...samples)).toBeCloseTo(-1, 1);
    }
    // The scope runs again after the read.
    expect((await driver.getParameters()).global.run_state).toBe('run');
  });

  it('computes measurements from the records with the simulator’s code', async () => {
    const { driver } = await scope();
    const wave = await driver.read('waveform', { readerId: 'w', maxAgeMs: 1_000 });
    const measured = await driver.read('measurements', { readerId: 'm', maxAgeMs: 1_000 });
    if (wave.kind !== 'record' || measured.kind !== 'measurements')
      throw new Error('expected a record and measurements');
    const m = measureWaveform(wave.record.channels[0]!.samples, wave.record.sampleRateHz)!;
    expect(measured.values.CH1).toMatchObject({ vpp: m.vppV, frequency: m.frequencyHz });
    expect(measured.values.CH1!.frequency).toBeCloseTo(1_000, 0);
  });

  it('yields waiting_for_trigger in normal mode without a trigger', async () => {
    const { driver } = await scope();
    await driver.setParameter('trigger_mode', 'normal');
    await driver.setParameter('trigger_level', 3);
    expect(await driver.read('waveform')).toMatchObject({ kind: 'none', reason: 'waiting_for_trigger' });
  });

  it('refuses the deep-memory download while running, changing nothing', async () => {
    const { driver, port } = await scope();
    await driver.getParameters();
    const sentBefore = port.sent.length;
    await expect(driver.readMemory()).rejects.toMatchObject({
      code: 'invalid_value',
      message: expect.stringContaining('only once stopped'),
    });
    expect(port.sent.slice(sentBefore)).toEqual([':TRIG:STAT?']);
  });

  it('downloads the stopped memory in windows of at most 250k points with progress', async () => {
    const { driver, port } = await scope();
    await driver.setParameter('record_length', 1_200_000);
    await driver.setParameter('trigger_mode', 'single');
    const progress: number[] = [];
    const record = await driver.readMemory({ onProgress: (p) => progress.push(p.receivedPoints) });
    expect(record.channels[0]!.samples.length).toBe(1_200_000);
    expect(record.sampleRateHz).toBeCloseTo(1_200_000 / (12 * 1e-3), 0);
    const windows = port.sent.filter((c) => c.startsWith(':WAV:STOP '));
    expect(windows).toEqual([
      ':WAV:STOP 250000',
      ':WAV:STOP 500000',
      ':WAV:STOP 750000',
      ':WAV:STOP 1000000',
      ':WAV:STOP 1200000',
    ]);
    expect(progress.at(-1)).toBe(1_200_000);
    expect(record.channels[0]!.samples.reduce((a, b) => Math.max(a, b))).toBeCloseTo(1, 1);
  });

  it('cancels a download through its AbortSignal between windows', async () => {
    const { driver } = await scope();
    await driver.setParameter('record_length', 1_200_000);
    await driver.setParameter('run_state', 'stop');
    const abort = new AbortController();
    const download = driver.readMemory({
      signal: abort.signal,
      onProgress: (p) => {
        if (p.receivedPoints >= 250_000) abort.abort();
      },
    });
    await expect(download).rejects.toMatchObject({
      code: 'fault',
      message: expect.stringContaining('cancelled after 250000 of 1200000'),
    });
  });
});
