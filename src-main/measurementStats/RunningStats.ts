/**
 * Running statistics of one measurement, one value at a time in constant memory: Welford's update of the
 * mean and the sum of squared deviations, which stays accurate where the textbook Σx² − (Σx)²/n loses every
 * digit (a 10 MHz frequency varying by 1 Hz: x² is 1e14, its variation 1e7 — below double precision's
 * resolution of the sums once a few thousand records are in). Values that are not finite, and records
 * where the measurement could not be made, are counted apart and never averaged.
 */
import type { MeasurementStatistics } from '../../shared/protocol/index.js';

export class RunningStats {
  #count = 0;
  #mean = 0;
  /** Sum of squared deviations from the running mean. */
  #m2 = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  #invalid = 0;
  #current: number | undefined;

  get count(): number {
    return this.#count;
  }

  get invalid(): number {
    return this.#invalid;
  }

  /** Takes one value; a value that is not finite counts as invalid. */
  add(value: number): void {
    if (!Number.isFinite(value)) return this.addInvalid();
    this.#count++;
    const delta = value - this.#mean;
    this.#mean += delta / this.#count;
    this.#m2 += delta * (value - this.#mean);
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    this.#current = value;
  }

  /** A record where the measurement could not be made (no edge, too few periods): counted, not averaged. */
  addInvalid(): void {
    this.#invalid++;
    this.#current = undefined;
  }

  /** Population standard deviation of the valid values; undefined before the first. */
  stddev(): number | undefined {
    return this.#count === 0 ? undefined : Math.sqrt(this.#m2 / this.#count);
  }

  snapshot(): MeasurementStatistics {
    const stats: MeasurementStatistics = { count: this.#count, invalid: this.#invalid };
    if (this.#current !== undefined) stats.current = this.#current;
    if (this.#count > 0) {
      stats.mean = this.#mean;
      stats.min = this.#min;
      stats.max = this.#max;
      stats.stddev = this.stddev();
    }
    return stats;
  }
}
