/** The latest automatic measurements of one oscilloscope, outside React; tables read them per update. */
import type { MeasurementStatsMessage } from '../../shared/protocol/measurementStats';
import type { MeasurementsData } from '../../shared/protocol/scope';

export class MeasurementsFeed {
  readonly equipmentId: string;
  #latest: MeasurementsData | undefined;
  #stats: MeasurementStatsMessage | undefined;
  #listeners = new Set<() => void>();
  /** When the last measurements arrived (ms since the epoch): how old the values shown are. */
  lastReceivedMs: number | undefined;

  constructor(equipmentId: string) {
    this.equipmentId = equipmentId;
  }

  latest(): MeasurementsData | undefined {
    return this.#latest;
  }

  /** The backend's statistics of every channel, as last pushed (undefined before the first). */
  stats(): MeasurementStatsMessage | undefined {
    return this.#stats;
  }

  acceptStats(message: MeasurementStatsMessage): void {
    this.#stats = message;
    for (const listener of this.#listeners) listener();
  }

  accept(data: MeasurementsData): void {
    this.#latest = data;
    this.lastReceivedMs = Date.now();
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
