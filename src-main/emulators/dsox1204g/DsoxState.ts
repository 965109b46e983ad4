/**
 * What an emulated InfiniiVision X holds: settings as the commands set them, run control and the
 * acquisition behind `:WAV:DATA?`. Running, each read takes a fresh acquisition of the requested points;
 * `:STOP`, `:SING` (once triggered) and `:DIGitize` freeze a 62,500-point measurement record, which reads
 * then return decimated to `:WAV:POIN`. Offsets are Keysight's: the voltage at the screen centre.
 *
 * Stopped, the scope also holds the raw acquisition record (`:WAV:POIN:MODE RAW`): the model's memory per
 * channel, halved for each channel whose pair partner is on, spanning the same 10 divisions. It exists
 * only once stopped, as the guide says; running, RAW reads get the measurement record. It is synthesized
 * from the frozen moment when first read, so a streaming driver's stop/run per read costs no deep record.
 */
import type { Clock } from '../../util/index.js';
import {
  INFINIIVISION_HORIZONTAL_DIVISIONS,
  INFINIIVISION_SCREEN_POINTS,
  infiniivisionRawPoints,
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

interface AcquisitionInputs {
  channels: FrontEndChannel[];
  source: number;
  levelV: number;
  slope: 'rising' | 'falling';
  holdoffS: number;
  windowS: number;
  triggerFraction: number;
}

/** The raw record of a stopped scope: what to synthesize, and (once read) the record itself. */
interface RawCapture {
  points: number;
  timebaseS: number;
  synthesize(): FrontEndAcquisition | undefined;
  acquisition?: FrontEndAcquisition;
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
  #raw: RawCapture | undefined;

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
    this.#raw = undefined;
  }

  /**
   * `:ACQ:POIN?`: the raw record's points — the one held once stopped, else what the next acquisition
   * will take with the channels on now.
   */
  get acquiredPoints(): number {
    this.#pollSingle();
    if (!this.running && this.#raw) return this.#raw.points;
    return infiniivisionRawPoints(
      this.model,
      this.channels.map((c) => c.enabled),
    );
  }

  /** `:ACQ:SRAT?`: the raw record's sample rate, Sa/s (its points over the 10 divisions). */
  get sampleRateHz(): number {
    const timebaseS = !this.running && this.#raw ? this.#raw.timebaseS : this.timebaseS;
    return this.acquiredPoints / (INFINIIVISION_HORIZONTAL_DIVISIONS * timebaseS);
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
    this.#freeze(this.#mode());
  }

  single(): void {
    this.running = true;
    this.singleArmed = true;
  }

  /** `:DIGitize`: one acquisition now (auto mode takes an untriggered one), then stopped. */
  digitize(): void {
    this.running = false;
    this.singleArmed = false;
    this.#freeze(this.#mode());
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

  /** Points of the raw record a stopped scope holds; undefined while running or with none. */
  get rawPoints(): number | undefined {
    this.#pollSingle();
    return this.running ? undefined : this.#raw?.points;
  }

  /** The stopped scope's raw record, `points` long (1 of n decimated when fewer than it holds). */
  rawRecord(points: number): { acquisition: FrontEndAcquisition; stride: number } | undefined {
    const raw = this.rawPoints === undefined ? undefined : this.#raw!;
    if (!raw) return undefined;
    raw.acquisition ??= raw.synthesize();
    return raw.acquisition && { acquisition: raw.acquisition, stride: raw.points / points };
  }

  /** Seconds per division of the record reads return: the frozen record's once stopped. */
  get recordTimebaseS(): number {
    return !this.running && this.#raw ? this.#raw.timebaseS : this.timebaseS;
  }

  #pollSingle(): void {
    if (!this.singleArmed) return;
    if (!this.#freeze('single')) return;
    this.running = false;
    this.singleArmed = false;
  }

  /**
   * Freezes the acquisition of this moment: the measurement record now, the raw record (same moment,
   * same settings, the model's depth) when first read. False when no trigger was found (single).
   */
  #freeze(mode: TriggerMode): boolean {
    const capture = this.#acquire(INFINIIVISION_SCREEN_POINTS, mode);
    if (!capture) return false;
    this.#held = capture;
    const points = infiniivisionRawPoints(
      this.model,
      this.channels.map((c) => c.enabled),
    );
    const endTimeS = this.#nowS();
    const frozen = this.#inputs();
    // The measurement record found its trigger; the raw one of the same moment is taken as it was.
    const rawMode: TriggerMode = mode === 'single' ? 'auto' : mode;
    this.#raw = {
      points,
      timebaseS: this.timebaseS,
      synthesize: () => this.#acquireWith(frozen, points, rawMode, endTimeS),
    };
    return true;
  }

  #mode(): TriggerMode {
    return this.sweep === 'AUTO' ? 'auto' : 'normal';
  }

  #acquire(points: number, mode: TriggerMode): FrontEndAcquisition | undefined {
    const capture = this.#acquireWith(this.#inputs(), points, mode, this.#nowS());
    if (capture?.record.triggered) this.triggerEvent = true;
    return capture;
  }

  #nowS(): number {
    return (this.#clock.nowMs() - this.#originMs) / 1000;
  }

  /** The settings an acquisition is taken with, copied (a frozen record keeps its own). */
  #inputs(): AcquisitionInputs {
    return {
      channels: this.channels.map((ch) => ({
        enabled: ch.enabled,
        voltsPerDiv: ch.voltsPerDiv,
        offsetV: -ch.centreV,
        coupling: ch.coupling,
      })),
      source: this.triggerSource,
      levelV: this.triggerLevelV,
      slope: this.triggerSlope === 'NEG' ? 'falling' : 'rising',
      holdoffS: this.triggerHoldoffS,
      windowS: INFINIIVISION_HORIZONTAL_DIVISIONS * this.timebaseS,
      triggerFraction: 0.5 - this.positionS / (INFINIIVISION_HORIZONTAL_DIVISIONS * this.timebaseS),
    };
  }

  #acquireWith(
    inputs: AcquisitionInputs,
    points: number,
    mode: TriggerMode,
    endTimeS: number,
  ): FrontEndAcquisition | undefined {
    const { channels, source, levelV, slope, holdoffS, windowS, triggerFraction } = inputs;
    return this.#frontEnd.acquire(
      channels,
      { source, levelV, slope, mode, holdoffS },
      points,
      windowS,
      triggerFraction,
      endTimeS,
    );
  }
}
