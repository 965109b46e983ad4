/**
 * The E36300 emulator's command table: every command the keysight-e36300 driver sends (and libsigrok's
 * scpi-pps profile for the family), and the reply formats the guide shows.
 */
import { describe, expect, it } from 'vitest';
import { CommandTable } from '../../../src-main/emulators/core/CommandTable.js';
import { formatNr3, splitChannelList } from '../../../src-main/emulators/e36300/channelList.js';
import { E36300Emulation } from '../../../src-main/emulators/e36300/E36300Emulation.js';
import { e36313aEmulator } from '../../../src-main/emulators/e36300/index.js';
import { findE36300Model } from '../../../src-main/instruments/keysight-e36300/e36300Models.js';

function emulated(model = 'E36313A', loadsOhm?: number[]) {
  let now = 1_000;
  const clock = { nowMs: () => now };
  const instrument = new E36300Emulation(findE36300Model(model)!, { clock, seed: 7 }, { loadsOhm });
  const table = new CommandTable(instrument);
  const ask = (line: string): string => {
    const { replies } = table.execute(line);
    expect(replies, line).toHaveLength(1);
    return replies[0] as string;
  };
  const send = (line: string): void => {
    expect(table.execute(line).replies, line).toHaveLength(0);
  };
  const errors = (): string[] => {
    const found: string[] = [];
    for (let e = ask('SYST:ERR?'); !e.startsWith('0,'); e = ask('SYST:ERR?')) found.push(e);
    return found;
  };
  return { instrument, ask, send, errors, advance: (ms: number) => void (now += ms) };
}

describe('E36300 emulator: replies', () => {
  it('formats numbers as NR3 with 8 decimals, as the guide shows', () => {
    expect(formatNr3(5)).toBe('+5.00000000E+00');
    expect(formatNr3(12.875)).toBe('+1.28750000E+01');
    expect(formatNr3(-25.75)).toBe('-2.57500000E+01');
    expect(formatNr3(0.002)).toBe('+2.00000000E-03');
    expect(formatNr3(0)).toBe('+0.00000000E+00');
  });

  it('joins channel lists the parameter splitter cut at commas', () => {
    expect(splitChannelList(['5', '(@1', '3)'], 3)).toEqual({ values: ['5'], channels: [1, 3] });
    expect(splitChannelList(['(@1:3)'], 3)).toEqual({ values: [], channels: [1, 2, 3] });
    expect(splitChannelList(['(@2:3', '1)'], 3).channels).toEqual([1, 2, 3]);
    expect(splitChannelList(['5'], 3)).toEqual({ values: ['5'], channels: undefined });
    expect(() => splitChannelList(['(@4)'], 3)).toThrow(/Illegal parameter/);
    expect(() => splitChannelList(['(@x)'], 3)).toThrow(/Syntax/);
  });

  it('identifies as the model, Keysight Technologies', () => {
    expect(emulated('E36312A').ask('*IDN?')).toMatch(/^Keysight Technologies,E36312A,MY\d{8},[\d.-]+$/);
  });
});

