import { describe, expect, it } from 'vitest';
import { ds1054zDefinition, type Ds1054zOptions } from '../../../src-main/emulators/ds1054z/index.js';
import type { InputSignal } from '../../../src-main/emulators/scope/ScopeFrontEnd.js';
import { parsePreamble, decodeBytes } from '../../../src-main/instruments/scpi-scope/preamble.js';
import { memoryInstrument } from '../../helpers/memoryScpiPort.js';

const clock = { nowMs: () => 1_000 };
const sine: InputSignal = {
  shape: 'sine',
  frequencyHz: 1_000,
  amplitudeVpp: 2,
  dcV: 0,
  dutyPercent: 50,
  noiseVrms: 0,
};

function emulator(options: Ds1054zOptions = {}) {
  return memoryInstrument(ds1054zDefinition({ signals: [sine, sine, sine, sine], ...options }), clock);
}

function text(reply: unknown): string {
  expect(typeof reply).toBe('string');
  return reply as string;
}

function block(reply: unknown): Uint8Array {
  expect(reply).toBeInstanceOf(Uint8Array);
  const bytes = reply as Uint8Array;
  expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('#9');
  const length = Number(Buffer.from(bytes.subarray(2, 11)).toString('ascii'));
  expect(bytes.length).toBe(11 + length);
  return bytes.subarray(11, 11 + length);
}

