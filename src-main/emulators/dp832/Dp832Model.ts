/**
 * The state and physics of an emulated Rigol DP832: three outputs whose CV/CC behaviour follows a
 * resistive load (the simulator's psuModel), with DP800 protection (OVP can be disabled, OCP too), a
 * selected channel for commands without one, and CH1/CH2 tracking.
 */
import type { PsuChannelState } from '../../instruments/psu/psuModel.js';
import {
  initialChannelState,
  isCurrentLimited,
  outputCurrentA,
  stepChannel,
} from '../../instruments/psu/psuModel.js';
import type { Clock } from '../../util/clock.js';

export interface Dp800ChannelSpec {
  /** Programmable ranges (the guide's, slightly above the rating: a DP832's CH1 takes up to 32 V). */
  maxVoltageV: number;
  maxCurrentA: number;
  /** Rating shown by `:APPL?`, e.g. "30V/3A". */
  rating: string;
  ovpMaxV: number;
  ocpMaxA: number;
}

export const DP832_CHANNELS: readonly Dp800ChannelSpec[] = [
  { maxVoltageV: 32, maxCurrentA: 3.2, rating: '30V/3A', ovpMaxV: 33, ocpMaxA: 3.3 },
  { maxVoltageV: 32, maxCurrentA: 3.2, rating: '30V/3A', ovpMaxV: 33, ocpMaxA: 3.3 },
  { maxVoltageV: 5.3, maxCurrentA: 3.2, rating: '5V/3A', ovpMaxV: 5.5, ocpMaxA: 3.3 },
];

export interface Dp800Channel {
  spec: Dp800ChannelSpec;
  /** Physics state; `ovpLevelV` there is the armed threshold (Infinity while OVP is off). */
  physics: PsuChannelState;
  ovpLevelV: number;
  ovpEnabled: boolean;
  trackEnabled: boolean;
}

export type RegulationMode = 'CV' | 'CC' | 'UR';

export class Dp832Model {
  readonly channels: Dp800Channel[];
  selected = 1;
  beeper = true;
  otp = true;
  remote = false;
  readonly #clock: Clock;
  #lastStepMs: number;

  constructor(clock: Clock, specs: readonly Dp800ChannelSpec[] = DP832_CHANNELS) {
    this.#clock = clock;
    this.#lastStepMs = clock.nowMs();
    this.channels = specs.map((spec) => freshChannel(spec));
  }

  /** `*RST`: outputs off, setpoints and protection to factory values; loads stay (they are the bench's). */
  reset(): void {
    this.advance();
    for (const [i, channel] of this.channels.entries()) {
      const load = channel.physics.loadResistanceOhm;
      this.channels[i] = freshChannel(channel.spec);
      this.channels[i]!.physics.loadResistanceOhm = load;
    }
    this.selected = 1;
  }

  /** The channel numbered `n` (1-based). */
  channel(n: number): Dp800Channel {
    return this.channels[n - 1]!;
  }

  /** Brings every output up to now: slew towards its target, protection checks. */
  advance(): void {
    const now = this.#clock.nowMs();
    const dtS = Math.max(0, (now - this.#lastStepMs) / 1000);
    this.#lastStepMs = now;
    for (const channel of this.channels) {
      channel.physics = stepChannel(channel.physics, dtS).state;
    }
  }

  setVoltage(n: number, voltageV: number): void {
    this.advance();
    this.channel(n).physics.voltageSetV = voltageV;
    const partner = this.#trackPartner(n);
    if (partner !== undefined) {
      const other = this.channel(partner);
      other.physics.voltageSetV = Math.min(voltageV, other.spec.maxVoltageV);
    }
    this.#checkProtectionNow();
  }

  setCurrent(n: number, currentA: number): void {
    this.advance();
    this.channel(n).physics.currentLimitA = currentA;
    this.#checkProtectionNow();
  }

  setOutput(n: number, on: boolean): void {
    this.advance();
    const physics = this.channel(n).physics;
    physics.outputEnabled = on;
    if (on) physics.trip = undefined;
  }

  setOvp(n: number, settings: { levelV?: number; enabled?: boolean }): void {
    this.advance();
    const channel = this.channel(n);
    if (settings.levelV !== undefined) channel.ovpLevelV = settings.levelV;
    if (settings.enabled !== undefined) channel.ovpEnabled = settings.enabled;
    channel.physics.ovpLevelV = channel.ovpEnabled ? channel.ovpLevelV : Number.POSITIVE_INFINITY;
    this.#checkProtectionNow();
  }

  setOcp(n: number, settings: { levelA?: number; enabled?: boolean }): void {
    this.advance();
    const physics = this.channel(n).physics;
    if (settings.levelA !== undefined) physics.ocpLevelA = settings.levelA;
    if (settings.enabled !== undefined) physics.ocpEnabled = settings.enabled;
    this.#checkProtectionNow();
  }

  clearTrip(n: number, kind: 'ovp' | 'ocp'): void {
    this.advance();
    const physics = this.channel(n).physics;
    if (physics.trip === kind) physics.trip = undefined;
  }

  /** Resistive load across output `n`, Ω (the emulated bench, not an instrument setting). */
  setLoadOhm(n: number, ohms: number): void {
    this.advance();
    this.channel(n).physics.loadResistanceOhm = ohms;
  }

  measure(n: number): { voltageV: number; currentA: number; powerW: number } {
    this.advance();
    const physics = this.channel(n).physics;
    const voltageV = physics.outputVoltageV;
    const currentA = outputCurrentA(physics);
    return { voltageV, currentA, powerW: voltageV * currentA };
  }

  /** CV or CC while on; the DP800 reports UR (unregulated) while the output is off. */
  mode(n: number): RegulationMode {
    this.advance();
    const physics = this.channel(n).physics;
    if (!physics.outputEnabled) return 'UR';
    return isCurrentLimited(physics) ? 'CC' : 'CV';
  }

  #trackPartner(n: number): number | undefined {
    if (this.channels.length < 2 || n > 2) return undefined;
    const partner = n === 1 ? 2 : 1;
    return this.channel(n).trackEnabled ? partner : undefined;
  }

  /** A level lowered below the present output trips at once, as on the instrument. */
  #checkProtectionNow(): void {
    for (const channel of this.channels) channel.physics = stepChannel(channel.physics, 0).state;
  }
}

function freshChannel(spec: Dp800ChannelSpec): Dp800Channel {
  const physics = initialChannelState({ maxVoltageV: spec.maxVoltageV, maxCurrentA: spec.maxCurrentA });
  // Factory state: protection levels at their maximum, both protections off.
  return {
    spec,
    physics: { ...physics, ovpLevelV: Number.POSITIVE_INFINITY, ocpLevelA: spec.ocpMaxA, ocpEnabled: false },
    ovpLevelV: spec.ovpMaxV,
    ovpEnabled: false,
    trackEnabled: false,
  };
}
