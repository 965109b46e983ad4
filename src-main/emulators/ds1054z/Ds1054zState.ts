/**
 * What an emulated DS1000Z holds: its settings as the commands set them, run control, and the acquisition
 * behind the screen and the deep memory. Commands (ds1054zCommands.ts) read and change it; the physics is
 * the shared front end (../scope/ScopeFrontEnd.ts).
 *
 * Acquisition, as on the instrument:
 * - running, each screen read (NORMal mode) shows a fresh 1,200-point acquisition of the 12 divisions;
 * - `:STOP` freezes a record of the memory depth (`:ACQ:MDEP`), which the screen then shows decimated to
 *   1,200 points and which RAW mode reads in windows;
 * - `:SING` arms one capture: the first trigger found freezes it (the scope stops).
 * The emulator's record always spans the 12 screen divisions: sample rate = depth / (12 · timebase).
 */
import type { Clock } from '../../util/index.js';
import {
  DS1000Z_HORIZONTAL_DIVISIONS,
  DS1000Z_SCREEN_POINTS,
  ds1000zMemoryDepths,
  type Ds1000zModel,
  nearestStep,
  type TriggerMode,
  type TriggerSlope,
} from '../../instruments/index.js';
import {
  ScopeFrontEnd,
  type FrontEndAcquisition,
  type FrontEndChannel,
  type InputSignal,
} from '../scope/ScopeFrontEnd.js';

export type Ds1000zSweep = 'AUTO' | 'NORM' | 'SING';
export type Ds1000zTriggerStatus = 'TD' | 'WAIT' | 'RUN' | 'AUTO' | 'STOP';

export interface Ds1000zChannel extends FrontEndChannel {
  probe: number;
}

/** A frozen capture: the memory record, read lazily in windows. */
export interface HeldCapture {
  acquisition: FrontEndAcquisition;
  /** Points in the record (the memory depth it was taken with). */
  points: number;
  /** Seconds per division when it was taken (the preamble describes the record, not later settings). */
  timebaseS: number;
}

/** The shortest trigger holdoff (and the default), s; the longest is 10 s. */
export const DS1054Z_MIN_HOLDOFF_S = 16e-9;
export const DS1054Z_MAX_HOLDOFF_S = 10;

export class Ds1054zState {
  readonly model: Ds1000zModel;
  readonly #frontEnd: ScopeFrontEnd;
  readonly #clock: Clock;
  readonly #originMs: number;
  channels: Ds1000zChannel[];
  timebaseS = 1e-3;
  timebaseOffsetS = 0;
  triggerSource = 1;
  triggerLevelV = 0;
  triggerSlope: 'POS' | 'NEG' | 'RFAL' = 'POS';
  /** `:TRIGger:HOLDoff`, s (the guide: 16 ns to 10 s, default 16 ns). */
  triggerHoldoffS = DS1054Z_MIN_HOLDOFF_S;
  sweep: Ds1000zSweep = 'AUTO';
  /** `undefined` is AUTO. */
  memoryDepth: number | undefined;
  running = true;
  #held: HeldCapture | undefined;
  #screen: FrontEndAcquisition | undefined;
  #lastTriggered = false;

  constructor(model: Ds1000zModel, signals: readonly InputSignal[], seed: number, clock: Clock) {
    this.model = model;
    this.#frontEnd = new ScopeFrontEnd(signals.slice(0, model.channels), seed);
    this.#clock = clock;
    this.#originMs = clock.nowMs();
    this.channels = [];
    this.reset();
  }

  /** `*RST`: CH1 on at 1 V/div, 1 ms/div, auto sweep on CH1 at 0 V, running, AUTO depth. */
  reset(): void {
    this.channels = Array.from({ length: this.model.channels }, (_, i) => ({
      enabled: i === 0,
      voltsPerDiv: 1,
      offsetV: 0,
      coupling: 'dc' as const,
      probe: 1,
    }));
    this.timebaseS = 1e-3;
    this.timebaseOffsetS = 0;
    this.triggerSource = 1;
    this.triggerLevelV = 0;
    this.triggerSlope = 'POS';
    this.triggerHoldoffS = DS1054Z_MIN_HOLDOFF_S;
    this.sweep = 'AUTO';
    this.memoryDepth = undefined;
    this.running = true;
    this.#held = undefined;
    this.#screen = undefined;
  }

