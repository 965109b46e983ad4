/** The emulated supplies' physics: the simulator's CV/CC model driven by a clock, and each make's protection. */
import { describe, expect, it } from 'vitest';
import { EmulatedOutputs } from '../../../src-main/emulators/supplyOutputs/EmulatedOutputs.js';

function manualClock(startMs = 1_000): { nowMs(): number; advance(ms: number): void } {
  let now = startMs;
  return { nowMs: () => now, advance: (ms) => void (now += ms) };
}

describe('EmulatedOutputs', () => {
  it('regulates CV or CC by the load, slewing to the target', () => {
    const clock = manualClock();
    const outputs = new EmulatedOutputs([{ maxVoltageV: 30, maxCurrentA: 3, loadResistanceOhm: 10 }], clock);
    outputs.update(1, { voltageSetV: 5, currentLimitA: 1, outputEnabled: true });
    clock.advance(1);
    expect(outputs.view(1).voltageV).toBeCloseTo(0.5, 6); // 500 V/s for 1 ms
    clock.advance(100);
    expect(outputs.view(1)).toMatchObject({ voltageV: 5, currentA: 0.5, mode: 'cv' });
    outputs.update(1, { currentLimitA: 0.2 });
    clock.advance(100);
    expect(outputs.view(1)).toMatchObject({ voltageV: 2, currentA: 0.2, mode: 'cc' });
    outputs.update(1, { outputEnabled: false });
    expect(outputs.view(1)).toMatchObject({ voltageV: 0, currentA: 0, mode: 'off' });
  });

  it('trips OCP when the output goes into current limit (Keysight), and a clear may restore the output', () => {
    const clock = manualClock();
    const outputs = new EmulatedOutputs([{ maxVoltageV: 25, maxCurrentA: 1, loadResistanceOhm: 10 }], clock, {
      ocpTripsInCurrentLimit: true,
    });
    outputs.update(1, { voltageSetV: 5, currentLimitA: 1, ocpEnabled: true, outputEnabled: true });
    clock.advance(50);
    expect(outputs.view(1).state.trip).toBeUndefined();
    outputs.update(1, { currentLimitA: 0.1 });
    clock.advance(1);
    expect(outputs.view(1)).toMatchObject({ mode: 'off', onBeforeTrip: true });
    expect(outputs.view(1).state.trip).toBe('ocp');
    outputs.update(1, { currentLimitA: 1 });
    outputs.clearTrip(1, true);
    expect(outputs.view(1).state).toMatchObject({ trip: undefined, outputEnabled: true });
  });

  it('does not restore an output that was switched off after its trip', () => {
    const clock = manualClock();
    const outputs = new EmulatedOutputs([{ maxVoltageV: 6, maxCurrentA: 5 }], clock);
    outputs.update(1, { voltageSetV: 5, ovpLevelV: 6, outputEnabled: true });
    clock.advance(50);
    outputs.update(1, { ovpLevelV: 1 });
    clock.advance(1);
    expect(outputs.view(1).state.trip).toBe('ovp');
    outputs.update(1, { outputEnabled: false });
    outputs.clearTrip(1, true);
    expect(outputs.view(1).state).toMatchObject({ trip: undefined, outputEnabled: false });
  });

  it('never trips a supply without protection', () => {
    const clock = manualClock();
    const outputs = new EmulatedOutputs(
      [{ maxVoltageV: 32, maxCurrentA: 3.2, loadResistanceOhm: 1 }],
      clock,
      {
        noProtection: true,
      },
    );
    outputs.update(1, { voltageSetV: 32, currentLimitA: 3.2, ocpEnabled: true, outputEnabled: true });
    clock.advance(1_000);
    expect(outputs.view(1)).toMatchObject({ mode: 'cc', currentA: 3.2 });
    expect(outputs.view(1).state.trip).toBeUndefined();
  });
});
