import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { ScpiError } from '../../../src-main/emulators/core/ScpiError.js';
import type { EmulatedDp832 } from '../../../src-main/emulators/dp832/index.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';
import type { InstrumentEvent } from '../../../src-main/instruments/InstrumentDriver.js';
import { Dp800Driver } from '../../../src-main/instruments/rigol-dp800/Dp800Driver.js';
import type { ScpiPort } from '../../../src-main/instruments/scpi/ScpiPort.js';
import { openScpiPort } from '../../../src-main/instruments/scpi/transport/index.js';
import { startScriptedInstrument } from './scriptedInstrument.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A DP832 emulator and a connected, identified driver whose every command is recorded. */
async function dp832(): Promise<{
  driver: Dp800Driver;
  emulator: EmulatorServer<EmulatedDp832>;
  sent: string[];
}> {
  const emulator = await EmulatorServer.start<EmulatedDp832>(dp832Emulator, { port: 0 });
  cleanups.push(() => emulator.close());
  const sent: string[] = [];
  const driver = new Dp800Driver({
    id: 'psu_dp832',
    endpoint: { host: '127.0.0.1', port: emulator.address.port },
    open: async (endpoint, pacing, signal): Promise<ScpiPort> => {
      const port = await openScpiPort(endpoint, pacing, signal);
      return {
        write: (command, options) => (sent.push(command), port.write(command, options)),
        query: (command, options) => (sent.push(command), port.query(command, options)),
        queryBlock: (command, options) => (sent.push(command), port.queryBlock(command, options)),
        resync: () => port.resync(),
        stats: () => port.stats(),
        close: () => port.close(),
      };
    },
  });
  cleanups.push(() => driver.close());
  await driver.connect();
  await driver.identify();
  return { driver, emulator, sent };
}

