/**
 * The simulators' catalogs say which profile they follow and which discrete values a scale takes, and the
 * scope applies exactly those values: a V/div between two steps is rounded to the nearer one, as the
 * catalog's `values` promise.
 */
import { describe, expect, it } from 'vitest';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { nearestInLog, oneTwoFiveSteps } from '../../../src-main/instruments/scope/steps125.js';

const parameter = (scope: SimOscilloscope, name: string, channel?: number) =>
  scope.capabilities().parameters.find((p) => p.name === name && p.channel === channel);

describe('1-2-5 steps', () => {
  it('lists the steps of a range as the doubles their decimal forms name', () => {
    expect(oneTwoFiveSteps(0.001, 10)).toEqual([
      0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
    ]);
    expect(oneTwoFiveSteps(1e-8, 10)).toHaveLength(28);
    expect(oneTwoFiveSteps(1e-8, 10)).toContain(5e-4);
  });

  it('rounds to the nearest step by ratio, the lower one on a tie', () => {
    const steps = oneTwoFiveSteps(0.001, 10);
    expect(nearestInLog(steps, 0.3)).toBe(0.2);
    expect(nearestInLog(steps, 0.4)).toBe(0.5);
    expect(nearestInLog(steps, 100)).toBe(10);
    expect(nearestInLog(steps, 1e-6)).toBe(0.001);
    expect(nearestInLog([1, 4], 2)).toBe(1);
  });
});

describe('simulator catalogs', () => {
  it('the scope follows the oscilloscope profile and publishes its V/div, timebase and record-length steps', () => {
    const scope = new SimOscilloscope({ seed: 1 });
    expect(scope.capabilities().profile).toBe('oscilloscope');
    for (const channel of [1, 2, 3, 4]) {
      expect(parameter(scope, 'volts_per_div', channel)?.values).toEqual(oneTwoFiveSteps(0.001, 10));
    }
    expect(parameter(scope, 'timebase')?.values).toEqual(oneTwoFiveSteps(1e-8, 10));
    expect(parameter(scope, 'record_length')?.values).toEqual([1_000, 10_000, 100_000, 1_000_000]);
  });

  it('the scope rounds a V/div between steps to the nearer one and reports what it applied', async () => {
    const scope = new SimOscilloscope({ seed: 1 });
    expect(await scope.setParameter('volts_per_div', 0.3, 1)).toBe(0.2);
    expect((await scope.getParameters()).channels[1]?.volts_per_div).toBe(0.2);
    expect(await scope.setParameter('volts_per_div', 0.4, 1)).toBe(0.5);
    expect(await scope.setParameter('volts_per_div', 2, 1)).toBe(2);
  });

  it('every value the scope publishes is applied as it is', async () => {
    const scope = new SimOscilloscope({ seed: 1 });
    for (const p of scope.capabilities().parameters.filter((q) => q.values !== undefined)) {
      for (const value of p.values!) expect(await scope.setParameter(p.name, value, p.channel)).toBe(value);
    }
  });

  it('the supply follows the power-supply profile and claims no setpoint step it does not have', () => {
    const info = new SimPowerSupply({ seed: 1 }).capabilities();
    expect(info.profile).toBe('power_supply');
    // The simulator applies any setpoint in range unrounded: a `step` would promise a resolution it lacks.
    expect(info.parameters.filter((p) => p.step !== undefined)).toEqual([]);
  });
});
