/**
 * The siglent-spd3303x driver against the SPD3303X emulator over loopback TCP (the real transport, paced
 * as the registration paces it): its dialect, the status word, the instrument's refusals, and its quirks —
 * commands closer than 10 ms are lost by the instrument, and *OPC? is never answered, so never sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { Spd3303xEmulation } from '../../../src-main/emulators/spd3303x/Spd3303xEmulation.js';
import { SiglentSpd3303x } from '../../../src-main/instruments/siglent-spd3303x/SiglentSpd3303x.js';
import {
  findSpd3303xModel,
  SPD3303X_COMMAND_GAP_MS,
} from '../../../src-main/instruments/siglent-spd3303x/spd3303xModels.js';
import {
  siglentSpd3303xRegistration,
  spd3303xPacing,
} from '../../../src-main/instruments/siglent-spd3303x/registration.js';
import { manualClock, recordingOpener, startEmulated } from '../../helpers/scpiSupplies.js';

const servers: EmulatorServer[] = [];
const drivers: SiglentSpd3303x[] = [];

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
  for (const s of servers.splice(0)) await s.close();
});

async function connected(model = 'SPD3303X', identity?: string) {
  const clock = manualClock();
  const emulated = await startEmulated(
    'spd3303x',
    (context) => {
      // The lost-command quirk is off here: in one process a descheduled event loop delivers two paced
      // commands back to back, and the loss would be the test machine's, not the driver's. The quirk is
      // tested on a manual clock (test/unit/emulators/spd3303xCommands.test.ts), the pacing below.
      const instrument = new Spd3303xEmulation(findSpd3303xModel(model)!, context, {
        loadsOhm: [10, 10],
        minCommandGapMs: 0,
      });
      if (identity !== undefined) instrument.identity = () => identity;
      return instrument;
    },
    clock,
  );
  servers.push(emulated.server);
  const { open, sent } = recordingOpener(emulated.port, {
    minCommandGapMs: SPD3303X_COMMAND_GAP_MS,
    opcQuery: false,
  });
  const driver = new SiglentSpd3303x({ id: 'dut', openPort: open });
  drivers.push(driver);
  await driver.connect();
  return { driver, sent, clock, instrument: emulated.instrument };
}

describe('siglent-spd3303x driver over loopback', () => {
  it('builds its catalog from *IDN?: two outputs, 0–32 V / 0–3.2 A, the model resolution, no OVP/OCP', async () => {
    const { driver } = await connected('SPD3303X-E');
    expect(await driver.identify()).toMatchObject({ vendor: 'Siglent Technologies', model: 'SPD3303X-E' });
    const info = driver.capabilities();
    expect(info.profile).toBe('power_supply');
    expect(info.channels.map((c) => c.name)).toEqual(['CH1', 'CH2']);
    expect(info.parameters.find((p) => p.name === 'voltage_set' && p.channel === 2)).toMatchObject({
      min: 0,
      max: 32,
      step: 0.01,
    });
    const names = new Set(info.parameters.map((p) => p.name));
    for (const absent of ['ovp_level', 'ovp_enabled', 'ocp_level', 'ocp_enabled', 'clear_protection']) {
      expect(names.has(absent), absent).toBe(false);
    }
  });

  it('refuses a model it does not drive, naming the supported ones', async () => {
    const { driver } = await connected('SPD3303X', 'Siglent Technologies,SPD1168X,X1,1.0,V1');
    await expect(driver.identify()).rejects.toMatchObject({
      code: 'fault',
      message:
        'Siglent Technologies SPD1168X is not an SPD3303X supply; this driver supports SPD3303X, SPD3303X-E',
    });
  });

  it('applies settings in its dialect with SYST:ERR? after each, and reads them back', async () => {
    const { driver, sent } = await connected();
    await driver.identify();
    expect(await driver.setParameter('voltage_set', 12.3456, 1)).toBe(12.346);
    expect(await driver.setParameter('current_set', 0.5, 2)).toBe(0.5);
    expect(await driver.setParameter('tracking_mode', 'parallel')).toBe('parallel');
    expect(await driver.setParameter('output_enabled', true, 2)).toBe(true);
    expect(sent).toEqual(
      expect.arrayContaining(['CH1:VOLT 12.3456', 'CH2:CURR 0.5', 'OUTP:TRACK 2', 'OUTP CH2,ON']),
    );
    const snapshot = await driver.getParameters();
    expect(snapshot.global).toEqual({ tracking_mode: 'parallel' });
    expect(snapshot.channels[1]).toMatchObject({ voltage_set: 12.346 });
    // *OPC?, which it never answers, was never sent.
    expect(sent).not.toContain('*OPC?');
  });

  it('refuses values outside the model before sending anything', async () => {
    const { driver, sent } = await connected();
    await driver.identify();
    const before = sent.length;
    await expect(driver.setParameter('voltage_set', 32.5, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('current_set', -0.1, 2)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('voltage_set', 1, 3)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('ovp_level', 5, 1)).rejects.toMatchObject({ code: 'unknown_parameter' });
    expect(sent.length).toBe(before);
  });

  it('reads both outputs with MEAS:POWE? and CV/CC from the status word, as the load decides', async () => {
    const { driver, clock } = await connected();
    await driver.identify();
    await driver.setParameter('voltage_set', 5, 1);
    await driver.setParameter('current_set', 1, 1);
    await driver.setParameter('voltage_set', 12, 2);
    await driver.setParameter('current_set', 0.5, 2);
    await driver.setParameter('output_enabled', true, 1);
    await driver.setParameter('output_enabled', true, 2);
    clock.advance(100);
    const sample = await driver.read('readings');
    if (sample.kind !== 'readings') throw new Error(sample.kind);
    expect(sample.readings).toEqual([
      expect.objectContaining({
        channel: 1,
        voltage_actual: 5,
        current_actual: 0.5,
        power: 2.5,
        in_cv_mode: true,
      }),
      expect.objectContaining({
        channel: 2,
        voltage_actual: 5,
        current_actual: 0.5,
        power: 2.5,
        in_cc_mode: true,
      }),
    ]);
    expect(sample.readings[1]).toMatchObject({ voltage_set: 12, current_set: 0.5, output_enabled: true });
  });

  it('changes the coupling only while CH1 and CH2 are off', async () => {
    const { driver } = await connected();
    await driver.identify();
    await driver.setParameter('output_enabled', true, 1);
    await expect(driver.setParameter('tracking_mode', 'series')).rejects.toMatchObject({
      code: 'invalid_value',
      message: 'turn CH1 and CH2 off before changing tracking_mode',
    });
    expect((await driver.getParameters()).global).toEqual({ tracking_mode: 'independent' });
  });

  it('turns every output off, CH3 included, for its safe state', async () => {
    const { driver, instrument } = await connected();
    await driver.identify();
    await driver.setParameter('output_enabled', true, 1);
    expect(await driver.enterSafeState({ mode: 'off' })).toBe('outputs turned off');
    expect((await driver.getParameters()).channels[1]).toMatchObject({ output_enabled: false });
    expect(instrument.ch3On).toBe(false);
    expect(await driver.enterSafeState({ mode: 'voltage', voltageV: 40 })).toBe('outputs set to 32 V');
  });

  it('paces its link past the gap the instrument loses commands within, and never asks *OPC?', () => {
    const lossGapMs = 10; // Spd3303xEmulation's default, from users' reports of the instrument
    expect(spd3303xPacing().minCommandGapMs).toBeGreaterThanOrEqual(2 * lossGapMs);
    expect(spd3303xPacing().opcQuery).toBe(false);
    expect(spd3303xPacing({ minCommandGapMs: 50 })).toMatchObject({ minCommandGapMs: 50, opcQuery: false });
  });

  it('is registered with the SPD3303X pacing and validated options', async () => {
    const driver = await siglentSpd3303xRegistration.create('bench_psu', { host: '127.0.0.1' }, { seed: 1 });
    expect(driver.capabilities()).toMatchObject({ model: 'SPD3303X', profile: 'power_supply' });
    await expect(
      siglentSpd3303xRegistration.create(
        'x',
        { host: '127.0.0.1', pacing: { minCommandGapMs: -1 } },
        { seed: 1 },
      ),
    ).rejects.toMatchObject({ path: ['pacing', 'minCommandGapMs'] });
  });
});
