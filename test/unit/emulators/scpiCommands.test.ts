import { describe, expect, it } from 'vitest';
import { CommandTable } from '../../../src-main/emulators/core/CommandTable.js';
import { numberParam } from '../../../src-main/emulators/core/parameters.js';
import { parseProgramMessage } from '../../../src-main/emulators/core/programMessage.js';
import { compilePattern, matchHeader } from '../../../src-main/emulators/core/scpiPattern.js';
import type { EmulatedInstrument } from '../../../src-main/emulators/core/types.js';

const VOLT = compilePattern(':SOURce#:VOLTage[:LEVel][:IMMediate][:AMPLitude]?');

describe('SCPI header patterns', () => {
  it('accepts short and long forms in any case, and nothing in between', () => {
    expect(matchHeader(VOLT, ['SOUR', 'VOLT'])).toEqual([undefined]);
    expect(matchHeader(VOLT, ['source', 'voltage', 'level', 'immediate', 'amplitude'])).toEqual([undefined]);
    expect(matchHeader(VOLT, ['Sour', 'Volt', 'Lev'])).toEqual([undefined]);
    expect(matchHeader(VOLT, ['SOURC', 'VOLT'])).toBeUndefined();
    expect(matchHeader(VOLT, ['SOUR', 'VOL'])).toBeUndefined();
  });

  it('skips optional nodes anywhere and reads numeric suffixes', () => {
    expect(matchHeader(VOLT, ['SOUR2', 'VOLT', 'AMPL'])).toEqual([2]);
    expect(matchHeader(VOLT, ['SOURCE1', 'VOLT', 'IMM'])).toEqual([1]);
    const leadingOptional = compilePattern('[:SOURce#]:CURRent[:LEVel]');
    expect(matchHeader(leadingOptional, ['CURR'])).toEqual([undefined]);
    expect(matchHeader(leadingOptional, ['SOUR3', 'CURR', 'LEV'])).toEqual([3]);
    expect(matchHeader(compilePattern(':OUTPut[:STATe]'), ['OUTP1'])).toBeUndefined();
  });
});

describe('program messages', () => {
  it('splits on ;, continues relative commands on the branch, and ;: returns to the root', () => {
    const commands = parseProgramMessage(':SOUR1:VOLT 1.5;CURR 0.2;*OPC;:OUTP CH1,ON;:MEAS? CH1');
    expect(commands.map((c) => c.tokens.join(':'))).toEqual([
      'SOUR1:VOLT',
      'SOUR1:CURR',
      '*OPC',
      'OUTP',
      'MEAS',
    ]);
    expect(commands[3]!.params).toEqual(['CH1', 'ON']);
    expect(commands[4]!.query).toBe(true);
  });

  it('keeps quoted parameters whole', () => {
    expect(parseProgramMessage(':DISP:TEXT "a;b,c",2')[0]!.params).toEqual(['"a;b,c"', '2']);
  });
});

describe('numeric parameters', () => {
  const range = { min: 0, max: 30, def: 5 };
  it('reads numbers, exponents, units and MIN/MAX/DEF', () => {
    expect(numberParam(['1.5e1'], 0, range)).toBe(15);
    expect(numberParam(['MAX'], 0, range)).toBe(30);
    expect(numberParam(['minimum'], 0, range)).toBe(0);
    expect(numberParam(['DEF'], 0, range)).toBe(5);
    expect(numberParam(['500mV'], 0, { ...range, units: { V: 1, MV: 1e-3 } })).toBeCloseTo(0.5);
  });

  it('refuses what an instrument refuses, with its error', () => {
    expect(() => numberParam(['31'], 0, range)).toThrow(expect.objectContaining({ code: -222 }));
    expect(() => numberParam(['abc'], 0, range)).toThrow(expect.objectContaining({ code: -104 }));
    expect(() => numberParam([], 0, range)).toThrow(expect.objectContaining({ code: -109 }));
  });
});

