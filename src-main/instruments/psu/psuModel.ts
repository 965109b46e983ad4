/**
 * Physics of one power-supply output, as pure functions: no timers, no I/O.
 *
 * A bench supply regulates to whichever limit the load reaches first: with a resistive load R it holds
 * the set voltage (constant-voltage, CV) while Vset / R ≤ Ilim, and otherwise holds the current limit
 * (constant-current, CC), so V = min(Vset, Ilim · R). The output slews towards that target rather than
 * stepping, and over-voltage / over-current protection turn the output off when exceeded.
 */

export type ProtectionTrip = 'ovp' | 'ocp';

export interface PsuChannelLimits {
  maxVoltageV: number;
  maxCurrentA: number;
}

export interface PsuChannelState {
  voltageSetV: number;
  currentLimitA: number;
  outputEnabled: boolean;
  /** Over-voltage protection threshold, V. */
  ovpLevelV: number;
  /** OVP armed; a bench supply lets it be disarmed (then nothing turns the output off on over-voltage). */
  ovpEnabled: boolean;
  /** Over-current protection threshold, A. */
  ocpLevelA: number;
  ocpEnabled: boolean;
  /** Resistive load across the output, Ω. */
  loadResistanceOhm: number;
  /** Voltage at the terminals now (slewed), V. */
  outputVoltageV: number;
  /** Set when protection turned the output off; cleared by the user. */
  trip: ProtectionTrip | undefined;
}

/** Rate at which the output voltage moves towards its target, V/s (30 V in 60 ms). */
export const SLEW_RATE_V_PER_S = 500;

export function initialChannelState(limits: PsuChannelLimits): PsuChannelState {
  return {
    voltageSetV: 0,
    currentLimitA: Math.min(1, limits.maxCurrentA),
    outputEnabled: false,
    ovpLevelV: limits.maxVoltageV * 1.1,
    ovpEnabled: true,
    ocpLevelA: limits.maxCurrentA * 1.1,
    ocpEnabled: false,
    loadResistanceOhm: 10,
    outputVoltageV: 0,
    trip: undefined,
  };
}

/** The voltage the regulator drives towards: 0 when off, else min(Vset, Ilim·R). */
export function targetVoltageV(state: PsuChannelState): number {
  if (!state.outputEnabled) return 0;
  return Math.min(state.voltageSetV, state.currentLimitA * state.loadResistanceOhm);
}

/**
 * True when the current limit, not the voltage setting, is what holds the output — i.e. the load asks
 * for more than Ilim at Vset.
 */
export function isCurrentLimited(state: PsuChannelState): boolean {
  return state.outputEnabled && state.voltageSetV > state.currentLimitA * state.loadResistanceOhm;
}

export interface StepResult {
  state: PsuChannelState;
  /** The protection that tripped during this step, if any. */
  tripped: ProtectionTrip | undefined;
}

/** Advances one channel by `dtS` seconds: slew towards the target, then check protection. */
export function stepChannel(state: PsuChannelState, dtS: number): StepResult {
  const target = targetVoltageV(state);
  const maxMoveV = SLEW_RATE_V_PER_S * Math.max(0, dtS);
  const delta = target - state.outputVoltageV;
  const outputVoltageV =
    Math.abs(delta) <= maxMoveV ? target : state.outputVoltageV + Math.sign(delta) * maxMoveV;
  let next: PsuChannelState = { ...state, outputVoltageV };
  let tripped: ProtectionTrip | undefined;
  if (next.outputEnabled) {
    const currentA = outputCurrentA(next);
    if (next.ovpEnabled && outputVoltageV > next.ovpLevelV) tripped = 'ovp';
    else if (next.ocpEnabled && currentA > next.ocpLevelA) tripped = 'ocp';
    // A real supply crowbars the output when protection trips: off at once, not slewed.
    if (tripped) next = { ...next, outputEnabled: false, outputVoltageV: 0, trip: tripped };
  }
  return { state: next, tripped };
}

/** Current through the load at the present terminal voltage, A (never above the limit). */
export function outputCurrentA(state: PsuChannelState): number {
  if (state.loadResistanceOhm <= 0) return state.currentLimitA;
  return Math.min(state.outputVoltageV / state.loadResistanceOhm, state.currentLimitA);
}
