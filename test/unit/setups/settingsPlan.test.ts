/**
 * The pure side of setups: which catalog parameters are captured, how saved settings map onto another
 * model (same names, existing channels, values in range — refused, never clamped), the safe order, and the
 * checks a setup file or name passes before it is used.
 */
import { describe, expect, it } from 'vitest';
import type { ParameterInfo } from '../../../shared/protocol/index.js';
import { setupNameSchema } from '../../../shared/protocol/index.js';
import {
  captureSettings,
  parseSetupText,
  planRecall,
  type SetupInstrument,
} from '../../../src-main/setups/index.js';

const psuParameters = (maxV: number[]): ParameterInfo[] => [
  { name: 'tracking_mode', type: 'enum', choices: ['independent', 'series'] },
  ...maxV.flatMap((max, i): ParameterInfo[] => [
    { name: 'voltage_set', type: 'number', unit: 'V', min: 0, max, channel: i + 1 },
    { name: 'current_set', type: 'number', unit: 'A', min: 0, max: 3, channel: i + 1 },
    { name: 'output_enabled', type: 'boolean', channel: i + 1 },
    { name: 'ovp_level', type: 'number', unit: 'V', min: 0.1, max: max * 1.1, channel: i + 1 },
    { name: 'clear_protection', type: 'boolean', channel: i + 1 },
  ]),
];

const saved: SetupInstrument = {
  equipment_id: 'psu_a',
  label: 'Left supply',
  vendor: 'Sim',
  model: 'SIM-3CH',
  profile: 'power_supply',
  settings: {
    global: { tracking_mode: 'series', beeper: true },
    channels: {
      '1': { voltage_set: 12, current_set: 1, output_enabled: true, ovp_level: 13 },
      '2': { voltage_set: 24, current_set: 0.5, output_enabled: false, ovp_level: 26 },
      '3': { voltage_set: 3.3, current_set: 2, output_enabled: true, ovp_level: 4 },
    },
  },
};

describe('captureSettings', () => {
  it('keeps the catalog settings the instrument reports, without commands or report-only values', () => {
    const settings = captureSettings(psuParameters([30]), {
      global: { tracking_mode: 'independent', trigger_state: 'armed' },
      channels: {
        1: {
          voltage_set: 5,
          current_set: 1,
          output_enabled: true,
          ovp_level: 6,
          clear_protection: false,
          mode: 'CV',
        },
      },
    });
    expect(settings).toEqual({
      global: { tracking_mode: 'independent' },
      channels: { '1': { voltage_set: 5, current_set: 1, output_enabled: true, ovp_level: 6 } },
    });
  });
});

describe('planRecall onto another model', () => {
  const target = { id: 'psu_b', model: 'SIM-2CH', parameters: psuParameters([30, 20]) };
  const plan = planRecall(saved, target);

  it('switches every output of the target off first and never applies a saved "on"', () => {
    expect(plan.outputsOff).toEqual([
      { parameter: 'output_enabled', value: false, channel: 1 },
      { parameter: 'output_enabled', value: false, channel: 2 },
    ]);
    expect(plan.steps.some((s) => s.parameter === 'output_enabled')).toBe(false);
  });

  it('applies what fits, in a safe order: instrument-wide, then protection, current, voltage per channel', () => {
    expect(plan.steps).toEqual([
      { parameter: 'tracking_mode', value: 'series', channel: undefined },
      { parameter: 'ovp_level', value: 13, channel: 1 },
      { parameter: 'current_set', value: 1, channel: 1 },
      { parameter: 'current_set', value: 0.5, channel: 2 },
      { parameter: 'voltage_set', value: 12, channel: 1 },
    ]);
  });

  it('reports what it could not apply and why: unknown setting, missing channel, out of range (not clamped)', () => {
    const reasons = Object.fromEntries(plan.skipped.map((s) => [`${s.item}@${s.channel ?? '-'}`, s.reason]));
    expect(reasons['beeper@-']).toBe('SIM-2CH has no setting "beeper"');
    expect(reasons['voltage_set@3']).toBe('SIM-2CH has no CH3');
    expect(reasons['voltage_set@2']).toBe(
      "24 V is outside SIM-2CH CH2's voltage_set range 0…20 V (not clamped)",
    );
    expect(reasons['ovp_level@2']).toMatch(/^26 V is outside SIM-2CH CH2's ovp_level range 0.1…22/);
    expect(plan.skipped).toHaveLength(6); // beeper; CH2 voltage and OVP; CH3 voltage, current and OVP
  });

  it('refuses a value of the wrong kind and a choice the target lacks', () => {
    const odd = planRecall(
      {
        ...saved,
        settings: { global: { tracking_mode: 'parallel' }, channels: { '1': { voltage_set: 'high' } } },
      },
      target,
    );
    expect(odd.steps).toEqual([]);
    expect(odd.skipped.map((s) => s.reason)).toEqual([
      'SIM-2CH tracking_mode takes independent, series, not "parallel"',
      'SIM-2CH CH1 voltage_set takes a number, not "high"',
    ]);
  });

  it('never replays a command such as clear_protection from a file', () => {
    const replay = planRecall(
      { ...saved, settings: { global: {}, channels: { '1': { clear_protection: true } } } },
      target,
    );
    expect(replay.steps).toEqual([]);
    expect(replay.skipped[0]!.reason).toBe('a command, not a setting: never replayed');
  });

  it('checks a discrete-valued parameter against its list’s ends', () => {
    const scope = {
      id: 'scope',
      model: 'SCOPE',
      parameters: [
        { name: 'timebase', type: 'number', unit: 's/div', values: [1e-6, 1e-3, 1] } as ParameterInfo,
      ],
    };
    const plan2 = planRecall({ ...saved, settings: { global: { timebase: 10 }, channels: {} } }, scope);
    expect(plan2.skipped[0]!.reason).toBe(
      "10 s/div is outside SCOPE's timebase range 0.000001…1 s/div (not clamped)",
    );
  });
});

describe('setup files and names', () => {
  const good = {
    schema_version: 1,
    name: 'Bench A',
    scope: 'instrument',
    saved_at: 1,
    instruments: [saved],
    sections: {},
  };

  it('accepts a good file and names where a bad one is wrong', () => {
    expect(parseSetupText(JSON.stringify(good), 'x').instruments[0]!.model).toBe('SIM-3CH');
    expect(() => parseSetupText('nope', 'the imported file')).toThrow(/^the imported file is not JSON/);
    expect(() => parseSetupText(JSON.stringify({ ...good, scope: 'lab' }), 'f')).toThrow(
      /^f is not a valid setup: scope: /,
    );
    expect(() => parseSetupText(JSON.stringify({ ...good, extra: 1 }), 'f')).toThrow('extra: unknown field');
    expect(() => parseSetupText(JSON.stringify({ ...good, schema_version: 2 }), 'f')).toThrow(
      'schema_version: expected schema_version 1',
    );
  });

  it('takes names that are safe file names only', () => {
    for (const name of ['Bench A', 'psu-1_v2.final', '3V3 rail'])
      expect(setupNameSchema.safeParse(name).success).toBe(true);
    for (const name of ['', '../x', 'a/b', '.hidden', 'trailing.', 'x'.repeat(65), 'a\\b']) {
      expect(setupNameSchema.safeParse(name).success).toBe(false);
    }
  });
});
