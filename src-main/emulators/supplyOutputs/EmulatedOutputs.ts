/**
 * The outputs of an emulated bench supply: the simulator's physics (../../instruments/psu/psuModel.ts —
 * CV/CC follows the load, slewing, OVP/OCP trips) advanced lazily from a clock, so an emulator owns no
 * timers. Emulators of different models (E36300, SPD3303X) wrap it with their own command set; what differs
 * between them (protection that can be disabled, what a protection clear restores) stays in the emulator.
 */
import {
  initialChannelState,
  isCurrentLimited,
  outputCurrentA,
  type PsuChannelLimits,
  type PsuChannelState,
  stepChannel,
} from '../../instruments/index.js';
import type { Clock } from '../../util/index.js';

/** Longest physics step, s, as in the simulator: slewing and trips are resolved finely. */
const MAX_STEP_S = 0.001;
/** Beyond this many fine steps the output has long settled; the rest is one coarse step. */
const MAX_FINE_STEPS = 2000;

export interface OutputChannelOptions extends PsuChannelLimits {
  /** Resistive load across the output, Ω (default 10 Ω). */
  loadResistanceOhm?: number;
}

export interface EmulatedOutputsOptions {
  /**
   * OCP as Keysight builds it: armed, it trips when the output goes into current limit (its level is the
   * current setting). Otherwise OCP trips above `ocpLevelA`, as in the simulator.
   */
  ocpTripsInCurrentLimit?: boolean;
  /** No protection at all (a supply without programmable OVP/OCP, such as the SPD3303X). */
  noProtection?: boolean;
}

/** One output as seen from the front panel: what a measurement or a status query reports. */
export interface OutputView {
  state: PsuChannelState;
  /** Terminal voltage, V (0 when off). */
  voltageV: number;
  /** Load current, A (0 when off). */
  currentA: number;
  /** Regulation: `cv`, `cc`, or `off`. */
  mode: 'cv' | 'cc' | 'off';
  /** Whether the output was on when its protection tripped (some supplies restore it on clear). */
  onBeforeTrip: boolean;
}

export class EmulatedOutputs {
  readonly #clock: Clock;
  readonly #limits: readonly PsuChannelLimits[];
  readonly #ocpInCurrentLimit: boolean;
  #channels: PsuChannelState[];
  #onBeforeTrip: boolean[];
  #lastUpdateMs: number;

  constructor(channels: readonly OutputChannelOptions[], clock: Clock, options: EmulatedOutputsOptions = {}) {
    this.#clock = clock;
    this.#limits = channels.map(({ maxVoltageV, maxCurrentA }) => ({ maxVoltageV, maxCurrentA }));
    this.#ocpInCurrentLimit = options.ocpTripsInCurrentLimit === true;
    this.#channels = channels.map((c) => ({
      ...initialChannelState(c),
      loadResistanceOhm: c.loadResistanceOhm ?? 10,
      // Thresholds psuModel never reaches leave the trips to this class (or to nothing).
      ...(options.noProtection === true && { ovpLevelV: Infinity }),
      ...((options.noProtection === true || this.#ocpInCurrentLimit) && { ocpLevelA: Infinity }),
    }));
    this.#onBeforeTrip = channels.map(() => false);
    this.#lastUpdateMs = clock.nowMs();
  }

  get count(): number {
    return this.#channels.length;
  }

  limits(channel: number): PsuChannelLimits {
    return this.#limits[this.#index(channel)]!;
  }

  /** The channel (1-based) as of now. */
  view(channel: number): OutputView {
    this.#advance();
    const index = this.#index(channel);
    const state = this.#channels[index]!;
    const on = state.outputEnabled;
    return {
      state,
      voltageV: on ? state.outputVoltageV : 0,
      currentA: on ? outputCurrentA(state) : 0,
      mode: !on ? 'off' : isCurrentLimited(state) ? 'cc' : 'cv',
      onBeforeTrip: this.#onBeforeTrip[index]!,
    };
  }

  /** Changes settings of a channel (the physics is brought up to now first, so a change is never back-dated). */
  update(channel: number, patch: Partial<Omit<PsuChannelState, 'outputVoltageV'>>): void {
    this.#advance();
    const index = this.#index(channel);
    if (patch.outputEnabled !== undefined) this.#onBeforeTrip[index] = false;
    this.#channels[index] = { ...this.#channels[index]!, ...patch };
  }

  /** Clears a latched trip; with `restore`, an output the trip turned off comes back on (E36300). */
  clearTrip(channel: number, restore: boolean): void {
    this.#advance();
    const index = this.#index(channel);
    const state = this.#channels[index]!;
    if (state.trip === undefined) return;
    const on = restore && this.#onBeforeTrip[index]!;
    this.#onBeforeTrip[index] = false;
    this.#channels[index] = { ...state, trip: undefined, outputEnabled: on };
  }

  #index(channel: number): number {
    if (!Number.isInteger(channel) || channel < 1 || channel > this.#channels.length) {
      throw new RangeError(`no output ${channel}`);
    }
    return channel - 1;
  }

  #advance(): void {
    const nowMs = this.#clock.nowMs();
    if (nowMs <= this.#lastUpdateMs) return;
    let remainingS = (nowMs - this.#lastUpdateMs) / 1000;
    this.#lastUpdateMs = nowMs;
    let steps = 0;
    while (remainingS > 0) {
      const dtS = steps < MAX_FINE_STEPS ? Math.min(remainingS, MAX_STEP_S) : remainingS;
      remainingS -= dtS;
      steps++;
      this.#channels = this.#channels.map((state, i) => {
        const stepped = stepChannel(state, dtS);
        let next = stepped.state;
        let tripped = stepped.tripped;
        if (!tripped && this.#ocpInCurrentLimit && next.ocpEnabled && isCurrentLimited(next)) {
          next = { ...next, outputEnabled: false, outputVoltageV: 0, trip: 'ocp' };
          tripped = 'ocp';
        }
        if (tripped) this.#onBeforeTrip[i] = true;
        return next;
      });
    }
  }
}