describe('E36300 emulator: settings with channel lists', () => {
  it('sets and reads back per channel and over a list, rounding to 1 mV', () => {
    const { ask, send, errors } = emulated();
    send('VOLT 5.0004,(@1)');
    send('SOUR:VOLT:LEV:IMM:AMPL 12,(@2,3)');
    send('CURR 2.5,(@1)');
    expect(ask('VOLT? (@1:3)')).toBe('+5.00000000E+00,+1.20000000E+01,+1.20000000E+01');
    expect(ask('CURR? (@1)')).toBe('+2.50000000E+00');
    expect(ask('VOLT? MAX,(@1:3)')).toBe('+6.18000000E+00,+2.57500000E+01,+2.57500000E+01');
    expect(ask('CURR? MAX,(@1)')).toBe('+1.03000000E+01');
    expect(errors()).toEqual([]);
  });

  it('acts on the INST:NSEL output when no list is given', () => {
    const { ask, send } = emulated();
    send('INST:NSEL 2');
    send('VOLT 3.3');
    expect(ask('INST:NSEL?')).toBe('2');
    expect(ask('VOLT? (@2)')).toBe('+3.30000000E+00');
    send('INST CH3');
    expect(ask('VOLT?')).toBe('+0.00000000E+00');
  });

  it('refuses values outside the model with -222 and changes no channel of the list', () => {
    const { ask, send, errors } = emulated('E36312A');
    send('VOLT 10,(@2:3)');
    send('VOLT 20,(@1:3)');
    expect(errors()).toEqual(['-222,"Data out of range"']);
    expect(ask('VOLT? (@1:3)')).toBe('+0.00000000E+00,+1.00000000E+01,+1.00000000E+01');
    send('CURR 1.1,(@2)');
    send('VOLT:PROT 30,(@2)');
    expect(errors()).toEqual(['-222,"Data out of range"', '-222,"Data out of range"']);
    send('VOLT 1,(@4)');
    expect(errors()).toEqual(['-224,"Illegal parameter value"']);
  });

  it("takes negative settings on the E36311A's −25 V output and answers with the sign", () => {
    const { ask, send, errors, advance } = emulated('E36311A');
    send('VOLT -12.5,(@3)');
    expect(ask('VOLT? (@3)')).toBe('-1.25000000E+01');
    send('VOLT 5,(@3)');
    expect(errors()).toEqual(['-222,"Data out of range"']);
    send('CURR 1,(@3)');
    send('OUTP ON,(@3)');
    advance(100);
    expect(ask('MEAS:VOLT? (@3)')).toBe('-1.00000000E+01'); // 1 A into 10 Ω: CC at −10 V
  });
});

