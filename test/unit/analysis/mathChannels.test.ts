import { describe, expect, it } from 'vitest';
import {
  computeMath,
  MathError,
  mathLabel,
  mathUnit,
  scopeChannelName,
  scopeChannelNumber,
} from '../../../shared/analysis/mathChannels.js';
import { ScopeMath } from '../../../src-main/instruments/math/ScopeMath.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';

const operand = (name: string, values: number[], sampleRateHz = 1_000) => ({
  name,
  samples: Float32Array.from(values),
  sampleRateHz,
});

describe('computeMath', () => {
  const a = operand('CH1', [1, 2, 3, -4]);
  const b = operand('CH2', [0.5, -1, 2, 2]);

  it('adds, subtracts, multiplies, divides and negates sample by sample', () => {
    expect([...computeMath('add', a, b)]).toEqual([1.5, 1, 5, -2]);
    expect([...computeMath('subtract', a, b)]).toEqual([0.5, 3, 1, -6]);
    expect([...computeMath('multiply', a, b)]).toEqual([0.5, -2, 6, -8]);
    expect([...computeMath('divide', a, b)]).toEqual([2, -2, 1.5, -2]);
    expect([...computeMath('negate', a)]).toEqual([-1, -2, -3, 4]);
  });

  it('gives a gap (NaN), never an Infinity spike, where the divisor is near 0', () => {
    const divisor = operand('CH2', [1, 0, 1e-6, -1e-9, -2]);
    const out = computeMath('divide', operand('CH1', [1, 1, 1, 1, 1]), divisor);
    expect(out[0]).toBe(1);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(Number.isNaN(out[2])).toBe(true);
    expect(Number.isNaN(out[3])).toBe(true);
    expect(out[4]).toBe(-0.5);
    expect(out.some((v) => !Number.isNaN(v) && !Number.isFinite(v))).toBe(false);
  });

  it('refuses sources that do not share a time base, naming both', () => {
    expect(() => computeMath('add', a, operand('CH2', [1, 2, 3]))).toThrow(
      new MathError(
        'CH1 and CH2 do not share a time base: CH1 has 4 points at 1000 Sa/s, CH2 3 points at 1000 Sa/s',
      ),
    );
    expect(() => computeMath('multiply', a, operand('CH3', [1, 2, 3, 4], 2_000))).toThrow(
      /CH1 has 4 points at 1000 Sa\/s, CH3 4 points at 2000 Sa\/s/,
    );
    expect(() => computeMath('add', a)).toThrow(/needs a second source/);
  });

  it('names channels, labels and units as the scope shows them', () => {
    expect(scopeChannelName(2)).toBe('CH2');
    expect(scopeChannelName(17)).toBe('M1');
    expect(scopeChannelNumber('M2')).toBe(18);
    expect(scopeChannelNumber('CH4')).toBe(4);
    expect(scopeChannelNumber('X1')).toBeUndefined();
    expect(mathLabel(1, { function: 'subtract', sourceA: 1, sourceB: 2 })).toBe('M1 = CH1 − CH2');
    expect(mathLabel(2, { function: 'negate', sourceA: 3, sourceB: 1 })).toBe('M2 = −CH3');
    expect(mathUnit('multiply')).toBe('V²');
    expect(mathUnit('divide')).toBe('');
    expect(mathUnit('add')).toBe('V');
  });
});

describe('ScopeMath', () => {
  const inputs = [1, 2, 3, 4].map((n) => ({ name: `CH${n}`, unit: 'V', min: -50, max: 50 }));
  const record: ScopeRecord = {
    sampleRateHz: 1_000,
    x0S: 0,
    triggered: true,
    channels: [
      { channel: 1, samples: Float32Array.from([1, 2]) },
      { channel: 2, samples: Float32Array.from([0.5, 0.5]) },
    ],
  };

  it('appends the math channels that are on, leaving the driver record alone, and repeats the same object', () => {
    const math = new ScopeMath();
    expect(math.extend(record)).toBe(record);
    math.set('math1_function', 'subtract', inputs);
    const extended = math.extend(record);
    expect(extended.channels.map((c) => c.channel)).toEqual([1, 2, 17]);
    expect([...extended.channels[2]!.samples]).toEqual([0.5, 1.5]);
    expect(record.channels).toHaveLength(2);
    expect(math.extend(record)).toBe(extended);
    // A changed definition makes a new extension of the same driver record.
    math.set('math1_function', 'add', inputs);
    expect([...math.extend(record).channels[2]!.samples]).toEqual([1.5, 2.5]);
  });

  it('leaves a math channel out while its source is not in the record (that input is off)', () => {
    const math = new ScopeMath();
    math.set('math2_function', 'multiply', inputs);
    math.set('math2_source_b', 'CH3', inputs);
    expect(math.extend(record).channels.map((c) => c.channel)).toEqual([1, 2]);
    expect(math.active()).toMatchObject([{ name: 'M2', label: 'M2 = CH1 × CH3', unit: 'V²' }]);
  });

  it('refuses sources the scope does not have and bad values with a clear message, changing nothing', () => {
    const math = new ScopeMath();
    const before = math.snapshot();
    expect(() => math.set('math1_source_a', 'CH9', inputs)).toThrow(
      'math1_source_a must be one of CH1, CH2, CH3, CH4',
    );
    expect(() => math.set('math1_function', 'sqrt', inputs)).toThrow(
      /math1_function must be one of off, add/,
    );
    expect(() => math.set('math1_scale', -1, inputs)).toThrow(/math1_scale/);
    expect(math.snapshot()).toEqual(before);
    expect(math.set('math1_scale', 0.3, inputs)).toBe(0.2);
  });
});
