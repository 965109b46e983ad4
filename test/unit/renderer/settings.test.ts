import { describe, expect, it } from 'vitest';
import { isReportedSetting } from '../../../src-renderer/store/benchReducers';
import type { InstrumentSettings } from '../../../src-renderer/store/benchState';

// What the simulated supply reports for one channel (get_parameters), trimmed to what the tests need.
const psu: InstrumentSettings = {
  global: {},
  channels: {
    '1': { voltage_set: 5, output_enabled: false, protection_tripped: 'ovp' },
    '2': { voltage_set: 0, output_enabled: false, protection_tripped: 'none' },
  },
};

describe('isReportedSetting', () => {
  it('stores a change to a setting the instrument reports, on the channel it was made on', () => {
    expect(isReportedSetting(psu, 'voltage_set', 1)).toBe(true);
    expect(isReportedSetting(psu, 'output_enabled', 2)).toBe(true);
  });

  it('re-reads after a command the instrument does not report, such as clearing a protection trip', () => {
    // Storing clear_protection=true would leave protection_tripped at 'ovp': the card stayed "tripped".
    expect(isReportedSetting(psu, 'clear_protection', 1)).toBe(false);
  });

  it('re-reads when the settings have not arrived yet or the channel is not among them', () => {
    expect(isReportedSetting(undefined, 'voltage_set', 1)).toBe(false);
    expect(isReportedSetting(psu, 'voltage_set', 3)).toBe(false);
  });

  it('looks up a change without a channel among the global settings', () => {
    const scope: InstrumentSettings = { global: { trigger_level: 0.5 }, channels: {} };
    expect(isReportedSetting(scope, 'trigger_level')).toBe(true);
    expect(isReportedSetting(scope, 'voltage_set')).toBe(false);
    // An inherited name is not a reported setting.
    expect(isReportedSetting(scope, 'toString')).toBe(false);
  });

  it('re-reads after a coupling change, and after channel changes while outputs are coupled', () => {
    const coupled = (mode: string): InstrumentSettings => ({ ...psu, global: { tracking_mode: mode } });
    // Track copies CH1's setpoint to CH2: storing only CH1's left CH2 showing its old voltage.
    expect(isReportedSetting(coupled('track'), 'voltage_set', 1)).toBe(false);
    expect(isReportedSetting(coupled('series'), 'voltage_set', 1)).toBe(false);
    expect(isReportedSetting(coupled('independent'), 'tracking_mode')).toBe(false);
    expect(isReportedSetting(coupled('independent'), 'voltage_set', 1)).toBe(true);
  });
});