describe('E36300 emulator: outputs, regulation and protection', () => {
  it('follows the load: CV, then CC when the limit is reached (ISUM condition bit 1, then bit 0)', () => {
    const { ask, send, advance } = emulated('E36313A', [10, 10, 10]);
    send('VOLT 5,(@1);:CURR 1,(@1)');
    expect(ask('STAT:QUES:INST:ISUM1:COND?')).toBe('0');
    send('OUTP ON,(@1)');
    advance(100);
    expect(ask('OUTP? (@1:3)')).toBe('1,0,0');
    expect(ask('MEAS:VOLT? (@1)')).toBe('+5.00000000E+00');
    expect(ask('MEAS:CURR? (@1)')).toBe('+5.00000000E-01');
    expect(ask('STAT:QUES:INST:ISUM1:COND?')).toBe('2');
    send('CURR 0.2,(@1)');
    advance(100);
    expect(ask('MEAS:SCAL:VOLT:DC? (@1)')).toBe('+2.00000000E+00');
    expect(ask('STAT:QUES:INST:ISUM1:COND?')).toBe('1');
  });

  it('trips OVP (always armed), reports it, and a clear turns the output back on', () => {
    const { ask, send, advance } = emulated();
    send('VOLT 5,(@2);:OUTP ON,(@2)');
    advance(100);
    send('VOLT:PROT 4,(@2)');
    advance(1);
    expect(ask('VOLT:PROT:TRIP? (@1:3)')).toBe('0,1,0');
    expect(ask('OUTP? (@2)')).toBe('0');
    send('OUTP ON,(@2)'); // a latched trip keeps it off
    expect(ask('OUTP? (@2)')).toBe('0');
    send('VOLT:PROT 10,(@2)');
    send('OUTP:PROT:CLE (@2)');
    expect(ask('VOLT:PROT:TRIP? (@2)')).toBe('0');
    expect(ask('OUTP? (@2)')).toBe('1');
  });

  it('trips OCP when armed and the output goes into current limit', () => {
    const { ask, send, advance } = emulated('E36313A', [10, 2, 10]);
    send('CURR:PROT:STAT ON,(@2)');
    expect(ask('CURR:PROT:STAT? (@1:3)')).toBe('0,1,0');
    send('VOLT 1,(@2);:CURR 1,(@2);:OUTP ON,(@2)');
    advance(50);
    expect(ask('CURR:PROT:TRIP? (@2)')).toBe('0');
    send('VOLT 5,(@2)'); // 2.5 A asked of a 1 A limit
    advance(50);
    expect(ask('CURR:PROT:TRIP? (@1:3)')).toBe('0,1,0');
    expect(ask('OUTP? (@2)')).toBe('0');
  });

  it('pairs outputs 2 and 3 (E36312A/13A) and tracks them, one mode at a time', () => {
    const { ask, send, errors } = emulated('E36312A');
    expect(ask('OUTP:PAIR?')).toBe('OFF');
    send('VOLT 7,(@2)');
    send('OUTP:PAIR SER');
    expect(ask('OUTP:PAIR?')).toBe('SER');
    expect(ask('VOLT? (@2:3)')).toBe('+7.00000000E+00,+7.00000000E+00');
    send('VOLT 1,(@3)');
    send('OUTP:TRAC ON');
    expect(errors()).toEqual(['-221,"Settings conflict"', '-221,"Settings conflict"']);
    send('OUTP:PAIR OFF;:OUTP:TRAC ON');
    expect(ask('OUTP:TRAC?')).toBe('1');
    send('VOLT 9,(@2)');
    expect(ask('VOLT? (@2:3)')).toBe('+9.00000000E+00,+9.00000000E+00');
  });

  it('has no OUTP:PAIR on the E36311A', () => {
    const { send, errors } = emulated('E36311A');
    send('OUTP:PAIR SER');
    expect(errors()).toEqual(['-113,"Undefined header"']);
  });

  it("answers libsigrok's scpi-pps profile for the family", () => {
    const { ask, send, errors } = emulated('E36312A');
    send('SYST:REM');
    send(':INST:NSEL 2');
    send(':SOUR:VOLT 3.300000');
    send(':SOUR:CURR 0.500000');
    send('OUTP:STAT ON');
    expect(ask(':SOUR:VOLT?')).toBe('+3.30000000E+00');
    expect(ask(':SOUR:CURR?')).toBe('+5.00000000E-01');
    expect(ask('OUTP:STAT?')).toBe('1');
    expect(ask(':MEAS:VOLT?')).toMatch(/^\+\d\.\d{8}E[+-]\d\d$/);
    expect(ask(':MEAS:CURR?')).toMatch(/^\+\d\.\d{8}E[+-]\d\d$/);
    expect(ask(':VOLT:PROT?')).toBe('+2.75000000E+01');
    send(':VOLT:PROT 20.000000');
    send(':CURR:PROT:STAT 1');
    expect(ask(':CURR:PROT:STAT?')).toBe('1');
    expect(ask(':CURR:PROT:TRIP?')).toBe('0');
    expect(ask(':VOLT:PROT:TRIP?')).toBe('0');
    expect(ask(':STAT:QUES:INST:ISUM2:COND?')).toMatch(/^[012]$/);
    send('SYST:LOC');
    expect(errors()).toEqual([]);
  });
});

describe('e36313a command-line flags', () => {
  it('--load wires a load across an output that outlives *RST', () => {
    const { instrument, ask, send, advance } = emulated('E36313A');
    e36313aEmulator.flags!.load!.apply(instrument, '2=4.7');
    send('*RST');
    send('VOLT 4.7,(@2);:CURR 2,(@2);:OUTP ON,(@2)');
    advance(100);
    expect(ask('MEAS:CURR? (@2)')).toBe('+1.00000000E+00');
    expect(() => e36313aEmulator.flags!.load!.apply(instrument, '4=1')).toThrow(/CH from 1 to 3/);
  });
});
