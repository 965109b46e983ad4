import { describe, expect, it } from 'vitest';
import { PROTECTION_LABELS, protectionState } from '../../../src-renderer/panels/psu/protectionState';

const FULL = new Set(['ovp_level', 'ovp_enabled', 'ocp_level', 'ocp_enabled', 'clear_protection']);

describe('protectionState', () => {
  it('names the trip, whatever is armed', () => {
    expect(protectionState({ protection_tripped: 'ovp', ovp_enabled: false }, FULL)).toBe('tripped_ovp');
    expect(protectionState({ protection_tripped: 'ocp' }, FULL)).toBe('tripped_ocp');
  });

  it('is armed when OVP or OCP is enabled, off when both are disarmed', () => {
    expect(protectionState({ protection_tripped: 'none', ovp_enabled: true, ocp_enabled: false }, FULL)).toBe(
      'armed',
    );
    expect(protectionState({ protection_tripped: 'none', ovp_enabled: false, ocp_enabled: true }, FULL)).toBe(
      'armed',
    );
    expect(
      protectionState({ protection_tripped: 'none', ovp_enabled: false, ocp_enabled: false }, FULL),
    ).toBe('off');
  });

  it('counts OVP that cannot be disarmed (no ovp_enabled in the catalog) as armed', () => {
    const e36300 = new Set(['ovp_level', 'ocp_enabled', 'clear_protection']);
    expect(protectionState({ protection_tripped: 'none', ocp_enabled: false }, e36300)).toBe('armed');
  });

  it('says so when the model has no programmable protection', () => {
    expect(protectionState({ voltage_set: 5 }, new Set())).toBe('none');
    expect(PROTECTION_LABELS.none).toBe('No programmable protection');
  });

  it('puts the trip in words, not only in colour', () => {
    expect(PROTECTION_LABELS.tripped_ovp).toBe('OVP TRIPPED — output off');
  });
});
