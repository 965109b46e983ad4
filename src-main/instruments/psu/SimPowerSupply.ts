/**
 * A simulated triple-output bench supply (two 30 V / 3 A outputs and one 5 V / 3 A), behaving like the
 * real thing: CV/CC regulation into a resistive load, slewed outputs, OVP/OCP trips, readback noise, and
 * CH1/CH2 coupled in series, parallel or track (psuCoupling.ts).
 * Physics advances lazily from the clock on every read or write, so there are no timers to leak.
 */
import type {
  InstrumentDescription,
  ParameterInfo,
  PsuChannelReading,
  StreamType,
} from '../../../shared/protocol/index.js';
import {
  type CouplingMode,
  isPaired,
  pairedRangeFactor,
  POWER_SUPPLY_PROFILE,
} from '../../../shared/profiles/index.js';
import { type Clock, Emitter, systemClock } from '../../util/index.js';
import {
  DriverError,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type ParameterSnapshot,
  type ParameterValue,
  type SafeStateRequest,
  type StreamSample,
} from '../InstrumentDriver.js';
import type { CaptureHost, CaptureSource } from '../../acquisition/index.js';
import { checkParameterValue, findParameter } from '../parameters.js';
import { protectionClearedEvent } from '../protectionEvents.js';
import { createRandom, type Random } from '../sim/random.js';
import {
  initialChannelState,
  isCurrentLimited,
  outputCurrentA,
  stepChannel,
  type PsuChannelLimits,
  type PsuChannelState,
} from './psuModel.js';
import { SimPsuCaptureSource } from './SimPsuCaptureSource.js';
import {
  COUPLED_CHANNELS,
  COUPLING_MODES,
  enterCoupling,
  pairedShare,
  TRACKED_PARAMETERS,
} from './psuCoupling.js';

export interface SimPowerSupplyOptions {
  id?: string;
  seed?: number;
  clock?: Clock;
  /** Readback noise, 1 σ. Defaults: 1 mV and 0.1 mA, like a 4½-digit supply. */
  voltageNoiseV?: number;
  currentNoiseA?: number;
  /** Starting settings per channel (1-based), e.g. a demo bench with a load attached and CH1 on. */
  initial?: Record<number, Partial<Omit<PsuChannelState, 'outputVoltageV' | 'trip'>>>;
}

/**
 * The bench the default simulator shows: CH1 on at 5 V into 10 Ω (CV, 0.5 A); CH2 set to 12 V with a
 * 0.5 A limit into 20 Ω, off (turning it on shows current limiting: CC at 10 V); CH3 3.3 V into 5 Ω, off.
 */
export const DEMO_BENCH: NonNullable<SimPowerSupplyOptions['initial']> = {
  1: { voltageSetV: 5, currentLimitA: 1, loadResistanceOhm: 10, outputEnabled: true },
  2: { voltageSetV: 12, currentLimitA: 0.5, loadResistanceOhm: 20, outputEnabled: false },
  3: { voltageSetV: 3.3, currentLimitA: 1, loadResistanceOhm: 5, outputEnabled: false },
};

const CHANNEL_LIMITS: readonly PsuChannelLimits[] = [
  { maxVoltageV: 30, maxCurrentA: 3 },
  { maxVoltageV: 30, maxCurrentA: 3 },
  { maxVoltageV: 5, maxCurrentA: 3 },
];

/** Longest physics step, s: short enough that slewing and protection are resolved finely. */
const MAX_STEP_S = 0.001;
/** Beyond this many fine steps the output has long settled; finish with one coarse step. */
const MAX_FINE_STEPS = 2000;

function channelParameters(channel: number, limits: PsuChannelLimits): ParameterInfo[] {
  return [
    { name: 'voltage_set', type: 'number', unit: 'V', min: 0, max: limits.maxVoltageV, channel },
    { name: 'current_set', type: 'number', unit: 'A', min: 0, max: limits.maxCurrentA, channel },
    { name: 'output_enabled', type: 'boolean', channel },
    { name: 'ovp_level', type: 'number', unit: 'V', min: 0.1, max: limits.maxVoltageV * 1.1, channel },
    { name: 'ovp_enabled', type: 'boolean', channel },
    { name: 'ocp_level', type: 'number', unit: 'A', min: 0.01, max: limits.maxCurrentA * 1.1, channel },
    { name: 'ocp_enabled', type: 'boolean', channel },
    {
      name: 'load_resistance',
      type: 'number',
      unit: 'Ω',
      min: 0.01,
      max: 1e6,
      channel,
      description: 'simulated resistive load across the output',
    },
    {
      name: 'clear_protection',
      type: 'boolean',
      channel,
      description: 'write true to clear a protection trip (the output stays off until enabled)',
    },
  ];
}

