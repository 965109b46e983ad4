/**
 * Coupled outputs of a power supply (the profile's `tracking_mode`): two outputs run independently, wired
 * inside the instrument in series (one output with twice the voltage range) or in parallel (twice the
 * current range), or tracking (the second follows the first's settings). The catalog's `tracking_mode`
 * entry names the two outputs in `coupled_channels`; the first one is the one that is set when paired.
 */

export type CouplingMode = 'independent' | 'series' | 'parallel' | 'track';

/** True for the modes in which the two outputs are one output (set and read through the first). */
export function isPaired(mode: unknown): mode is 'series' | 'parallel' {
  return mode === 'series' || mode === 'parallel';
}

/**
 * How much wider the paired output's range of `parameter` is than one output's: series adds the two
 * voltages (setpoint and OVP), parallel the two currents (limit and OCP). 1 for everything else.
 */
export function pairedRangeFactor(mode: unknown, parameter: string): number {
  if (mode === 'series' && (parameter === 'voltage_set' || parameter === 'ovp_level')) return 2;
  if (mode === 'parallel' && (parameter === 'current_set' || parameter === 'ocp_level')) return 2;
  return 1;
}
