/**
 * The physics behind an emulated oscilloscope: each input's configured signal (the simulator's synthesis,
 * src-main/instruments/scope/synthesize.ts), the instrument's vertical offset and scale in front of an ADC
 * that covers ±5 divisions, and the simulator's edge trigger. The emulators differ in their command sets
 * and formats; what they digitise comes from here, so a record read over SCPI shows the configured signal.
 *
 * Samples come out as the ADC sees them: signal + offset, clipped to ±5 divisions. The emulators encode
 * them with their preamble (byte = yreference + sample / yincrement) and a driver decodes them back.
 */
import {
  acquireRecord,
  type Coupling,
  createNoiseTable,
  createRandom,
  defaultScopeSettings,
  HORIZONTAL_DIVISIONS,
  type NoiseTable,
  type Random,
  type ScopeRecord,
  type SignalShape,
  type TriggerMode,
  type TriggerSlope,
} from '../../instruments/index.js';

/** Divisions either side of the screen centre the ADC covers (the simulator's VERTICAL_HALF_DIVISIONS). */
export const ADC_HALF_DIVISIONS = 5;

/** The signal wired to one input (what the emulator's user configures; not settable over SCPI). */
export interface InputSignal {
  shape: SignalShape;
  frequencyHz: number;
  amplitudeVpp: number;
  /** The signal's own DC level, V. */
  dcV: number;
  dutyPercent: number;
  noiseVrms: number;
}

/** One channel's front-end settings, as the instrument's commands set them. */
export interface FrontEndChannel {
  enabled: boolean;
  voltsPerDiv: number;
  /** Added to the signal before the ADC, V (Rigol's sign: the trace moves up by the offset). */
  offsetV: number;
  coupling: Coupling;
}

export interface FrontEndTrigger {
  /** 1-based source channel. */
  source: number;
  levelV: number;
  slope: TriggerSlope;
  mode: TriggerMode;
  /** Time after a trigger before the trigger arms again, s (default 0). */
  holdoffS?: number;
}

export interface FrontEndAcquisition {
  /** Every channel that was on, samples as the ADC saw them (signal + offset, clipped), V. */
  record: ScopeRecord;
  /** Emulated time of the first sample, s. */
  startTimeS: number;
}

/** The simulator's demo signals: CH1 1 kHz sine 2 Vpp, CH2 1 kHz square 1 Vpp, CH3 500 Hz triangle, CH4 2 kHz pulse. */
export function defaultInputSignals(): InputSignal[] {
  return defaultScopeSettings().channels.map((ch) => ({
    shape: ch.signal,
    frequencyHz: ch.frequencyHz,
    amplitudeVpp: ch.amplitudeVpp,
    dcV: ch.dcLevelV,
    dutyPercent: ch.dutyPercent,
    noiseVrms: ch.noiseVrms,
  }));
}

export class ScopeFrontEnd {
  readonly #random: Random;
  readonly #noise: NoiseTable;
  readonly #signals: InputSignal[];

  constructor(signals: readonly InputSignal[], seed: number) {
    this.#signals = signals.map((s) => ({ ...s }));
    this.#random = createRandom(seed);
    this.#noise = createNoiseTable(this.#random);
  }

  get channelCount(): number {
    return this.#signals.length;
  }

  /**
   * Acquires `points` samples of every enabled channel over `windowS`, the trigger at `triggerFraction` of
   * the window, the window ending by emulated time `endTimeS`. Undefined when no trigger was found and the
   * mode waits for one.
   */
  acquire(
    channels: readonly FrontEndChannel[],
    trigger: FrontEndTrigger,
    points: number,
    windowS: number,
    triggerFraction: number,
    endTimeS: number,
  ): FrontEndAcquisition | undefined {
    const source = channels[trigger.source - 1]!;
    const acquisition = acquireRecord(
      {
        channels: channels.map((ch, i) => {
          const signal = this.#signals[i]!;
          return {
            enabled: ch.enabled,
            shape: signal.shape,
            frequencyHz: signal.frequencyHz,
            amplitudeVpp: signal.amplitudeVpp,
            offsetV: signal.dcV + ch.offsetV,
            dutyPercent: signal.dutyPercent,
            noiseVrms: signal.noiseVrms,
            coupling: ch.coupling,
            fullScaleV: ADC_HALF_DIVISIONS * ch.voltsPerDiv,
          };
        }),
        // acquireRecord spans 10 divisions of its timebase; the emulated screen may have another count.
        timebaseSPerDiv: windowS / HORIZONTAL_DIVISIONS,
        recordLength: points,
        trigger: {
          sourceIndex: trigger.source - 1,
          // The comparator sees the offset signal too, so the level moves with it.
          levelV: trigger.levelV + source.offsetV,
          slope: trigger.slope,
          hysteresisV: 0.1 * source.voltsPerDiv,
          mode: trigger.mode,
          position: Math.min(1, Math.max(0, triggerFraction)),
          holdoffS: trigger.holdoffS ?? 0,
        },
      },
      endTimeS,
      this.#noise,
      this.#random,
    );
    return acquisition;
  }
}

/**
 * Encodes ADC samples as unsigned bytes: code = yreference + sample / yincrement, rounded and clipped to
 * 0..255, as the instrument's 8-bit converter does.
 */
export function encodeBytes(
  samples: Float32Array,
  yIncrementV: number,
  yReference: number,
  from = 0,
  to = samples.length,
): Uint8Array {
  const out = new Uint8Array(Math.max(0, to - from));
  const scale = 1 / yIncrementV;
  for (let i = from; i < to; i++) {
    const code = Math.round(yReference + samples[i]! * scale);
    out[i - from] = code < 0 ? 0 : code > 255 ? 255 : code;
  }
  return out;
}
