/**
 * The simulated oscilloscope's own acquisition source (SimOscilloscope.captureSource): a continuous digitiser per channel at the capture's
 * own sample rate (independent of the display timebase and record length), synthesizing each block from the
 * channel's current settings with the same pure functions as the scope's records (scope/synthesize.ts). The
 * phase is carried from block to block, so the stream is seamless; settings are re-read every
 * SETTINGS_REFRESH_MS without blocking, and a change (say, frequency) applies from the next block on,
 * phase-continuous. Each channel's signal starts at phase 0 at the capture's first sample, which makes a
 * noise-free capture exactly predictable (tests rely on it). Channels are captured whether or not they are
 * shown on the scope's display.
 */
import {
  MAX_SAMPLE_RATE_HZ,
  type AcquisitionChannel,
  type CaptureHost,
  type SampleGenerator,
  settingsSnapshot,
  type StreamCaptureSource,
} from '../../acquisition/index.js';
import type { ParameterValue } from '../InstrumentDriver.js';
import { createNoiseTable, noiseSeed, type NoiseTable } from '../sim/noise.js';
import { createRandom, type Random } from '../sim/random.js';
import { VERTICAL_HALF_DIVISIONS } from './scopeSettings.js';
import { COUPLINGS, SIGNAL_SHAPES, synthesize, type SignalSpec } from './synthesize.js';

/** How often a running capture re-reads the scope's settings, ms. */
export const SETTINGS_REFRESH_MS = 200;

/** Reads a channel's settings (as `get_parameters` reports them) into a synthesis spec. */
export function signalSpecOf(
  channel: string,
  settings: Record<string, ParameterValue> | undefined,
): SignalSpec {
  const number = (name: string): number => {
    const value = settings?.[name];
    if (typeof value !== 'number') throw new Error(`${channel} setting "${name}" is not a number`);
    return value;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[]): T => {
    const value = settings?.[name];
    if (!allowed.includes(value as T))
      throw new Error(`${channel} setting "${name}" is not one of ${allowed.join(', ')}`);
    return value as T;
  };
  return {
    shape: choice('signal', SIGNAL_SHAPES),
    frequencyHz: number('frequency'),
    amplitudeVpp: number('amplitude'),
    offsetV: number('dc_level'),
    dutyPercent: number('duty_cycle'),
    noiseVrms: number('noise'),
    coupling: choice('coupling', COUPLINGS),
    fullScaleV: VERTICAL_HALF_DIVISIONS * number('volts_per_div'),
    adcCentreV: -number('offset'),
  };
}

/** The simulated scope's channels as a continuous digitiser (see the file comment). */
export class SimScopeCaptureSource implements StreamCaptureSource {
  readonly pacing = 'stream';
  readonly equipmentId: string;
  readonly channels: readonly AcquisitionChannel[];
  readonly maxSampleRateHz = MAX_SAMPLE_RATE_HZ;
  readonly #driver: CaptureHost;
  readonly #random: Random;
  #noise: NoiseTable | undefined;

  /** @param seed seeds the capture's noise (the simulator's own seed: a seeded bench captures the same). */
  constructor(driver: CaptureHost, seed: number) {
    this.#driver = driver;
    this.equipmentId = driver.id;
    this.channels = driver.capabilities().channels.map((c) => ({ name: c.name, unit: c.unit }));
    this.#random = createRandom(seed);
  }

  settings(): Promise<Record<string, unknown>> {
    return settingsSnapshot(this.#driver);
  }

  open(channels: readonly string[], sampleRateHz: number): SampleGenerator {
    // One noise table per source (a few ms to build), shared by its captures; each block draws new seeds.
    this.#noise ??= createNoiseTable(this.#random);
    const numbers = channels.map((name) => this.channels.findIndex((c) => c.name === name) + 1);
    return new ScopeGenerator(this.#driver, channels, numbers, sampleRateHz, this.#noise, this.#random);
  }
}

class ScopeGenerator implements SampleGenerator {
  readonly #driver: CaptureHost;
  readonly #names: readonly string[];
  readonly #numbers: readonly number[];
  readonly #rateHz: number;
  readonly #noise: NoiseTable;
  readonly #random: Random;
  #specs: SignalSpec[] | undefined;
  /** Each channel's phase at the next sample, cycles in [0, 1). */
  readonly #phase: number[];
  #nextTimeMs: number | undefined;
  #lastRefreshMs = Number.NEGATIVE_INFINITY;
  #refreshing = false;
  #refreshError: Error | undefined;

  constructor(
    driver: CaptureHost,
    names: readonly string[],
    numbers: readonly number[],
    rateHz: number,
    noise: NoiseTable,
    random: Random,
  ) {
    this.#driver = driver;
    this.#names = names;
    this.#numbers = numbers;
    this.#rateHz = rateHz;
    this.#noise = noise;
    this.#random = random;
    this.#phase = names.map(() => 0);
  }

  async generate(count: number, firstTimeMs: number, out: readonly Float32Array[]): Promise<void> {
    const failed = this.#refreshError;
    if (failed !== undefined) {
      // Reported once; the next block re-reads the settings first (they may have changed during an outage).
      this.#refreshError = undefined;
      this.#specs = undefined;
      throw failed;
    }
    if (this.#specs === undefined) {
      this.#lastRefreshMs = firstTimeMs;
      await this.#refresh();
    } else if (firstTimeMs - this.#lastRefreshMs >= SETTINGS_REFRESH_MS && !this.#refreshing) {
      this.#lastRefreshMs = firstTimeMs;
      void this.#refresh();
    }
    const specs = this.#specs!;
    // After a pause the signal has moved on in the meantime: advance each phase by the time skipped. Only
    // a gap of over half a sample counts: epoch-ms doubles resolve 0.24 µs, and rounding is no pause.
    const gapS = this.#nextTimeMs === undefined ? 0 : (firstTimeMs - this.#nextTimeMs) / 1000;
    const paused = gapS > 0.5 / this.#rateHz;
    specs.forEach((spec, c) => {
      let phase = this.#phase[c]! + (paused ? spec.frequencyHz * gapS : 0);
      phase -= Math.floor(phase);
      synthesize(
        spec,
        out[c]!,
        0,
        count,
        { phase0Cycles: phase, sampleRateHz: this.#rateHz },
        this.#noise,
        noiseSeed(this.#random),
      );
      phase += (count * spec.frequencyHz) / this.#rateHz;
      this.#phase[c] = phase - Math.floor(phase);
    });
    this.#nextTimeMs = firstTimeMs + (count * 1000) / this.#rateHz;
  }

  async #refresh(): Promise<void> {
    this.#refreshing = true;
    try {
      const snapshot = await this.#driver.getParameters();
      this.#specs = this.#numbers.map((n, i) => signalSpecOf(this.#names[i]!, snapshot.channels[n]));
    } catch (err) {
      // The instrument failed: this block (or the next, for a refresh in the background) rejects, and the
      // capture stops or, for a lost link, waits for it; `cause` keeps the driver's error for that choice.
      const error = new Error(`${this.#driver.id} settings: ${(err as Error).message}`, { cause: err });
      if (this.#specs === undefined) throw error;
      this.#refreshError = error;
    } finally {
      this.#refreshing = false;
    }
  }
}
