/** Reply parsing and the SYST:ERR? check the SCPI supply drivers share (src-main/instruments/scpi-psu/). */
import { describe, expect, it } from 'vitest';
import { DriverError } from '../../../../src-main/instruments/InstrumentDriver.js';
import { parseIdentity } from '../../../../src-main/instruments/scpi-psu/identity.js';
import {
  drainErrors,
  parseErrorReply,
  writeChecked,
} from '../../../../src-main/instruments/scpi-psu/instrumentErrors.js';
import {
  formatSetting,
  parseBooleanList,
  parseChoice,
  parseNumber,
  parseNumberList,
} from '../../../../src-main/instruments/scpi-psu/replies.js';
import type { ScpiPort } from '../../../../src-main/instruments/scpi/ScpiPort.js';

/** A port that answers queries from a script and records what was sent. */
function scriptedPort(answers: Record<string, string[]>): { port: ScpiPort; sent: string[] } {
  const sent: string[] = [];
  const port: ScpiPort = {
    write: async (command) => void sent.push(command),
    query: async (command) => {
      sent.push(command);
      const next = answers[command]?.shift();
      if (next === undefined) throw new Error(`unscripted query ${command}`);
      return next;
    },
    queryBlock: async () => new Uint8Array(),
    resync: async () => undefined,
    stats: () => ({
      queries: 0,
      writes: 0,
      latencyP50Ms: 0,
      latencyP95Ms: 0,
      receiveBytesPerS: 0,
      sendBytesPerS: 0,
      bytesSent: 0,
      bytesReceived: 0,
      timeouts: 0,
      resyncs: 0,
      instrumentErrors: 0,
      parseErrors: 0,
      connects: 1,
    }),
    close: async () => undefined,
  };
  return { port, sent };
}

describe('SCPI supply replies', () => {
  it('reads NR1, NR2 and NR3 numbers, and lists of them', () => {
    expect(parseNumber('5', 'X?')).toBe(5);
    expect(parseNumber('25.000\r', 'X?')).toBe(25);
    expect(parseNumber('+1.28750000E+01', 'X?')).toBe(12.875);
    expect(parseNumber('-2.50000000E-03', 'X?')).toBe(-0.0025);
    expect(parseNumberList('+5.00000000E+00,+1.20000000E+01,-1.00000000E+00', 3, 'VOLT?')).toEqual([
      5, 12, -1,
    ]);
    expect(parseBooleanList('1,0,1', 3, 'OUTP?')).toEqual([true, false, true]);
    expect(parseChoice('par', ['OFF', 'PAR', 'SER'], 'OUTP:PAIR?')).toBe('PAR');
  });

  it('refuses a reply that is not what the command promises, as a protocol error naming both', () => {
    for (const bad of ['', 'ON', '5V', '1,2', 'NaN', '0x10']) {
      const err = (() => {
        try {
          return parseNumber(bad, 'MEAS:VOLT?');
        } catch (e) {
          return e;
        }
      })();
      expect(err, bad).toBeInstanceOf(DriverError);
      expect((err as DriverError).code).toBe('protocol');
      expect((err as DriverError).message).toContain('MEAS:VOLT?');
    }
    expect(() => parseNumberList('1,2', 3, 'VOLT?')).toThrow(/3 comma-separated numbers/);
    expect(() => parseBooleanList('1,2,0', 3, 'OUTP?')).toThrow(/0 or 1/);
  });

  it('writes settings as fixed-point numbers without exponents', () => {
    expect(formatSetting(5)).toBe('5');
    expect(formatSetting(12.875)).toBe('12.875');
    expect(formatSetting(1e-7)).toBe('0');
    expect(formatSetting(-1e-7)).toBe('0');
    expect(formatSetting(30)).toBe('30');
    expect(formatSetting(0.002)).toBe('0.002');
    expect(formatSetting(-25.75)).toBe('-25.75');
  });

  it('parses *IDN? with four fields, or five (Siglent adds its hardware version)', () => {
    expect(parseIdentity('Keysight Technologies,E36313A,MY59001234,2.1.0-1.0.4-1.12')).toEqual({
      vendor: 'Keysight Technologies',
      model: 'E36313A',
      serial: 'MY59001234',
      firmware: '2.1.0-1.0.4-1.12',
    });
    expect(parseIdentity('Siglent Technologies,SPD3303X,SPD3XIDD4000001,1.01.01.02.07R2,V3.0').firmware).toBe(
      '1.01.01.02.07R2,V3.0',
    );
    expect(() => parseIdentity('hello')).toThrow(DriverError);
    expect(() => parseIdentity('A,,C,D')).toThrow(/vendor,model,serial,firmware/);
  });
});

describe('SYST:ERR? after settings', () => {
  it('parses SCPI and Siglent error replies', () => {
    expect(parseErrorReply('-222,"Data out of range"')).toEqual({ code: -222, message: 'Data out of range' });
    expect(parseErrorReply('+0,"No error"')).toEqual({ code: 0, message: 'No error' });
    expect(parseErrorReply('0  No Error')).toEqual({ code: 0, message: 'No Error' });
  });

  it("turns the instrument's refusal into an error with its own words, reading the whole queue", async () => {
    const { port, sent } = scriptedPort({
      'SYST:ERR?': ['-222,"Data out of range"', '-221,"Settings conflict"', '+0,"No error"'],
    });
    const err = await writeChecked(port, 'VOLT 7,(@1)', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).code).toBe('out_of_range');
    expect((err as DriverError).message).toBe(
      'instrument refused "VOLT 7,(@1)": -222 Data out of range; -221 Settings conflict',
    );
    expect(sent).toEqual(['VOLT 7,(@1)', 'SYST:ERR?', 'SYST:ERR?', 'SYST:ERR?']);
  });

  it('resolves when the queue is empty, and calls a refused setting invalid when it is not a range', async () => {
    const ok = scriptedPort({ 'SYST:ERR?': ['0,"No error"'] });
    await expect(writeChecked(ok.port, 'OUTP ON,(@1)', {})).resolves.toBeUndefined();
    const conflict = scriptedPort({ 'SYST:ERR?': ['-221,"Settings conflict"', '0,"No error"'] });
    await expect(writeChecked(conflict.port, 'OUTP:PAIR SER', {})).rejects.toMatchObject({
      code: 'invalid_value',
    });
  });

  it('gives up on a queue that never empties instead of looping', async () => {
    const { port } = scriptedPort({ 'SYST:ERR?': Array.from({ length: 50 }, () => '-100,"Command error"') });
    await expect(drainErrors(port, {})).rejects.toMatchObject({ code: 'fault' });
  });
});