function table(): { table: CommandTable; state: { level: number; resets: number } } {
  const state = { level: 0, resets: 0 };
  const instrument: EmulatedInstrument = {
    identity: () => 'ACME,TEST1,0001,1.0',
    reset: () => {
      state.level = 0;
      state.resets++;
    },
    commands: [
      {
        pattern: ':SOURce#:LEVel',
        run: ({ params }) => void (state.level = numberParam(params, 0, { min: 0, max: 10 })),
      },
      { pattern: ':SOURce#:LEVel?', run: ({ suffixes }) => `${suffixes[0] ?? 1}:${state.level.toFixed(3)}` },
    ],
  };
  return { table: new CommandTable(instrument), state };
}

describe('CommandTable', () => {
  it("answers the common commands and joins a message's replies in order", () => {
    const { table: t, state } = table();
    expect(t.execute('*IDN?').replies).toEqual(['ACME,TEST1,0001,1.0']);
    expect(t.execute(':SOUR2:LEV 2.5;LEV?;*OPC?').replies).toEqual(['2:2.500', '1']);
    t.execute('*RST');
    expect(state.resets).toBe(1);
  });

  it('queues errors in order, reads them with SYST:ERR?, and *CLS empties the queue', () => {
    const { table: t, state } = table();
    t.execute(':FOO:BAR 1');
    t.execute(':SOUR:LEV 11');
    expect(state.level).toBe(0);
    expect(t.execute('*ESR?').replies).toEqual(['48']);
    expect(t.execute('SYST:ERR?').replies).toEqual(['-113,"Undefined header"']);
    expect(t.execute(':SYSTEM:ERROR:NEXT?').replies).toEqual(['-222,"Data out of range"']);
    expect(t.execute('SYST:ERR?').replies).toEqual(['0,"No error"']);
    t.execute(':NOPE');
    t.execute('*CLS');
    expect(t.execute('SYST:ERR?').replies).toEqual(['0,"No error"']);
  });

  it('stops a message at a command error: what follows is not run', () => {
    const { table: t, state } = table();
    expect(t.execute(':BAD;:SOUR:LEV 3;:SOUR:LEV?').replies).toEqual([]);
    expect(state.level).toBe(0);
  });

  it('answers a header it has seen before as the first time: suffix, case and refusals alike', () => {
    const { table: t } = table();
    t.execute(':SOUR:LEV 4');
    expect(t.execute(':SOUR2:LEV?').replies).toEqual(['2:4.000']);
    expect(t.execute(':sour3:lev?').replies).toEqual(['3:4.000']);
    expect(t.execute(':SOURCE2:LEVEL?').replies).toEqual(['2:4.000']);
    expect(t.execute(':SOUR2:LEV?').replies).toEqual(['2:4.000']);
    // An unknown header is refused each time it comes, and a flood of new headers changes nothing.
    for (let i = 0; i < 600; i++) t.execute(`:NOPE${i}`);
    t.execute(':NOPE1');
    expect(t.execute(':SOUR2:LEV?').replies).toEqual(['2:4.000']);
    const errors: string[] = [];
    for (let i = 0; i < 3; i++) errors.push(t.execute('SYST:ERR?').replies[0] as string);
    expect(errors).toEqual(['-113,"Undefined header"', '-113,"Undefined header"', '-113,"Undefined header"']);
  });

  it('overflows the queue as the standard says: the last entry becomes -350', () => {
    const { table: t } = table();
    for (let i = 0; i < 25; i++) t.execute(':NOPE');
    const errors: string[] = [];
    for (let i = 0; i < 21; i++) errors.push(t.execute('SYST:ERR?').replies[0] as string);
    expect(errors[18]).toBe('-113,"Undefined header"');
    expect(errors[19]).toBe('-350,"Queue overflow"');
    expect(errors[20]).toBe('0,"No error"');
  });
});
