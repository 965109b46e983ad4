/**
 * What an emulated InfiniiVision X holds: settings as the commands set them, run control and the
 * acquisition behind `:WAV:DATA?`. Running, each read takes a fresh acquisition of the requested points;
 * `:STOP`, `:SING` (once triggered) and `:DIGitize` freeze a 62,500-point measurement record, which reads
 * then return decimated to `:WAV:POIN`. Offsets are Keysight's: the voltage at the screen centre.
 */
import type { Clock } from '../../util/index.js';
import {
  INFINIIVISION_HORIZONTAL_DIVISIONS,
  INFINIIVISION_SCREEN_POINTS,
  type InfiniiVisionModel,
  type TriggerMode,
} from '../../instruments/index.js';
import {
  ScopeFrontEnd,
  type FrontEndAcquisition,
  type FrontEndChannel,
  type InputSignal,
} from '../scope/ScopeFrontEnd.js';

export interface DsoxChannel {
  enabled: boolean;
  voltsPerDiv: number;
  /** Voltage at the screen centre, V (Keysight's sign). */
  centreV: number;
  coupling: 'dc' | 'ac';
}

/** The shortest trigger holdoff (and the default), s; the longest is 10 s. */
export const DSOX_MIN_HOLDOFF_S = 40e-9;
export const DSOX_MAX_HOLDOFF_S = 10;

export class DsoxState {
  readonly model: InfiniiVisionModel;
  readonly #frontEnd: ScopeFrontEnd;
  readonly #clock: Clock;
  readonly #originMs: number;
  channels: DsoxChannel[];
  timebaseS = 1e-4;
  positionS = 0;
  triggerSource = 1;
  triggerLevelV = 0;
  triggerSlope: 'POS' | 'NEG' = 'POS';
  /** `:TRIGger:HOLDoff`, s (40 ns to 10 s, default 40 ns). */
  triggerHoldoffS = DSOX_MIN_HOLDOFF_S;
  sweep: 'AUTO' | 'NORM' = 'AUTO';
  running = true;
  /** Single armed: the next trigger freezes a record and stops. */
  singleArmed = false;
  /** `:TER?`: a trigger happened since it was last read. */
  triggerEvent = false;
  #held: FrontEndAcquisition | undefined;

  constructor(model: InfiniiVisionModel, signals: readonly InputSignal[], seed: number, clock: Clock) {
    this.model = model;
    this.#frontEnd = new ScopeFrontEnd(signals.slice(0, model.channels), seed);
    this.#clock = clock;
    this.#originMs = clock.nowMs();
    this.channels = [];
    this.reset();
  }

  /** `*RST`: CH1 and CH2 on at 1 V/div, 100 µs/div, auto sweep on CH1 at 0 V, running. */
  reset(): void {
    this.channels = Array.from({ length: this.model.channels }, (_, i) => ({
      enabled: i < 2,
      voltsPerDiv: 1,
      centreV: 0,
      coupling: 'dc' as const,
    }));
    this.timebaseS = 1e-4;
    this.positionS = 0;
    this.triggerSource = 1;
    this.triggerLevelV = 0;
    this.triggerSlope = 'POS';
    this.triggerHoldoffS = DSOX_MIN_HOLDOFF_S;
    this.sweep = 'AUTO';
    this.running = true;
    this.singleArmed = false;
    this.triggerEvent = false;
    this.#held = undefined;
  }

  get sampleRateHz(): number {
    return INFINIIVISION_SCREEN_POINTS / (INFINIIVISION_HORIZONTAL_DIVISIONS * this.timebaseS);
  }

  /** Bit 3 (8) of `:OPER:COND?`: acquiring (running, or single armed). */
  get operationCondition(): number {
    this.#pollSingle();
    return this.running ? 8 : 0;
  }

  run(): void {
    this.running = true;
    this.singleArmed = false;
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.singleArmed = false;
    const capture = this.#acquire(INFINIIVISION_SCREEN_POINTS, this.#mode());
    if (capture) this.#held = capture;
  }

  single(): void {
    this.running = true;
    this.singleArmed = true;
  }

  /** `:DIGitize`: one acquisition now (auto mode takes an untriggered one), then stopped. */
  digitize(): void {
    this.running = false;
    this.singleArmed = false;
    const capture = this.#acquire(INFINIIVISION_SCREEN_POINTS, this.#mode());
    if (capture) this.#held = capture;
  }

  readTriggerEvent(): boolean {
    if (this.running && !this.singleArmed) this.#acquire(1_000, this.#mode());
    this.#pollSingle();
    const event = this.triggerEvent;
    this.triggerEvent = false;
    return event;
  }

  /**
   * The record a read returns, `points` long: running, a fresh acquisition; stopped, the frozen one
   * decimated. Undefined when there is none.
   */
  record(points: number): { acquisition: FrontEndAcquisition; stride: number } | undefined {
    this.#pollSingle();
    if (this.running) {
      const fresh = this.#acquire(points, this.#mode());
      return fresh && { acquisition: fresh, stride: 1 };
    }
    return this.#held && { acquisition: this.#held, stride: INFINIIVISION_SCREEN_POINTS / points };
  }

  #pollSingle(): void {
    if (!this.singleArmed) return;
    const capture = this.#acquire(INFINIIVISION_SCREEN_POINTS, 'single');
    if (!capture) return;
    this.#held = capture;
    this.running = false;
    this.singleArmed = false;
  }

  #mode(): TriggerMode {
    return this.sweep === 'AUTO' ? 'auto' : 'normal';
  }

  #acquire(points: number, mode: TriggerMode): FrontEndAcquisition | undefined {
    const frontEnd: FrontEndChannel[] = this.channels.map((ch) => ({
      enabled: ch.enabled,
      voltsPerDiv: ch.voltsPerDiv,
      offsetV: -ch.centreV,
      coupling: ch.coupling,
    }));
    const capture = this.#frontEnd.acquire(
      frontEnd,
      {
        source: this.triggerSource,
        levelV: this.triggerLevelV,
        slope: this.triggerSlope === 'NEG' ? 'falling' : 'rising',
        mode,
        holdoffS: this.triggerHoldoffS,
      },
      points,
      INFINIIVISION_HORIZONTAL_DIVISIONS * this.timebaseS,
      0.5 - this.positionS / (INFINIIVISION_HORIZONTAL_DIVISIONS * this.timebaseS),
      (this.#clock.nowMs() - this.#originMs) / 1000,
    );
    if (capture?.record.triggered) this.triggerEvent = true;
    return capture;
  }
}
