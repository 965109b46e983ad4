/** The add-instrument form's checks: the messages a person acts on, and the id it suggests. */
import { describe, expect, it } from 'vitest';
import type { DriverInfo } from '../../../shared/protocol/server';
import {
  checkNewInstrument,
  simulatorDrivers,
  suggestId,
} from '../../../src-renderer/panels/bench/newInstrument';
import { digitsForStep } from '../../../src-renderer/panels/controls/stepDigits';

const DRIVERS: DriverInfo[] = [
  { name: 'sim-psu', kind: 'power_supply', description: 'simulated supply', connection: 'simulated' },
  { name: 'sim-scope', kind: 'oscilloscope', description: 'simulated scope', connection: 'simulated' },
];

describe('simulatorDrivers', () => {
  it("lists only the backend's simulators, not the network drivers that need an address", () => {
    const offered: DriverInfo[] = [
      ...DRIVERS,
      { name: 'rigol-ds1000z', kind: 'oscilloscope', description: 'Rigol DS1000Z', connection: 'network' },
    ];
    expect(simulatorDrivers(offered).map((d) => d.name)).toEqual(['sim-psu', 'sim-scope']);
  });
});

describe('checkNewInstrument', () => {
  it('accepts a well-formed entry, trimmed', () => {
    expect(
      checkNewInstrument({ id: ' psu_2 ', label: ' Left ', driver: 'sim-psu' }, ['psu_1'], DRIVERS),
    ).toEqual({
      ok: true,
      entry: { id: 'psu_2', label: 'Left', driver: 'sim-psu' },
    });
  });

  it.each([
    [{ id: '', label: 'x', driver: 'sim-psu' }, 'id', 'is required'],
    [
      { id: '2psu', label: 'x', driver: 'sim-psu' },
      'id',
      'must be a letter, then up to 63 letters, digits, "_" or "-"',
    ],
    [
      { id: 'psu_1', label: 'x', driver: 'sim-psu' },
      'id',
      '"psu_1" is already on the bench: choose another id',
    ],
    [{ id: 'psu_2', label: '  ', driver: 'sim-psu' }, 'label', 'is required'],
    [{ id: 'psu_2', label: 'x', driver: 'sim-dmm' }, 'driver', 'choose one of sim-psu, sim-scope'],
  ] as const)('refuses %o: %s %s', (draft, field, message) => {
    const check = checkNewInstrument(draft, ['psu_1'], DRIVERS);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors[field]).toBe(message);
  });

  it('says so when the backend offers no drivers', () => {
    const check = checkNewInstrument({ id: 'a', label: 'b', driver: '' }, [], []);
    expect(check.ok ? undefined : check.errors.driver).toBe('this backend offers no drivers to add');
  });
});

describe('suggestId', () => {
  it('offers the first free id for the driver kind', () => {
    expect(suggestId('power_supply', ['psu_1', 'scope_1'])).toBe('psu_2');
    expect(suggestId('oscilloscope', ['psu_1'])).toBe('scope_1');
    expect(suggestId(undefined, [])).toBe('instrument_1');
  });
});

describe('digitsForStep', () => {
  it('shows as many decimals as the step needs', () => {
    expect(digitsForStep(0.001)).toBe(3);
    expect(digitsForStep(0.01)).toBe(2);
    expect(digitsForStep(1)).toBe(0);
    expect(digitsForStep(0.0005)).toBe(4);
    expect(digitsForStep(undefined)).toBe(3);
  });
});
