import { describe, expect, it } from 'vitest';
import { ds1054zEmulator } from '../../../src-main/emulators/ds1054z/index.js';
import { DriverError } from '../../../src-main/instruments/InstrumentDriver.js';
import { decodeBytes, parsePreamble } from '../../../src-main/instruments/scpi-scope/preamble.js';
import { ScpiCalls, parseIdn } from '../../../src-main/instruments/scpi-scope/scpiCalls.js';
import { MemoryScpiPort, memoryInstrument } from '../../helpers/memoryScpiPort.js';

describe('waveform preamble', () => {
  it('parses the 10 fields, Rigol %e and Keysight signed NR3 alike', () => {
    expect(parsePreamble('1,0,1200,1,1.000000e-05,-6.000000e-03,0,3.906250e-02,1.280000e+01,127')).toEqual({
      format: 1,
      type: 0,
      points: 1200,
      count: 1,
      xIncrementS: 1e-5,
      xOriginS: -6e-3,
      xReference: 0,
      yIncrementV: 0.0390625,
      yOrigin: 12.8,
      yReference: 127,
    });
    expect(
      parsePreamble('+0,+0,+1000,+1,+1.00000000E-06,-5.00000000E-04,+0,+7.81250000E-03,+2.50000000E-01,+128'),
    ).toMatchObject({
      points: 1000,
      yOrigin: 0.25,
      yReference: 128,
    });
  });

  it('refuses a reply that is not 10 numbers, saying which field', () => {
    const error = (() => {
      try {
        parsePreamble('1,0,1200,1,abc,0,0,0.04,0,127');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toMatchObject({ code: 'protocol', message: expect.stringContaining('field 5') });
    expect(() => parsePreamble('1,0,1200')).toThrow(/not 10 numbers/);
    expect(() => parsePreamble('1,0,1200,1,1e-5,0,0,0,0,127')).toThrow(/y increment must be positive/);
  });

  it('accepts and refuses exactly what the schema does, on the hand-checked path too', () => {
    const inputs = [
      ' 1, 0 ,1200,1,1e-5,0,0,0.04,0,127 ',
      '1,0,1200,1,1e-5,0,0,0.04,0,127\r',
      '1,0,0x4B0,1,1e-5,0,0,0.04,0,127',
      '1,0,1200.5,1,1e-5,0,0,0.04,0,127',
      '1,0,-1,1,1e-5,0,0,0.04,0,127',
      '1,0,1200,1,0,0,0,0.04,0,127',
      '1,0,1200,1,1e-5,Infinity,0,0.04,0,127',
      '1,0,1200,1,1e-5,,0,0.04,0,127',
      '1,0,1200,1,1e-5,0,0,0.04,0,127,9',
    ];
    const outcome = (reply: string): string => {
      try {
        return JSON.stringify(parsePreamble(reply));
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(inputs.map(outcome)).toEqual([
      JSON.stringify(parsePreamble('1,0,1200,1,1e-5,0,0,0.04,0,127')),
      JSON.stringify(parsePreamble('1,0,1200,1,1e-5,0,0,0.04,0,127')),
      JSON.stringify(parsePreamble('1,0,1200,1,1e-5,0,0,0.04,0,127')),
      expect.stringMatching(/field 3: must be a whole number/),
      expect.stringMatching(/field 3/),
      expect.stringMatching(/field 5: x increment must be positive/),
      expect.stringMatching(/field 6/),
      JSON.stringify({ ...parsePreamble('1,0,1200,1,1e-5,0,0,0.04,0,127'), xOriginS: 0 }),
      expect.stringMatching(/field count|not 10 numbers/),
    ]);
  });

  it('converts bytes in each vendor’s convention', () => {
    const pre = parsePreamble('1,0,3,1,1e-5,0,0,0.5,2,127');
    expect([...decodeBytes(Uint8Array.of(127, 129, 131), pre, 'rigol')]).toEqual([-1, 0, 1]);
    expect([...decodeBytes(Uint8Array.of(127, 129, 131), pre, 'keysight')]).toEqual([2, 3, 4]);
  });
});

describe('ScpiCalls', () => {
  const calls = () => new ScpiCalls(new MemoryScpiPort(memoryInstrument(ds1054zEmulator)), 'scope');

  it('turns the instrument’s own refusal of a setting into an invalid_value error with its text', async () => {
    await expect(calls().set(':TRIG:SWE SOMETIMES')).rejects.toMatchObject({
      code: 'invalid_value',
      message: 'scope refused ":TRIG:SWE SOMETIMES": -224,"Illegal parameter value"',
    });
  });

  it('calls a reply that is not what the command answers a protocol error naming both', async () => {
    await expect(calls().number('*IDN?')).rejects.toMatchObject({
      code: 'protocol',
      message: expect.stringMatching(
        /^scope answered "RIGOL TECHNOLOGIES,.*" to \*IDN\?; expected a number$/,
      ),
    });
  });

  it('splits *IDN? and refuses one with fewer than four fields', () => {
    expect(parseIdn('RIGOL TECHNOLOGIES,DS1054Z,DS1ZA1,00.04.04.SP4', 's')).toEqual({
      vendor: 'RIGOL TECHNOLOGIES',
      model: 'DS1054Z',
      serial: 'DS1ZA1',
      firmware: '00.04.04.SP4',
    });
    expect(() => parseIdn('hello', 's')).toThrow(/expected vendor,model,serial,firmware/);
  });
});
