/**
 * One alarm's judgement, sample by sample: no timers and no I/O, time handed in by the caller (the engine's
 * injected clock), so hold-off, band, rate and clearing are tested directly.
 *
 * Rules (docs/ARCHITECTURE.md, "Alarms"):
 * - The condition must hold on every sample for `holdoff_ms`; the first sample at which it has held that
 *   long raises the alarm (so a raise comes at most one sample period after the hold-off ran out). A sample
 *   on which it does not hold starts the hold-off afresh.
 * - A raised alarm clears when the value is back inside the limit by the hysteresis (default 0: as soon as
 *   the condition ends). Clearing resets the acknowledgement.
 * - Acknowledging does not clear: a raised, acknowledged alarm stays raised (and is not raised again) until
 *   it clears; after clearing it is raised again, unacknowledged, when the condition holds for the hold-off.
 * - A sample without the field (a timing measurement the record cannot support) changes nothing.
 */
import type { AlarmCondition, AlarmPhase } from '../../shared/protocol/index.js';

export type AlarmTransition = 'raised' | 'cleared' | 'pending' | 'normal';

export interface EvaluatorState {
  phase: AlarmPhase;
  /** Epoch ms the phase began. */
  sinceMs: number | undefined;
  /** The value judged last (a rate, unit/s, for rate conditions). */
  value: number | undefined;
  /** The value when the alarm was last raised. */
  raisedValue: number | undefined;
  acked: boolean;
  ackedMs: number | undefined;
  raiseCount: number;
}

interface Point {
  timeMs: number;
  value: number;
}

export class AlarmEvaluator {
  readonly #condition: AlarmCondition;
  readonly #holdoffMs: number;
  /** Rate conditions: the samples within the window, and the newest one before it (the anchor). */
  readonly #history: Point[] = [];
  #state: EvaluatorState = {
    phase: 'normal',
    sinceMs: undefined,
    value: undefined,
    raisedValue: undefined,
    acked: false,
    ackedMs: undefined,
    raiseCount: 0,
  };

  constructor(condition: AlarmCondition, holdoffMs: number) {
    this.#condition = condition;
    this.#holdoffMs = holdoffMs;
  }

  get state(): Readonly<EvaluatorState> {
    return this.#state;
  }

  /**
   * Judges one sample of the watched field taken at `nowMs`; returns the phase change it caused, if any.
   * `value` undefined: the sample lacks the field, and nothing changes.
   */
  sample(value: number | undefined, nowMs: number): AlarmTransition | undefined {
    if (value === undefined || !Number.isFinite(value)) return undefined;
    const judged = this.#judgedValue(value, nowMs);
    if (judged === undefined) return undefined;
    const state = this.#state;
    state.value = judged;
    switch (state.phase) {
      case 'normal':
        if (!this.#holds(judged)) return undefined;
        if (this.#holdoffMs === 0) return this.#raise(judged, nowMs);
        this.#enter('pending', nowMs);
        return 'pending';
      case 'pending':
        if (!this.#holds(judged)) {
          this.#enter('normal', nowMs);
          return 'normal';
        }
        return nowMs - state.sinceMs! >= this.#holdoffMs ? this.#raise(judged, nowMs) : undefined;
      case 'raised':
        if (!this.#cleared(judged)) return undefined;
        this.#enter('normal', nowMs);
        state.acked = false;
        state.ackedMs = undefined;
        return 'cleared';
    }
  }

  /** A person saw the raised alarm. Returns false (and changes nothing) when it is not raised. */
  acknowledge(nowMs: number): boolean {
    if (this.#state.phase !== 'raised') return false;
    this.#state.acked = true;
    this.#state.ackedMs = nowMs;
    return true;
  }

  #raise(value: number, nowMs: number): AlarmTransition {
    this.#enter('raised', nowMs);
    this.#state.raisedValue = value;
    this.#state.acked = false;
    this.#state.ackedMs = undefined;
    this.#state.raiseCount++;
    return 'raised';
  }

  #enter(phase: AlarmPhase, nowMs: number): void {
    this.#state.phase = phase;
    this.#state.sinceMs = nowMs;
  }

  /** The value the condition is judged on: the sample itself, or for a rate its change per second. */
  #judgedValue(value: number, nowMs: number): number | undefined {
    if (this.#condition.kind !== 'rate') return value;
    const windowMs = this.#condition.window_s * 1000;
    const history = this.#history;
    history.push({ timeMs: nowMs, value });
    // Keep one point at or before the window's start: the rate is measured over the whole window.
    while (history.length > 2 && history[1]!.timeMs <= nowMs - windowMs) history.shift();
    const anchor = history[0]!;
    if (anchor.timeMs > nowMs - windowMs || anchor.timeMs === nowMs) return undefined;
    return ((value - anchor.value) * 1000) / (nowMs - anchor.timeMs);
  }

  #holds(v: number): boolean {
    const c = this.#condition;
    switch (c.kind) {
      case 'above':
        return v > c.limit;
      case 'below':
        return v < c.limit;
      case 'outside':
        return v < c.low || v > c.high;
      case 'rate':
        return directed(v, c.direction) > c.limit_per_s;
    }
  }

  /** Back inside the limit by the hysteresis. */
  #cleared(v: number): boolean {
    const c = this.#condition;
    const h = c.hysteresis ?? 0;
    switch (c.kind) {
      case 'above':
        return v <= c.limit - h;
      case 'below':
        return v >= c.limit + h;
      case 'outside':
        return v >= c.low + h && v <= c.high - h;
      case 'rate':
        return directed(v, c.direction) <= c.limit_per_s - h;
    }
  }
}

/** A rate as the condition reads it: rising ones positive, falling ones positive, or either's size. */
function directed(ratePerS: number, direction: 'rising' | 'falling' | 'either' | undefined): number {
  if (direction === 'rising') return ratePerS;
  if (direction === 'falling') return -ratePerS;
  return Math.abs(ratePerS);
}
