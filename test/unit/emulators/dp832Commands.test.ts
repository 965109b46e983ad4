import { describe, expect, it } from 'vitest';
import { CommandTable } from '../../../src-main/emulators/core/CommandTable.js';
import type { EmulatedDp832 } from '../../../src-main/emulators/dp832/index.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';

/** A DP832 on a hand-driven clock: physics moves only when the test says so. */
function dp832(): { table: CommandTable; instrument: EmulatedDp832; advance(ms: number): void } {
  let nowMs = 0;
  const instrument = dp832Emulator.create({ clock: { nowMs: () => nowMs }, seed: 1 });
  return { table: new CommandTable(instrument), instrument, advance: (ms) => (nowMs += ms) };
}

/** Runs one message and returns its replies joined as they go on the wire (without the `\n`). */
function ask(table: CommandTable, message: string): string {
  return table.execute(message).replies.join(';');
}

describe('DP832 emulator: what sigrok 0.5.2 scpi-pps sends for the DP800, in the format it parses', () => {
  it('answers the whole sequence in order with no error queued', () => {
    const { table, advance } = dp832();
    // Every command of libsigrok 0.5.2's rigol_dp800_cmd table, after its channel selection `:INST:NSEL 2`.
    table.execute(':INST:NSEL 2');
    // The load is the default 10 Ω: 4.5 V at 0.25 A limit → 0.45 A wanted, so the output is in CC at 2.5 V.
    const sequence: [string, string][] = [
      ['SYST:REMOTE', ''],
      ['SYST:BEEP:STAT?', 'ON'],
      ['SYST:BEEP:STAT OFF', ''],
      ['SYST:BEEP:STAT?', 'OFF'],
      ['SYST:BEEP:STAT ON', ''],
      [':SOUR:VOLT 4.500000', ''],
      [':SOUR:VOLT?', '4.500'],
      [':SOUR:CURR 0.250000', ''],
      [':SOUR:CURR?', '0.250'],
      [':OUTP?', 'OFF'],
      [':OUTP:MODE?', 'UR'],
      [':OUTP ON', ''],
      [':OUTP?', 'ON'],
      [':OUTP:MODE?', 'CC'],
      [':MEAS:VOLT?', '2.5000'],
      [':MEAS:CURR?', '0.2500'],
      [':MEAS:POWE?', '0.625'],
      [':SYST:OTP?', 'ON'],
      [':SYST:OTP OFF', ''],
      [':SYST:OTP?', 'OFF'],
      [':SYST:OTP ON', ''],
      [':OUTP:OVP?', 'OFF'],
      [':OUTP:OVP ON', ''],
      [':OUTP:OVP?', 'ON'],
      [':OUTP:OVP:QUES?', 'NO'],
      [':OUTP:OVP:VAL 12.000000', ''],
      [':OUTP:OVP:VAL?', '12.000'],
      [':OUTP:OCP?', 'OFF'],
      [':OUTP:OCP:STAT ON', ''],
      [':OUTP:OCP?', 'ON'],
      [':OUTP:OCP:QUES?', 'NO'],
      [':OUTP:OCP:VAL 1.500000', ''],
      [':OUTP:OCP:VAL?', '1.500'],
      [':OUTP:OVP OFF', ''],
      [':OUTP:OCP:STAT OFF', ''],
      [':OUTP:OVP?;:OUTP:OCP?', 'OFF;OFF'],
      [':OUTP OFF', ''],
      ['SYST:LOCAL', ''],
    ];
    for (const [command, reply] of sequence) {
      if (command === ':OUTP?' && reply === 'ON') advance(100); // slewed to its target
      expect(ask(table, command), command).toBe(reply);
    }
    expect(ask(table, 'SYST:ERR?')).toBe('0,"No error"');
  });
});

describe('DP832 emulator: the programming guide forms', () => {
  it('takes a channel in the parameters or the header, and the selected one otherwise', () => {
    const { table } = dp832();
    table.execute(':SOUR2:VOLT 12;:SOUR3:CURR 2;:INST CH3;:VOLT 3.3');
    expect(ask(table, ':SOUR2:VOLT?;:SOUR3:CURR?;:INST?;:INST:NSEL?;:SOUR3:VOLT?')).toBe(
      '12.000;2.000;CH3;3;3.300',
    );
    table.execute(':OUTP:STAT CH2,ON');
    expect(ask(table, ':OUTP? CH2;:OUTP:STAT? CH1')).toBe('ON;OFF');
    expect(ask(table, ':APPL? CH2')).toBe('CH2:30V/3A,12.000,1.000');
  });

  it('reports MEAS:ALL?, CV/CC by the load, and refuses values out of range with -222', () => {
    const { table, instrument, advance } = dp832();
    instrument.model.setLoadOhm(1, 2);
    table.execute(':APPL CH1,5,1;:OUTP CH1,ON');
    advance(100);
    // 5 V into 2 Ω wants 2.5 A, above the 1 A limit: CC at 2 V.
    expect(ask(table, ':MEAS:ALL? CH1;:OUTP:MODE? CH1')).toBe('2.0000,1.0000,2.000;CC');
    table.execute(':SOUR1:VOLT 40');
    table.execute(':SOUR3:VOLT MAX');
    expect(ask(table, 'SYST:ERR?;:SOUR1:VOLT?;:SOUR3:VOLT?')).toBe('-222,"Data out of range";5.000;5.300');
  });

  it('trips OVP, reports it until cleared, and keeps the output off', () => {
    const { table, advance } = dp832();
    table.execute(':APPL CH1,10,1;:OUTP:OVP CH1,ON;:OUTP CH1,ON');
    advance(100);
    table.execute(':OUTP:OVP:VAL CH1,8');
    expect(ask(table, ':OUTP:OVP:QUES? CH1;:OUTP? CH1;:MEAS? CH1')).toBe('YES;OFF;0.0000');
    table.execute(':OUTP:OVP:CLEAR CH1');
    expect(ask(table, ':OUTP:OVP:QUES? CH1;:OUTP:OVP:ALAR? CH1')).toBe('NO;NO');
  });

  it('tracks CH2 to CH1 when :OUTP:TRAC is on', () => {
    const { table } = dp832();
    table.execute(':OUTP:TRAC CH1,ON;:SOUR1:VOLT 7');
    expect(ask(table, ':OUTP:TRAC? CH1;:SOUR2:VOLT?')).toBe('ON;7.000');
  });

  it('resets to the factory state with *RST', () => {
    const { table } = dp832();
    table.execute(':SOUR1:VOLT 7;:OUTP CH1,ON;:INST:NSEL 3');
    table.execute('*RST');
    expect(ask(table, ':SOUR1:VOLT?;:OUTP? CH1;:INST:NSEL?')).toBe('0.000;OFF;1');
  });
});