describe('Rigol DP800 driver against the DP832 emulator', () => {
  it('finds the model by *IDN? and publishes its outputs and limits under the power_supply profile', async () => {
    const { driver } = await dp832();
    const info = driver.capabilities();
    expect(info).toMatchObject({ vendor: 'Rigol', model: 'DP832', profile: 'power_supply' });
    expect(info.channels.map((c) => [c.name, c.max])).toEqual([
      ['CH1', 32],
      ['CH2', 32],
      ['CH3', 5.3],
    ]);
    expect(info.parameters.find((p) => p.name === 'voltage_set' && p.channel === 3)).toMatchObject({
      max: 5.3,
      step: 0.001,
    });
  });

  it('sets and reads back through the instrument, checking SYST:ERR? after each setting', async () => {
    const { driver, emulator, sent } = await dp832();
    expect(await driver.setParameter('voltage_set', 12.5, 2)).toBe(12.5);
    expect(sent.slice(-3)).toEqual([':SOUR2:VOLT 12.5', 'SYST:ERR?', ':SOUR2:VOLT?']);
    expect(emulator.instrument.model.channel(2).physics.voltageSetV).toBe(12.5);
    await driver.setParameter('current_set', 0.25, 2);
    await driver.setParameter('output_enabled', true, 2);
    const sample = await driver.read('readings');
    expect(sample.kind === 'readings' && sample.readings[1]).toMatchObject({
      channel: 2,
      voltage_set: 12.5,
      current_set: 0.25,
      output_enabled: true,
    });
    expect((await driver.getParameters()).channels[2]).toMatchObject({
      voltage_set: 12.5,
      output_enabled: true,
    });
  });

  it("refuses a value outside the model's limits before anything is sent", async () => {
    const { driver, sent } = await dp832();
    const before = sent.length;
    await expect(driver.setParameter('voltage_set', 6, 3)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(driver.setParameter('current_set', 3.5, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    expect(sent.length).toBe(before);
  });

  it("turns the instrument's own error into a DriverError and leaves its queue empty", async () => {
    const { driver, emulator } = await dp832();
    // As if the supply refused the setting (a conflict only it knows of): its error is queued.
    emulator.table.errors.push(new ScpiError(-221, 'Settings conflict'));
    await expect(driver.setParameter('voltage_set', 1, 1)).rejects.toMatchObject({
      code: 'fault',
      message: 'DP832 refused :SOUR1:VOLT 1: -221,"Settings conflict"',
    });
    expect(emulator.table.errors.size).toBe(0);
  });

  it('reports a protection trip as an instrument event and in its parameters', async () => {
    const { driver } = await dp832();
    const events: InstrumentEvent[] = [];
    driver.onEvent((event) => events.push(event));
    await driver.setParameter('ovp_enabled', true, 1);
    await driver.setParameter('voltage_set', 5, 1);
    await driver.setParameter('output_enabled', true, 1);
    await driver.read('readings');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the output slews to 5 V (500 V/s)
    await driver.setParameter('ovp_level', 2, 1);
    const sample = await driver.read('readings');
    expect(sample.kind === 'readings' && sample.readings[0]!.output_enabled).toBe(false);
    expect(events).toMatchObject([
      { kind: 'protection_trip', channel: 1, level: 'alarm', details: { trip: 'ovp' } },
    ]);
    expect((await driver.getParameters()).channels[1]).toMatchObject({ protection_tripped: 'ovp' });
    await expect(driver.setParameter('output_enabled', true, 1)).rejects.toMatchObject({
      code: 'invalid_value',
    });
    await driver.setParameter('clear_protection', true, 1);
    expect((await driver.getParameters()).channels[1]).toMatchObject({
      protection_tripped: 'none',
      output_enabled: false,
    });
    expect(events.map((e) => [e.kind, e.level, e.channel, e.details?.trip])).toEqual([
      ['protection_trip', 'alarm', 1, 'ovp'],
      ['protection_cleared', 'info', 1, 'ovp'],
    ]);
  });

  it('tracks CH1/CH2 (:OUTP:TRAC) and names the pair in the catalog', async () => {
    const { driver, emulator } = await dp832();
    expect(driver.capabilities().parameters.find((p) => p.name === 'tracking_mode')).toMatchObject({
      choices: ['independent', 'track'],
      coupled_channels: [1, 2],
    });
    expect(await driver.setParameter('tracking_mode', 'track')).toBe('track');
    await driver.setParameter('voltage_set', 9, 1);
    expect((await driver.getParameters()).channels[2]).toMatchObject({ voltage_set: 9 });
    expect(emulator.instrument.model.channel(1).trackEnabled).toBe(true);
    expect(await driver.setParameter('tracking_mode', 'independent')).toBe('independent');
  });

  it('never switches an output on by itself: connect, reads, parameters and the safe state leave them off', async () => {
    const { driver, emulator, sent } = await dp832();
    await driver.getParameters();
    await driver.read('readings');
    expect(await driver.enterSafeState({ mode: 'voltage', voltageV: 1 })).toBe('outputs set to 1 V');
    expect(await driver.enterSafeState({ mode: 'off' })).toBe('outputs turned off');
    expect(emulator.instrument.model.channels.map((c) => c.physics.outputEnabled)).toEqual([
      false,
      false,
      false,
    ]);
    expect(sent.filter((c) => /OUTP.*ON$/.test(c))).toEqual([]);
  });
});

describe('Rigol DP800 driver: DP831 tracking', () => {
  it('tracks with CH2 (the guide: CH2/CH3 track on the DP831; CH1 answers NONE)', async () => {
    let tracking = false;
    const instrument = await startScriptedInstrument((line, socket) => {
      if (line === '*IDN?') socket.write('RIGOL TECHNOLOGIES,DP831A,DP8E1,00.01.16\n');
      else if (line === ':OUTP:TRAC CH2,ON') tracking = true;
      else if (line === ':OUTP:TRAC? CH2') socket.write(tracking ? 'ON\n' : 'OFF\n');
      else if (line === ':OUTP:TRAC? CH1') socket.write('NONE\n');
      else if (line === 'SYST:ERR?') socket.write('0,"No error"\n');
      else if (line === '*OPC?') socket.write('1\n');
    });
    cleanups.push(() => instrument.close());
    const driver = new Dp800Driver({ id: 'psu_x', endpoint: { host: '127.0.0.1', port: instrument.port } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await driver.identify();
    expect(driver.capabilities().parameters.find((p) => p.name === 'tracking_mode')).toMatchObject({
      coupled_channels: [2, 3],
    });
    expect(await driver.setParameter('tracking_mode', 'track')).toBe('track');
    expect(instrument.received.filter((line) => line.includes('TRAC'))).toEqual([
      ':OUTP:TRAC CH2,ON',
      ':OUTP:TRAC? CH2',
    ]);
  });
});

describe('Rigol DP800 driver: what is not a DP800', () => {
  it('names the supported models when *IDN? is another instrument', async () => {
    const instrument = await startScriptedInstrument((line, socket) => {
      if (line === '*IDN?') socket.write('Keysight Technologies,E36313A,MY123,2.1.0\n');
    });
    cleanups.push(() => instrument.close());
    const driver = new Dp800Driver({ id: 'psu_x', endpoint: { host: '127.0.0.1', port: instrument.port } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await expect(driver.identify()).rejects.toMatchObject({
      code: 'fault',
      message: `127.0.0.1:${instrument.port} is a Keysight Technologies E36313A, not a Rigol DP800 supply (supported: DP832, DP831, DP821, DP811)`,
    });
  });

  it('turns a reply that is not a number into a protocol error and resyncs the link', async () => {
    const instrument = await startScriptedInstrument((line, socket) => {
      if (line === '*IDN?') socket.write('RIGOL TECHNOLOGIES,DP832,DP8C1,00.01.16\n');
      else if (line === ':OUTP:OVP:QUES? CH1') socket.write('NO\n');
      else if (line === ':OUTP:OCP:QUES? CH1') socket.write('NO\n');
      else if (line === ':SOUR1:VOLT?') socket.write('banana\n');
      else if (line === '*OPC?') socket.write('1\n');
    });
    cleanups.push(() => instrument.close());
    const driver = new Dp800Driver({ id: 'psu_x', endpoint: { host: '127.0.0.1', port: instrument.port } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await driver.identify();
    await expect(driver.getParameters()).rejects.toMatchObject({
      code: 'protocol',
      message: ':SOUR1:VOLT? answered "banana", not a number',
    });
    expect(instrument.received.slice(-2)).toEqual(['*CLS', '*OPC?']);
    expect(driver.linkStats()?.resyncs).toBe(1);
  });
});