export class SimPowerSupply implements InstrumentDriver {
  readonly id: string;
  readonly kind = 'power_supply' as const;
  /** Computed in memory: nothing to abort (InstrumentDriver.inMemory). */
  readonly inMemory = true;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #voltageNoiseV: number;
  readonly #currentNoiseA: number;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #info: InstrumentDescription;
  #channels: PsuChannelState[];
  #coupling: CouplingMode = 'independent';
  #lastUpdateMs: number;

  constructor(options: SimPowerSupplyOptions = {}) {
    this.id = options.id ?? 'psu_1';
    this.#clock = options.clock ?? systemClock;
    this.#random = createRandom(options.seed ?? 1);
    this.#voltageNoiseV = options.voltageNoiseV ?? 0.001;
    this.#currentNoiseA = options.currentNoiseA ?? 0.0001;
    this.#channels = CHANNEL_LIMITS.map((limits, i) => ({
      ...initialChannelState(limits),
      ...options.initial?.[i + 1],
    }));
    this.#lastUpdateMs = this.#clock.nowMs();
    this.#info = {
      id: this.id,
      kind: 'power_supply',
      profile: POWER_SUPPLY_PROFILE.id,
      vendor: 'Benchtop',
      model: 'SIM-PSU3 triple output',
      serial: `SIM-${this.id}`,
      channels: CHANNEL_LIMITS.map((limits, i) => ({
        name: `CH${i + 1}`,
        unit: 'V',
        min: 0,
        max: limits.maxVoltageV,
      })),
      streams: [
        { stream_type: 'readings', min_interval_ms: 10, max_interval_ms: 60_000, encodings: ['json'] },
      ],
      parameters: [
        ...CHANNEL_LIMITS.flatMap((limits, i) => channelParameters(i + 1, limits)),
        {
          name: 'tracking_mode',
          type: 'enum',
          choices: [...COUPLING_MODES],
          coupled_channels: [...COUPLED_CHANNELS],
          paired_setpoints_combined: true,
          description: 'CH1/CH2: independent, series (up to 60 V), parallel (up to 6 A) or track',
        },
      ],
    };
  }

  async connect(): Promise<void> {
    // Nothing to open: the simulator is in this process. (FaultyDriver simulates a link that fails.)
  }

  async identify(): Promise<Identity> {
    return { vendor: 'Benchtop', model: this.#info.model, serial: this.#info.serial, firmware: 'sim-1' };
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(): Promise<ParameterSnapshot> {
    this.#advance();
    const channels: ParameterSnapshot['channels'] = {};
    this.#channels.forEach((state, i) => {
      channels[i + 1] = {
        voltage_set: state.voltageSetV,
        current_set: state.currentLimitA,
        output_enabled: this.#channels[this.#sourceIndex(i)]!.outputEnabled,
        ovp_level: state.ovpLevelV,
        ovp_enabled: state.ovpEnabled,
        ocp_level: state.ocpLevelA,
        ocp_enabled: state.ocpEnabled,
        load_resistance: state.loadResistanceOhm,
        protection_tripped: state.trip ?? 'none',
      };
    });
    return { global: { tracking_mode: this.#coupling }, channels };
  }

  async setParameter(parameter: string, value: ParameterValue, channel?: number): Promise<ParameterValue> {
    const info = findParameter(this.#info.parameters, parameter, channel);
    if (parameter === 'tracking_mode') return this.#setCoupling(checkParameterValue(info, value));
    const factor = info.channel === COUPLED_CHANNELS[0] ? pairedRangeFactor(this.#coupling, parameter) : 1;
    const applied = checkParameterValue(
      factor === 1 ? info : { ...info, max: (info.max ?? 0) * factor },
      value,
    );
    this.#advance();
    this.#refusePairedSecond(parameter, applied, info.channel);
    // Switching CH2 off while paired switches the pair off: turning outputs off is always allowed.
    const index = this.#sourceIndex((info.channel ?? 1) - 1);
    const state = this.#channels[index]!;
    let next: PsuChannelState;
    switch (parameter) {
      case 'voltage_set':
        next = { ...state, voltageSetV: applied as number };
        break;
      case 'current_set':
        next = { ...state, currentLimitA: applied as number };
        break;
      case 'output_enabled':
        if (applied === true && state.trip) {
          throw new DriverError(
            `channel ${index + 1} tripped on ${state.trip.toUpperCase()}; clear protection first`,
            'invalid_value',
            { trip: state.trip },
          );
        }
        next = { ...state, outputEnabled: applied as boolean };
        break;
      case 'ovp_level':
        next = { ...state, ovpLevelV: applied as number };
        break;
      case 'ovp_enabled':
        next = { ...state, ovpEnabled: applied as boolean };
        break;
      case 'ocp_level':
        next = { ...state, ocpLevelA: applied as number };
        break;
      case 'ocp_enabled':
        next = { ...state, ocpEnabled: applied as boolean };
        break;
      case 'load_resistance':
        next = { ...state, loadResistanceOhm: applied as number };
        break;
      case 'clear_protection':
        // Clearing never turns the output on: the trip turned it off and only a person turns it on again.
        next = applied === true ? { ...state, trip: undefined, outputEnabled: false } : state;
        if (state.trip && applied === true) this.#emitClear(index + 1, state.trip);
        break;
      default:
        throw new DriverError(`unknown parameter "${parameter}"`, 'unknown_parameter');
    }
    this.#channels[index] = next;
    this.#track(parameter, index);
    return applied;
  }

  /** Couples CH1/CH2; refused while either is on (a real supply relays the outputs together). */
  #setCoupling(mode: ParameterValue): ParameterValue {
    this.#advance();
    const [a, b] = COUPLED_CHANNELS.map((n) => n - 1) as [number, number];
    if (this.#channels[a]!.outputEnabled || this.#channels[b]!.outputEnabled) {
      throw new DriverError(
        `turn CH${a + 1} and CH${b + 1} off before changing tracking_mode`,
        'invalid_value',
      );
    }
    this.#coupling = mode as CouplingMode;
    [this.#channels[a], this.#channels[b]] = enterCoupling(
      this.#coupling,
      [this.#channels[a]!, this.#channels[b]!],
      CHANNEL_LIMITS[a]!,
    );
    return mode;
  }

  /** While paired, CH2 is part of CH1's output: only switching it off is accepted (it switches the pair). */
  #refusePairedSecond(parameter: string, value: ParameterValue, channel: number | undefined): void {
    const [first, second] = COUPLED_CHANNELS;
    if (!isPaired(this.#coupling) || channel !== second) return;
    if (parameter === 'output_enabled' && value === false) return;
    throw new DriverError(
      `CH${second} is paired with CH${first} in ${this.#coupling}: set CH${first}, the paired output`,
      'invalid_value',
      { tracking_mode: this.#coupling },
    );
  }

  /** In track, a setpoint set on one of the pair is copied to the other. */
  #track(parameter: string, index: number): void {
    if (this.#coupling !== 'track' || !TRACKED_PARAMETERS.has(parameter)) return;
    const pair = COUPLED_CHANNELS.map((n) => n - 1);
    if (!pair.includes(index)) return;
    const other = pair.find((i) => i !== index)!;
    const source = this.#channels[index]!;
    const limits = CHANNEL_LIMITS[other]!;
    this.#channels[other] = {
      ...this.#channels[other]!,
      voltageSetV: Math.min(source.voltageSetV, limits.maxVoltageV),
      currentLimitA: Math.min(source.currentLimitA, limits.maxCurrentA),
    };
  }

  /** The channel (0-based) that holds `index`'s settings: CH1 for CH2 while paired. */
  #sourceIndex(index: number): number {
    const [first, second] = COUPLED_CHANNELS;
    return isPaired(this.#coupling) && index === second - 1 ? first - 1 : index;
  }

  async read(streamType: StreamType): Promise<StreamSample> {
    if (streamType !== 'readings') {
      throw new DriverError(`${this.id} has no ${streamType} stream`, 'invalid_value');
    }
    this.#advance();
    const timestampMs = this.#lastUpdateMs;
    return {
      kind: 'readings',
      timestampMs,
      readings: this.#readings(timestampMs),
    };
  }

  /**
   * Acquisition fast path: every channel's readback at the `count` instants `startMs + i·intervalMs`
   * (epoch ms, none later than now), result[i][channel − 1]. The physics is stepped to each instant, so
   * slewing and protection trips show at the sampling rate; an instant before the last update (a stream
   * read came in between) sees the state as of that update.
   */
  async sampleReadings(startMs: number, intervalMs: number, count: number): Promise<PsuChannelReading[][]> {
    const rows: PsuChannelReading[][] = [];
    for (let i = 0; i < count; i++) {
      const atMs = startMs + i * intervalMs;
      this.#advance(atMs);
      rows.push(this.#readings(atMs));
    }
    return rows;
  }

  /** Captures of the readback at every sampling instant (sampleReadings), through the host's queue. */
  captureSource(host: CaptureHost): CaptureSource {
    return new SimPsuCaptureSource(host, (startMs, intervalMs, count) =>
      this.sampleReadings(startMs, intervalMs, count),
    );
  }

  async enterSafeState(request: SafeStateRequest): Promise<string> {
    this.#advance();
    if (request.mode === 'voltage') {
      const targetV = request.voltageV ?? 0;
      this.#channels = this.#channels.map((state, i) => ({
        ...state,
        voltageSetV: Math.min(targetV, CHANNEL_LIMITS[i]!.maxVoltageV),
      }));
      return `outputs set to ${targetV} V`;
    }
    this.#channels = this.#channels.map((state) => ({ ...state, outputEnabled: false }));
    return 'outputs turned off';
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#events.on(listener);
  }

  async close(): Promise<void> {
    // Nothing to release: physics is advanced lazily and owns no timers.
  }

  /** Every output's readback; while paired, CH2 reads its share of CH1's combined output. */
  #readings(timestampMs: number): PsuChannelReading[] {
    const readings = this.#channels.map((s, i) => this.#reading(s, i + 1, timestampMs));
    const mode = this.#coupling;
    if (isPaired(mode)) {
      const [first, second] = COUPLED_CHANNELS;
      readings[second - 1] = pairedShare(mode, readings[first - 1]!, second);
    }
    return readings;
  }

  #reading(state: PsuChannelState, channel: number, timestampMs: number): PsuChannelReading {
    const noisyV = state.outputVoltageV + this.#random.gaussian() * this.#voltageNoiseV;
    const noisyA = outputCurrentA(state) + this.#random.gaussian() * this.#currentNoiseA;
    const voltage = state.outputEnabled ? Math.max(0, noisyV) : Math.max(0, noisyV * 0.01);
    const current = state.outputEnabled ? Math.max(0, noisyA) : 0;
    const cc = isCurrentLimited(state);
    return {
      channel,
      voltage_set: state.voltageSetV,
      current_set: state.currentLimitA,
      voltage_actual: voltage,
      current_actual: current,
      power: voltage * current,
      output_enabled: state.outputEnabled,
      in_cv_mode: state.outputEnabled && !cc,
      in_cc_mode: cc,
      timestamp: timestampMs,
    };
  }

  /** Runs the physics from the last update to `nowMs`, emitting an event for each protection trip. */
  #advance(nowMs = this.#clock.nowMs()): void {
    if (nowMs <= this.#lastUpdateMs) return;
    let remainingS = (nowMs - this.#lastUpdateMs) / 1000;
    this.#lastUpdateMs = nowMs;
    if (remainingS <= 0) return;
    let steps = 0;
    // A step that leaves a channel as it was leaves it so at every later step: the state is all a step
    // reads, and at its target the step's length does not matter. Such a settled state is not stepped
    // again in this advance — a 10 ms read stepped each output ten times — unless something replaced it
    // meanwhile (a trip's listener changing a setting): states are replaced, never changed in place.
    const settled: (PsuChannelState | undefined)[] = [];
    while (remainingS > 0) {
      const dtS = steps < MAX_FINE_STEPS ? Math.min(remainingS, MAX_STEP_S) : remainingS;
      remainingS -= dtS;
      steps++;
      const idle = isPaired(this.#coupling) ? COUPLED_CHANNELS[1] - 1 : -1;
      const current = this.#channels;
      if (current.every((state, i) => i === idle || settled[i] === state)) break;
      this.#channels = current.map((state, i) => {
        // A paired CH2 is not an output of its own: CH1's state is the combined output.
        if (i === idle || settled[i] === state) return state;
        const { state: next, tripped } = stepChannel(state, dtS);
        if (tripped) this.#emitTrip(i + 1, tripped, state, nowMs);
        else if (next.outputVoltageV === state.outputVoltageV) {
          settled[i] = state;
          return state;
        }
        return next;
      });
    }
  }

  #emitTrip(channel: number, trip: 'ovp' | 'ocp', before: PsuChannelState, nowMs: number): void {
    const what =
      trip === 'ovp'
        ? `over-voltage (OVP ${before.ovpLevelV} V)`
        : `over-current (OCP ${before.ocpLevelA} A)`;
    this.#events.emit({
      equipmentId: this.id,
      level: 'alarm',
      kind: 'protection_trip',
      channel,
      message: `CH${channel} output turned off: ${what}`,
      details: { trip },
      timestampMs: nowMs,
    });
  }

  #emitClear(channel: number, trip: 'ovp' | 'ocp'): void {
    this.#events.emit(protectionClearedEvent(this.id, channel, trip, this.#lastUpdateMs));
  }
}
