/**
 * The statistics of every measurement of one channel since its last reset. Measurements are keyed
 * generically (a math channel reports what it reports); the scope's own list (MEASUREMENT_NAMES) is
 * always tracked, so a measurement a record could not give (no edge found) counts as invalid.
 */
import { type ChannelStatistics, MEASUREMENT_NAMES } from '../../shared/protocol/index.js';
import { RunningStats } from './RunningStats.js';

export class ChannelStats {
  readonly #byName = new Map<string, RunningStats>();
  /**
   * The same statistics as two arrays in the map's order, which a record's fold walks by index: walking
   * the map made an entry array per measurement and an iterator per record, and Object.keys an array —
   * about 3 kB of garbage a 4-channel record on the event loop, 60 times a second (docs/BENCHMARKS.md,
   * "The event loop's garbage per record").
   */
  readonly #names: string[] = [];
  readonly #ordered: RunningStats[] = [];
  readonly sinceMs: number;
  readonly resetBy: string | undefined;

  constructor(sinceMs: number, resetBy?: string) {
    this.sinceMs = sinceMs;
    this.resetBy = resetBy;
  }

  /** Takes one record's measurements of this channel. */
  take(values: Readonly<Record<string, number>>): void {
    if (this.#names.length === 0) for (const name of MEASUREMENT_NAMES) this.#stats(name);
    for (const name in values) if (!this.#byName.has(name)) this.#stats(name);
    for (let i = 0; i < this.#names.length; i++) {
      const value = values[this.#names[i]!];
      if (value === undefined) this.#ordered[i]!.addInvalid();
      else this.#ordered[i]!.add(value);
    }
  }

  snapshot(): ChannelStatistics {
    const measurements: ChannelStatistics['measurements'] = {};
    for (const [name, stats] of this.#byName) measurements[name] = stats.snapshot();
    const snapshot: ChannelStatistics = { since_ms: this.sinceMs, measurements };
    if (this.resetBy !== undefined) snapshot.reset_by = this.resetBy;
    return snapshot;
  }

  #stats(name: string): RunningStats {
    let stats = this.#byName.get(name);
    if (!stats) {
      this.#byName.set(name, (stats = new RunningStats()));
      this.#names.push(name);
      this.#ordered.push(stats);
    }
    return stats;
  }
}
