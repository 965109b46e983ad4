/**
 * CH1/CH2 coupling of the simulated supply, as pure functions. Series and parallel wire the two outputs
 * into one inside the instrument: CH1 is then the combined output (twice the voltage range in series,
 * twice the current in parallel) and CH2 carries its share. Track keeps the two setpoints equal: a change
 * to either output's voltage or current setting is applied to both (as the DP900/SPD3303X do).
 */
import type { PsuChannelReading } from '../../../shared/protocol/index.js';
import type { CouplingMode } from '../../../shared/profiles/index.js';
import type { PsuChannelLimits, PsuChannelState } from './psuModel.js';

/** The coupled pair, 1-based: the first is the one set and read while paired. */
export const COUPLED_CHANNELS = [1, 2] as const;

export const COUPLING_MODES: readonly CouplingMode[] = ['independent', 'series', 'parallel', 'track'];

/** Settings a change to one tracked output copies to the other. */
export const TRACKED_PARAMETERS: ReadonlySet<string> = new Set(['voltage_set', 'current_set']);

/**
 * The pair's states after switching to `mode`. Entering track copies CH1's setpoints to CH2; leaving a
 * pairing brings CH1's settings back inside one output's range (a 50 V series setpoint becomes 30 V), so
 * the output never comes back higher than it can be set.
 */
export function enterCoupling(
  mode: CouplingMode,
  [first, second]: readonly [PsuChannelState, PsuChannelState],
  firstLimits: PsuChannelLimits,
): [PsuChannelState, PsuChannelState] {
  if (mode === 'track') {
    return [first, { ...second, voltageSetV: first.voltageSetV, currentLimitA: first.currentLimitA }];
  }
  if (mode !== 'independent') return [first, second];
  const { maxVoltageV, maxCurrentA } = firstLimits;
  return [
    {
      ...first,
      voltageSetV: Math.min(first.voltageSetV, maxVoltageV),
      currentLimitA: Math.min(first.currentLimitA, maxCurrentA),
      ovpLevelV: Math.min(first.ovpLevelV, maxVoltageV * 1.1),
      ocpLevelA: Math.min(first.ocpLevelA, maxCurrentA * 1.1),
    },
    second,
  ];
}

/**
 * CH2's reading while paired, from the combined output's (CH1's): in series each output carries the full
 * current and half the voltage; in parallel the full voltage and half the current (setpoints likewise).
 */
export function pairedShare(
  mode: 'series' | 'parallel',
  combined: PsuChannelReading,
  channel: number,
): PsuChannelReading {
  const voltageShare = mode === 'series' ? 0.5 : 1;
  const currentShare = mode === 'parallel' ? 0.5 : 1;
  const voltage = combined.voltage_actual * voltageShare;
  const current = combined.current_actual * currentShare;
  return {
    ...combined,
    channel,
    voltage_set: combined.voltage_set * voltageShare,
    current_set: combined.current_set * currentShare,
    voltage_actual: voltage,
    current_actual: current,
    power: voltage * current,
  };
}