  get enabledCount(): number {
    return this.channels.filter((c) => c.enabled).length;
  }

  /**
   * The memory depth in use: AUTO is the smallest depth for the channels on; a depth set with fewer
   * channels on becomes the nearest one the channels on now allow.
   */
  get depthPoints(): number {
    const depths = ds1000zMemoryDepths(this.enabledCount);
    return this.memoryDepth === undefined ? depths[0]! : nearestStep(depths, this.memoryDepth);
  }

  /** Sample rate of the memory record, Sa/s. */
  get sampleRateHz(): number {
    return this.depthPoints / (DS1000Z_HORIZONTAL_DIVISIONS * this.timebaseS);
  }

  get held(): HeldCapture | undefined {
    return this.#held;
  }

  /** `:TRIG:STAT?`: a single capture armed is looked for now. */
  triggerStatus(): Ds1000zTriggerStatus {
    if (this.running && this.sweep === 'SING') this.#trySingle();
    if (!this.running) return 'STOP';
    if (this.sweep === 'SING') return 'WAIT';
    const screen = this.#acquireScreen();
    if (this.sweep === 'AUTO') return screen?.record.triggered ? 'TD' : 'AUTO';
    return this.#lastTriggered ? 'TD' : 'WAIT';
  }

  run(): void {
    this.running = true;
    if (this.sweep === 'SING') this.sweep = 'AUTO';
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    const capture = this.#acquireDeep(this.#modeOf(this.sweep === 'SING' ? 'NORM' : this.sweep));
    if (capture) this.#held = capture;
  }

  single(): void {
    this.sweep = 'SING';
    this.running = true;
  }

  /** Settings changed: what was frozen no longer describes the screen's settings, but stays readable. */
  settingsChanged(): void {
    this.#screen = undefined;
  }

  /**
   * The screen record (NORMal mode): running, a fresh acquisition (or the last one in normal mode without
   * a trigger); stopped, the frozen record decimated to 1,200 points. Undefined when nothing was captured.
   */
  screenCapture(): { acquisition: FrontEndAcquisition; stride: number; timebaseS: number } | undefined {
    if (this.running && this.sweep === 'SING') this.#trySingle();
    if (this.running) {
      const screen = this.#acquireScreen();
      return screen && { acquisition: screen, stride: 1, timebaseS: this.timebaseS };
    }
    const held = this.#held;
    if (!held) return undefined;
    return {
      acquisition: held.acquisition,
      stride: held.points / DS1000Z_SCREEN_POINTS,
      timebaseS: held.timebaseS,
    };
  }

  #nowS(): number {
    return (this.#clock.nowMs() - this.#originMs) / 1000;
  }

  #modeOf(sweep: 'AUTO' | 'NORM'): TriggerMode {
    return sweep === 'AUTO' ? 'auto' : 'normal';
  }

  #triggerFraction(): number {
    return 0.5 - this.timebaseOffsetS / (DS1000Z_HORIZONTAL_DIVISIONS * this.timebaseS);
  }

  #slope(): TriggerSlope {
    return this.triggerSlope === 'NEG' ? 'falling' : 'rising';
  }

  #acquire(points: number, mode: TriggerMode): FrontEndAcquisition | undefined {
    return this.#frontEnd.acquire(
      this.channels,
      {
        source: this.triggerSource,
        levelV: this.triggerLevelV,
        slope: this.#slope(),
        mode,
        holdoffS: this.triggerHoldoffS,
      },
      points,
      DS1000Z_HORIZONTAL_DIVISIONS * this.timebaseS,
      this.#triggerFraction(),
      this.#nowS(),
    );
  }

  #acquireScreen(): FrontEndAcquisition | undefined {
    const mode = this.#modeOf(this.sweep === 'SING' ? 'NORM' : this.sweep);
    const screen = this.#acquire(DS1000Z_SCREEN_POINTS, mode);
    this.#lastTriggered = screen?.record.triggered ?? false;
    if (screen) this.#screen = screen;
    return this.#screen;
  }

  #acquireDeep(mode: TriggerMode): HeldCapture | undefined {
    const points = this.depthPoints;
    const acquisition = this.#acquire(points, mode);
    return acquisition && { acquisition, points, timebaseS: this.timebaseS };
  }

  #trySingle(): void {
    const capture = this.#acquireDeep('single');
    if (!capture) return;
    this.#held = capture;
    this.running = false;
  }
}
