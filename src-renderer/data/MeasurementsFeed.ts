/** The latest automatic measurements of one oscilloscope, outside React; tables read them per update. */
import type { MeasurementsData } from '../../shared/protocol/scope';

export class MeasurementsFeed {
  readonly equipmentId: string;
  #latest: MeasurementsData | undefined;
  #listeners = new Set<() => void>();

  constructor(equipmentId: string) {
    this.equipmentId = equipmentId;
  }

  latest(): MeasurementsData | undefined {
    return this.#latest;
  }

  accept(data: MeasurementsData): void {
    this.#latest = data;
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
