/**
 * Turns polled protection status into events: a trip is reported once, when it is first seen latched,
 * not on every poll while it stays latched; a clear (by us or at the front panel) re-arms the report.
 */
import type { Clock } from '../../util/index.js';
import type { InstrumentEvent } from '../InstrumentDriver.js';
import { protectionClearedEvent } from '../protectionEvents.js';

export type Trip = 'ovp' | 'ocp';

export class TripTracker {
  readonly #id: string;
  readonly #emit: (event: InstrumentEvent) => void;
  readonly #clock: Clock;
  readonly #latched = new Map<number, Trip>();

  constructor(id: string, emit: (event: InstrumentEvent) => void, clock: Clock) {
    this.#id = id;
    this.#emit = emit;
    this.#clock = clock;
  }

  /** Forgets what was seen (a new session reports a trip that is still latched once more). */
  reset(): void {
    this.#latched.clear();
  }

  /** Records what a poll found on `channel`; returns it as `ovp`, `ocp` or `none`. */
  observe(channel: number, trip: Trip | undefined): Trip | 'none' {
    if (trip === undefined) {
      this.#latched.delete(channel);
      return 'none';
    }
    if (this.#latched.get(channel) !== trip) {
      this.#latched.set(channel, trip);
      const what = trip === 'ovp' ? 'over-voltage protection' : 'over-current protection';
      this.#emit({
        equipmentId: this.#id,
        level: 'alarm',
        kind: 'protection_trip',
        channel,
        message: `CH${channel} output turned off: ${what} tripped`,
        details: { trip },
        timestampMs: this.#clock.nowMs(),
      });
    }
    return trip;
  }

  /** The trip on `channel` was cleared (by us); `trip` is what was latched before, reported as cleared. */
  cleared(channel: number, trip: string | undefined): void {
    this.#latched.delete(channel);
    if (trip === 'ovp' || trip === 'ocp') {
      this.#emit(protectionClearedEvent(this.#id, channel, trip, this.#clock.nowMs()));
    }
  }
}