describe('DS1054Z emulator commands', () => {
  it('identifies as the model asked for, in Rigol’s format', () => {
    expect(text(emulator().handle('*IDN?'))).toMatch(/^RIGOL TECHNOLOGIES,DS1054Z,DS1ZA\d+,00\.04\.04\.SP4$/);
    expect(text(emulator({ model: 'DS1104Z' }).handle('*IDN?'))).toContain(',DS1104Z,');
  });

  it('matches short and long headers in any case, with the channel suffix', () => {
    const scope = emulator();
    scope.handle(':CHANnel2:SCALe 0.2');
    expect(text(scope.handle(':CHAN2:SCAL?'))).toBe('2.000000e-01');
    scope.handle(':chan2:offset -1.5');
    expect(text(scope.handle(':CHANNEL2:OFFS?'))).toBe('-1.500000e+00');
    scope.handle(':TRIGger:EDGE:SOURce CHAN3');
    expect(text(scope.handle(':TRIG:EDG:SOUR?'))).toBe('CHAN3');
    expect(text(scope.handle(':SYST:ERR?'))).toBe('0,"No error"');
  });

  it('rounds scales to the 1-2-5 steps and answers %e floats', () => {
    const scope = emulator();
    scope.handle(':TIM:SCAL 0.0004');
    expect(text(scope.handle(':TIM:SCAL?'))).toBe('5.000000e-04');
    scope.handle(':CHAN1:SCAL 0.003');
    expect(text(scope.handle(':CHAN1:SCAL?'))).toBe('2.000000e-03');
  });

  it('queues an error for an unknown header or a bad value and answers nothing', () => {
    const scope = emulator();
    expect(scope.handle(':NO:SUCH?')).toBeUndefined();
    expect(scope.handle(':TRIG:SWE SOMETIMES')).toBeUndefined();
    expect(text(scope.handle(':SYST:ERR?'))).toBe('-113,"Undefined header"');
    expect(text(scope.handle(':SYST:ERR?'))).toBe('-224,"Illegal parameter value"');
    expect(text(scope.handle(':SYST:ERR?'))).toBe('0,"No error"');
  });

  it('answers a 10-field preamble and a 1,200-point screen block that decode to the configured signal', () => {
    const scope = emulator();
    scope.handle(':TIM:SCAL 0.0005');
    scope.handle(':CHAN1:SCAL 0.5');
    scope.handle(':CHAN1:OFFS 0.25');
    const preamble = parsePreamble(text(scope.handle(':WAV:PRE?')));
    expect(preamble).toMatchObject({
      format: 1,
      type: 0,
      points: 1200,
      count: 1,
      xReference: 0,
      yReference: 127,
    });
    expect(preamble.xIncrementS).toBeCloseTo((12 * 0.0005) / 1200, 12);
    expect(preamble.yIncrementV).toBeCloseTo(0.5 / 25.6, 12);
    expect(preamble.yOrigin * preamble.yIncrementV).toBeCloseTo(0.25, 9);
    const volts = decodeBytes(block(scope.handle(':WAV:DATA?')), preamble, 'rigol');
    expect(volts.length).toBe(1200);
    // A 2 Vpp sine: peaks at ±1 V to within one code.
    expect(Math.max(...volts)).toBeCloseTo(1, 1);
    expect(Math.min(...volts)).toBeCloseTo(-1, 1);
    expect(Math.max(...volts) - 1).toBeLessThanOrEqual(preamble.yIncrementV);
  });

  it('refuses deep memory (RAW) while running with an empty block and a settings-conflict error', () => {
    const scope = emulator();
    scope.handle(':WAV:MODE RAW');
    expect(block(scope.handle(':WAV:DATA?')).length).toBe(0);
    expect(text(scope.handle(':SYST:ERR?'))).toMatch(/^-221,/);
  });

  it('reads deep memory when stopped in windows of at most 250,000 BYTE points, and refuses a wider one', () => {
    const scope = emulator();
    scope.handle(':ACQ:MDEP 1200000');
    scope.handle(':STOP');
    expect(text(scope.handle(':TRIG:STAT?'))).toBe('STOP');
    scope.handle(':WAV:MODE RAW');
    expect(parsePreamble(text(scope.handle(':WAV:PRE?'))).points).toBe(1_200_000);
    scope.handle(':WAV:STAR 1');
    scope.handle(':WAV:STOP 250000');
    expect(block(scope.handle(':WAV:DATA?')).length).toBe(250_000);
    scope.handle(':WAV:STOP 250001');
    expect(block(scope.handle(':WAV:DATA?')).length).toBe(0);
    expect(text(scope.handle(':SYST:ERR?'))).toMatch(/^-222,/);
    scope.handle(':WAV:STAR 1100001');
    scope.handle(':WAV:STOP 1200000');
    expect(block(scope.handle(':WAV:DATA?')).length).toBe(100_000);
  });

  it('offers 24 M points with one channel on and 6 M with four', () => {
    const scope = emulator();
    scope.handle(':ACQ:MDEP 24000000');
    expect(text(scope.handle(':SYST:ERR?'))).toBe('0,"No error"');
    for (const n of [2, 3, 4]) scope.handle(`:CHAN${n}:DISP 1`);
    scope.handle(':ACQ:MDEP 24000000');
    expect(text(scope.handle(':SYST:ERR?'))).toMatch(/^-224,/);
    scope.handle(':ACQ:MDEP 6000000');
    expect(text(scope.handle(':ACQ:MDEP?'))).toBe('6000000');
  });

  it('arms a single capture that stops the scope once triggered', () => {
    const scope = emulator();
    scope.handle(':SING');
    expect(text(scope.handle(':TRIG:SWE?'))).toBe('SING');
    expect(text(scope.handle(':TRIG:STAT?'))).toBe('STOP');
  });

  it('waits in normal mode when the level is beyond the signal', () => {
    const scope = emulator();
    scope.handle(':TRIG:SWE NORM');
    scope.handle(':TRIG:EDG:LEV 3');
    expect(text(scope.handle(':TRIG:STAT?'))).toBe('WAIT');
    scope.handle(':TRIG:EDG:LEV 0');
    expect(text(scope.handle(':TRIG:STAT?'))).toBe('TD');
  });

  it('loses a query sent too soon after a write only when that quirk is on', () => {
    let nowMs = 0;
    const quirky = memoryInstrument(ds1054zDefinition({ lostQueryAfterWriteMs: 10 }), { nowMs: () => nowMs });
    quirky.handle(':TIM:SCAL 0.001');
    nowMs = 5;
    expect(quirky.handle(':TIM:SCAL?')).toBeUndefined();
    nowMs = 20;
    expect(text(quirky.handle(':TIM:SCAL?'))).toBe('1.000000e-03');
    const plain = emulator();
    plain.handle(':TIM:SCAL 0.001');
    expect(text(plain.handle(':TIM:SCAL?'))).toBe('1.000000e-03');
  });
});
