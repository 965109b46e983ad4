/**
 * The keysight-e36300 driver against the E36300 emulator over loopback TCP (the real transport): the model
 * from *IDN?, limits checked before sending, the instrument's own refusals, CV/CC, trips as events, and
 * outputs switched on only when asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { E36300Emulation } from '../../../src-main/emulators/e36300/E36300Emulation.js';
import type { InstrumentEvent } from '../../../src-main/instruments/InstrumentDriver.js';
import { KeysightE36300 } from '../../../src-main/instruments/keysight-e36300/KeysightE36300.js';
import { findE36300Model } from '../../../src-main/instruments/keysight-e36300/e36300Models.js';
import { keysightE36300Registration } from '../../../src-main/instruments/keysight-e36300/registration.js';
import { manualClock, recordingOpener, startEmulated } from '../../helpers/scpiSupplies.js';

const servers: EmulatorServer[] = [];
const drivers: KeysightE36300[] = [];

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
  for (const s of servers.splice(0)) await s.close();
});

async function connected(model: string, loadsOhm?: number[], identity?: string) {
  const clock = manualClock();
  const emulated = await startEmulated(
    'e36300',
    (context) => {
      const instrument = new E36300Emulation(findE36300Model(model)!, context, { loadsOhm });
      if (identity !== undefined) instrument.identity = () => identity;
      return instrument;
    },
    clock,
  );
  servers.push(emulated.server);
  const { open, sent } = recordingOpener(emulated.port);
  const driver = new KeysightE36300({ id: 'dut', openPort: open });
  drivers.push(driver);
  await driver.connect();
  return { driver, sent, clock, instrument: emulated.instrument, port: emulated.port };
}

describe('keysight-e36300 driver over loopback', () => {
  it('builds its catalog from the model *IDN? names: channels, limits, 1 mV steps, the profile', async () => {
    const { driver } = await connected('E36313A');
    expect(await driver.identify()).toMatchObject({ vendor: 'Keysight Technologies', model: 'E36313A' });
    const info = driver.capabilities();
    expect(info.profile).toBe('power_supply');
    expect(info.channels.map((c) => [c.name, c.max])).toEqual([
      ['CH1', 6.18],
      ['CH2', 25.75],
      ['CH3', 25.75],
    ]);
    const current1 = info.parameters.find((p) => p.name === 'current_set' && p.channel === 1);
    expect(current1).toMatchObject({ min: 0.002, max: 10.3, step: 0.001, unit: 'A' });
    expect(info.parameters.find((p) => p.name === 'tracking_mode')?.choices).toEqual([
      'independent',
      'series',
      'parallel',
      'track',
    ]);
    expect(info.parameters.some((p) => p.name === 'ocp_level')).toBe(false);

    const small = await connected('E36311A');
    await small.driver.identify();
    const ch3 = small.driver
      .capabilities()
      .parameters.find((p) => p.name === 'voltage_set' && p.channel === 3);
    expect(ch3).toMatchObject({ min: -25.75, max: 0 });
    expect(small.driver.capabilities().parameters.find((p) => p.name === 'tracking_mode')?.choices).toEqual([
      'independent',
      'track',
    ]);
  });

  it('refuses a model it does not drive, naming the supported ones', async () => {
    const { driver } = await connected('E36312A', undefined, 'Keysight Technologies,E36234A,MY1,1.0');
    await expect(driver.identify()).rejects.toMatchObject({
      code: 'fault',
      message:
        'Keysight Technologies E36234A is not an E36300 supply; this driver supports E36311A, E36312A, E36313A',
    });
  });

  it('applies settings with channel lists, returns what the instrument applied, and reads it all back', async () => {
    const { driver, sent } = await connected('E36312A');
    await driver.identify();
    expect(await driver.setParameter('voltage_set', 5.0004, 1)).toBe(5);
    expect(await driver.setParameter('current_set', 0.25, 2)).toBe(0.25);
    expect(await driver.setParameter('ovp_level', 20, 2)).toBe(20);
    expect(await driver.setParameter('ocp_enabled', true, 3)).toBe(true);
    expect(await driver.setParameter('tracking_mode', 'series')).toBe('series');
    expect(sent).toContain('VOLT 5.0004,(@1)');
    expect(sent.filter((c) => c === 'SYST:ERR?').length).toBeGreaterThanOrEqual(5);
    const snapshot = await driver.getParameters();
    expect(snapshot.global).toEqual({ tracking_mode: 'series' });
    expect(snapshot.channels[1]).toMatchObject({
      voltage_set: 5,
      output_enabled: false,
      protection_tripped: 'none',
    });
    expect(snapshot.channels[2]).toMatchObject({ current_set: 0.25, ovp_level: 20 });
    expect(snapshot.channels[3]).toMatchObject({ ocp_enabled: true });
  });

  it('refuses values outside the model before sending anything', async () => {
    const { driver, sent } = await connected('E36312A');
    await driver.identify();
    const before = sent.length;
    await expect(driver.setParameter('voltage_set', 6.2, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('current_set', 1.5, 2)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('voltage_set', 1, 4)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('tracking_mode', 'crossed')).rejects.toMatchObject({
      code: 'out_of_range',
    });
    expect(sent.length).toBe(before);
  });

  it("passes the instrument's own refusal on, in its words", async () => {
    const { driver } = await connected('E36312A');
    await driver.identify();
    await driver.setParameter('tracking_mode', 'parallel');
    await expect(driver.setParameter('voltage_set', 5, 3)).rejects.toMatchObject({
      code: 'invalid_value',
      message: 'instrument refused "VOLT 5,(@3)": -221 Settings conflict',
    });
  });

  it('reads every output with CV or CC from the instrument, as the load decides', async () => {
    const { driver, clock } = await connected('E36313A', [10, 10, 10]);
    await driver.identify();
    await driver.setParameter('voltage_set', 5, 1);
    await driver.setParameter('current_set', 1, 1);
    await driver.setParameter('voltage_set', 12, 2);
    await driver.setParameter('current_set', 0.5, 2);
    await driver.setParameter('output_enabled', true, 1);
    await driver.setParameter('output_enabled', true, 2);
    clock.advance(150); // the outputs slew at 500 V/s
    const sample = await driver.read('readings');
    if (sample.kind !== 'readings') throw new Error(sample.kind);
    const [ch1, ch2, ch3] = sample.readings;
    expect(ch1).toMatchObject({
      voltage_actual: 5,
      current_actual: 0.5,
      in_cv_mode: true,
      in_cc_mode: false,
    });
    expect(ch1!.power).toBeCloseTo(2.5, 9);
    expect(ch2).toMatchObject({
      voltage_actual: 5,
      current_actual: 0.5,
      in_cv_mode: false,
      in_cc_mode: true,
    });
    expect(ch3).toMatchObject({
      output_enabled: false,
      in_cv_mode: false,
      in_cc_mode: false,
      voltage_actual: 0,
    });
  });

  it('reports a protection trip once, as an event, and a clear leaves the output off', async () => {
    const { driver, sent, clock } = await connected('E36312A');
    await driver.identify();
    const events: InstrumentEvent[] = [];
    driver.onEvent((e) => events.push(e));
    await driver.setParameter('voltage_set', 5, 2);
    await driver.setParameter('output_enabled', true, 2);
    clock.advance(50);
    await driver.setParameter('ovp_level', 4, 2);
    clock.advance(1);
    await driver.read('readings');
    await driver.read('readings');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'protection_trip',
      level: 'alarm',
      channel: 2,
      details: { trip: 'ovp' },
    });
    await expect(driver.setParameter('output_enabled', true, 2)).rejects.toMatchObject({
      message: 'CH2 stays off: OVP tripped; clear protection first',
    });
    await driver.setParameter('ovp_level', 10, 2);
    expect(await driver.setParameter('clear_protection', true, 2)).toBe(true);
    const after = await driver.getParameters();
    expect(after.channels[2]).toMatchObject({ output_enabled: false, protection_tripped: 'none' });
    expect(events.map((e) => [e.kind, e.channel, e.details?.trip])).toEqual([
      ['protection_trip', 2, 'ovp'],
      ['protection_cleared', 2, 'ovp'],
    ]);
    // The emulator, like the instrument, would have turned it back on: the driver switched it off first.
    const clear = sent.indexOf('OUTP:PROT:CLE (@2)');
    expect(sent.slice(clear - 2, clear)).toEqual(['OUTP OFF,(@2)', 'SYST:ERR?']);
    // Only the explicit set_parameter ever sent OUTP ON.
    expect(sent.filter((c) => c.startsWith('OUTP ON'))).toEqual(['OUTP ON,(@2)', 'OUTP ON,(@2)']);
  });

  it('changes the coupling of outputs 2 and 3 only while both are off', async () => {
    const { driver } = await connected('E36313A');
    await driver.identify();
    await driver.setParameter('output_enabled', true, 2);
    await expect(driver.setParameter('tracking_mode', 'parallel')).rejects.toMatchObject({
      code: 'invalid_value',
      message: 'turn outputs 2 and 3 off before changing tracking_mode',
    });
    expect((await driver.getParameters()).global).toEqual({ tracking_mode: 'independent' });
    await driver.setParameter('output_enabled', false, 2);
    expect(await driver.setParameter('tracking_mode', 'parallel')).toBe('parallel');
    expect((await driver.getParameters()).channels[3]).toMatchObject({ output_enabled: false });
  });

  it('enters its safe state: outputs off, or every setpoint lowered (with the sign of the −25 V output)', async () => {
    const { driver, sent } = await connected('E36311A');
    await driver.identify();
    await driver.setParameter('output_enabled', true, 1);
    expect(await driver.enterSafeState({ mode: 'off' })).toBe('outputs turned off');
    expect((await driver.getParameters()).channels[1]).toMatchObject({ output_enabled: false });
    expect(await driver.enterSafeState({ mode: 'voltage', voltageV: 10 })).toBe('outputs set to 10 V');
    expect(sent).toContain('VOLT -10,(@3)');
    const volts = await driver.getParameters();
    expect([1, 2, 3].map((c) => volts.channels[c]!.voltage_set)).toEqual([6.18, 10, -10]);
  });

  it('is registered with validated options: host, port 5025 by default, the expected model', async () => {
    const driver = await keysightE36300Registration.create(
      'bench_psu',
      { host: '127.0.0.1', model: 'E36313A' },
      { seed: 1 },
    );
    expect(driver.capabilities()).toMatchObject({ model: 'E36313A', profile: 'power_supply' });
    await expect(
      keysightE36300Registration.create('x', { host: '127.0.0.1', port: 70_000 }, { seed: 1 }),
    ).rejects.toMatchObject({
      path: ['port'],
    });
    await expect(
      keysightE36300Registration.create('x', { host: '127.0.0.1', model: 'E3631A' }, { seed: 1 }),
    ).rejects.toMatchObject({
      path: ['model'],
    });
  });
});
