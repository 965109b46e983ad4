/**
 * The statistics of every measurement of one channel since its last reset. Measurements are keyed
 * generically (a math channel reports what it reports); the scope's own list (MEASUREMENT_NAMES) is
 * always tracked, so a measurement a record could not give (no edge found) counts as invalid.
 */
import { type ChannelStatistics, MEASUREMENT_NAMES } from '../../shared/protocol/index.js';
import { RunningStats } from './RunningStats.js';

export class ChannelStats {
  readonly #byName = new Map<string, RunningStats>();
  readonly sinceMs: number;
  readonly resetBy: string | undefined;

  constructor(sinceMs: number, resetBy?: string) {
    this.sinceMs = sinceMs;
    this.resetBy = resetBy;
  }

  /** Takes one record's measurements of this channel. */
  take(values: Readonly<Record<string, number>>): void {
    for (const name of MEASUREMENT_NAMES) this.#stats(name);
    for (const name of Object.keys(values)) this.#stats(name);
    for (const [name, stats] of this.#byName) {
      const value = values[name];
      if (value === undefined) stats.addInvalid();
      else stats.add(value);
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
    if (!stats) this.#byName.set(name, (stats = new RunningStats()));
    return stats;
  }
}
