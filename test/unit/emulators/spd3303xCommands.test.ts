/**
 * The SPD3303X emulator's command table: every command the siglent-spd3303x driver sends, the reply
 * formats of the guide, and its two quirks (commands closer than the gap are lost; *OPC? is never answered).
 */
import { describe, expect, it } from 'vitest';
import { CommandTable } from '../../../src-main/emulators/core/CommandTable.js';
import { spd3303xEmulator } from '../../../src-main/emulators/spd3303x/index.js';
import { Spd3303xEmulation } from '../../../src-main/emulators/spd3303x/Spd3303xEmulation.js';
import { findSpd3303xModel } from '../../../src-main/instruments/siglent-spd3303x/spd3303xModels.js';

/** A table whose clock moves 20 ms before each message, as a paced driver sends them. */
function emulated(model = 'SPD3303X', loadsOhm?: number[]) {
  let now = 1_000;
  const clock = { nowMs: () => now };
  const instrument = new Spd3303xEmulation(findSpd3303xModel(model)!, { clock, seed: 3 }, { loadsOhm });
  const table = new CommandTable(instrument);
  const run = (line: string) => {
    now += 20;
    return table.execute(line).replies;
  };
  const ask = (line: string): string => {
    const replies = run(line);
    expect(replies, line).toHaveLength(1);
    return replies[0] as string;
  };
  const send = (line: string): void => {
    expect(run(line), line).toHaveLength(0);
  };
  return { instrument, table, ask, send, run, advance: (ms: number) => void (now += ms) };
}

describe('SPD3303X emulator', () => {
  it('identifies as the model, with five *IDN? fields', () => {
    expect(emulated().ask('*IDN?')).toMatch(/^Siglent Technologies,SPD3303X,SPD3X\w+,[\w.]+,V[\d.]+$/);
    expect(emulated('SPD3303X-E').ask('*IDN?')).toContain(',SPD3303X-E,');
  });

  it('sets per channel (CHn:VOLT) or on the selected one, with 3-decimal replies at the model resolution', () => {
    const { ask, send } = emulated();
    send('CH1:VOLT 12.3456');
    send('CH2:CURR 0.5');
    expect(ask('CH1:VOLT?')).toBe('12.346');
    expect(ask('CH2:CURRent?')).toBe('0.500');
    send('INST CH2');
    expect(ask('INST?')).toBe('CH2');
    send('VOLT 3.3');
    expect(ask('CH2:VOLT?')).toBe('3.300');
    const e = emulated('SPD3303X-E');
    e.send('CH1:VOLT 12.3456');
    expect(e.ask('CH1:VOLT?')).toBe('12.350');
  });

  it('refuses values outside 0–32 V / 0–3.2 A with -222 and keeps the setting', () => {
    const { ask, send } = emulated();
    send('CH1:VOLT 5');
    send('CH1:VOLT 33');
    expect(ask('SYST:ERR?')).toBe('-222,"Data out of range"');
    expect(ask('CH1:VOLT?')).toBe('5.000');
    send('CH3:VOLT 1');
    expect(ask('SYST:ERR?')).toBe('-113,"Undefined header"');
  });

  it('measures what the load draws: CV, then CC, with MEAS:POWE? their product', () => {
    const { ask, send, advance } = emulated('SPD3303X', [10, 10]);
    send('CH1:VOLT 5');
    send('CH1:CURR 1');
    send('OUTP CH1,ON');
    advance(100);
    expect(ask('MEAS:VOLT? CH1')).toBe('5.000');
    expect(ask('MEAS:CURR? CH1')).toBe('0.500');
    expect(ask('MEAS:POWE? CH1')).toBe('2.500');
    expect(ask('SYST:STAT?')).toBe('0x0014'); // independent, CH1 on, CV
    send('CH1:CURR 0.2');
    advance(100);
    expect(ask('MEAS:VOLT? CH1')).toBe('2.000');
    expect(ask('SYST:STAT?')).toBe('0x0015'); // CH1 in CC
    send('INST CH1');
    expect(ask('MEAS:CURR?')).toBe('0.200');
  });

  it('reports outputs and coupling in the status word; coupled, CH1 sets and switches both', () => {
    const { ask, send } = emulated();
    send('CH1:VOLT 7');
    send('OUTP CH2,ON');
    expect(ask('SYST:STAT?')).toBe('0x0024');
    send('OUTP:TRACK 1');
    expect(ask('SYST:STAT?')).toBe('0x000C'); // series; CH2 follows CH1 (off)
    expect(ask('CH2:VOLT?')).toBe('7.000');
    send('OUTP CH1,ON');
    expect(ask('SYST:STAT?')).toBe('0x003C');
    send('OUTP:TRACK 2');
    expect(ask('SYST:STAT?')).toBe('0x0038');
    send('OUTP:TRACK 0');
    send('OUTP CH3,ON');
    expect(ask('SYST:STAT?')).toBe('0x0034');
    send('OUTP:TRACK 3');
    expect(ask('SYST:ERR?')).toBe('-222,"Data out of range"');
  });

  it('loses a command sent sooner than 10 ms after the previous one', () => {
    const { table, ask, advance, instrument } = emulated();
    expect(table.execute('CH1:VOLT 4').replies).toEqual([]);
    advance(5);
    expect(table.execute('CH1:VOLT?').replies).toEqual([]); // lost: no answer
    expect(instrument.lostCommands).toBe(1);
    advance(10);
    expect(table.execute('CH1:VOLT?').replies).toEqual(['4.000']);
    expect(ask('SYST:ERR?')).toBe('0,"No error"');
  });

  it('never answers *OPC?', () => {
    const { run, ask } = emulated();
    expect(run('*OPC?')).toEqual([]);
    expect(ask('SYST:ERR?')).toBe('0,"No error"');
  });
});

describe('spd3303x command-line flags', () => {
  it('--load wires a load that outlives *RST; --command-gap-ms tunes or turns off the lost-command quirk', () => {
    const { instrument, ask, send, advance, table } = emulated();
    spd3303xEmulator.flags!.load!.apply(instrument, '1=5');
    send('*RST');
    send('CH1:VOLT 10');
    send('CH1:CURR 3');
    send('OUTP CH1,ON');
    advance(100);
    expect(ask('MEAS:CURR? CH1')).toBe('2.000');
    spd3303xEmulator.flags!['command-gap-ms']!.apply(instrument, '0');
    expect(table.execute('CH1:VOLT?').replies).toEqual(['10.000']);
    expect(table.execute('CH1:VOLT?').replies).toEqual(['10.000']); // no time between: kept
    expect(() => spd3303xEmulator.flags!['command-gap-ms']!.apply(instrument, 'soon')).toThrow(
      '"soon": expected whole milliseconds from 0 to 1000 (0: no commands are lost)',
    );
    expect(() => spd3303xEmulator.flags!.load!.apply(instrument, '3=5')).toThrow(/CH from 1 to 2/);
  });
});
