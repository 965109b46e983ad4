/**
 * What a supply output's protection is doing, from the settings the instrument reports: tripped (which
 * one), armed (at least one protection would turn the output off), off (all of it disarmed), or none (the
 * model has no programmable protection, e.g. the SPD3303X). Pure, so the card and its tests agree.
 */
import type { SettingValue } from '../../store/benchState';

export type ProtectionState = 'tripped_ovp' | 'tripped_ocp' | 'armed' | 'off' | 'none';

/**
 * `settings`: one channel's reported settings; `offered`: the protection parameter names the catalog lists
 * for that channel. OVP with no enable setting (an instrument where it cannot be disarmed) counts as armed.
 */
export function protectionState(
  settings: Readonly<Record<string, SettingValue>> | undefined,
  offered: ReadonlySet<string>,
): ProtectionState {
  const tripped = settings?.protection_tripped;
  if (tripped === 'ovp') return 'tripped_ovp';
  if (tripped === 'ocp') return 'tripped_ocp';
  const hasOvp = offered.has('ovp_level');
  const hasOcp = offered.has('ocp_level') || offered.has('ocp_enabled');
  if (!hasOvp && !hasOcp) return 'none';
  const ovpArmed = hasOvp && (!offered.has('ovp_enabled') || settings?.ovp_enabled === true);
  const ocpArmed = hasOcp && settings?.ocp_enabled === true;
  return ovpArmed || ocpArmed ? 'armed' : 'off';
}

/** The words shown for a state: a trip is read, not only seen as a colour. */
export const PROTECTION_LABELS: Readonly<Record<ProtectionState, string>> = {
  tripped_ovp: 'OVP TRIPPED — output off',
  tripped_ocp: 'OCP TRIPPED — output off',
  armed: 'Protection armed',
  off: 'Protection off',
  none: 'No programmable protection',
};

export function isTripped(state: ProtectionState): state is 'tripped_ovp' | 'tripped_ocp' {
  return state === 'tripped_ovp' || state === 'tripped_ocp';
}
