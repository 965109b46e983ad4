import { describe, expect, it } from 'vitest';
import {
  isSupplyReading,
  mainMeasurement,
  supplyChannelValue,
} from '../../../../src-renderer/benches/keyValues';

const reading = {
  channel: 2,
  voltage_set: 5,
  current_set: 1,
  voltage_actual: 4.998,
  current_actual: 0.25,
  power: 1.25,
  output_enabled: true,
  in_cv_mode: true,
  in_cc_mode: false,
  timestamp: 1,
};

describe('key values of a card', () => {
  it('gives a supply channel its V, I and mode: CV, CC, or off when the output is off', () => {
    expect(supplyChannelValue(reading)).toEqual({
      channel: 2,
      voltageV: 4.998,
      currentA: 0.25,
      output: true,
      mode: 'CV',
    });
    expect(supplyChannelValue({ ...reading, in_cv_mode: false, in_cc_mode: true }).mode).toBe('CC');
    expect(supplyChannelValue({ ...reading, output_enabled: false }).mode).toBe('off');
    expect(supplyChannelValue({ ...reading, in_cv_mode: false }).mode).toBe('unregulated');
  });

  it('accepts only readings with every field it shows (fleet records come from outside)', () => {
    expect(isSupplyReading(reading)).toBe(true);
    expect(isSupplyReading({ ...reading, voltage_actual: 'x' })).toBe(false);
    expect(isSupplyReading({ ...reading, channel: 1.5 })).toBe(false);
    expect(isSupplyReading(null)).toBe(false);
  });

  it("shows a scope's lowest channel's frequency, else its Vpp", () => {
    expect(mainMeasurement({ CH2: { vpp: 1, frequency: 50 }, CH1: { vpp: 2, frequency: 1000 } })).toEqual({
      label: 'CH1 frequency',
      text: '1.000 kHz',
    });
    expect(mainMeasurement({ CH3: { vpp: 0.5 } })).toEqual({ label: 'CH3 Vpp', text: '500.0 mV' });
    expect(mainMeasurement({ CH1: { vpp: 'x' }, other: 1 })).toBeUndefined();
    expect(mainMeasurement(undefined)).toBeUndefined();
  });
});
