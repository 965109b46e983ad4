/**
 * Every trended quantity's bounded history (TrendSeries), by key "equipment/channel/quantity". At most
 * MAX_TREND_SERIES series, so the whole store stays under MAX_TREND_SERIES × BYTES_PER_SERIES (about
 * 18 MB); a quantity beyond that is not kept (logged once).
 */
import {
  MEASUREMENT_UNITS,
  READING_UNITS,
  trendKey,
  type TrendSeriesHistory,
} from '../../shared/protocol/index.js';
import type { Logger } from '../util/index.js';
import { TrendSeries } from './TrendSeries.js';

export const MAX_TREND_SERIES = 256;

interface Entry {
  equipmentId: string;
  channel: string;
  quantity: string;
  unit: string;
  series: TrendSeries;
}

export class TrendStore {
  readonly #entries = new Map<string, Entry>();
  /**
   * The same entries by equipment, channel and quantity. A bench adds some 1,300 values a second (a
   * supply's 9 readings at 100 Hz, a scope's 40 measurements at 10 Hz) under the same few names, whose
   * hashes V8 keeps with the strings: three lookups of those beat building and hashing a new
   * "equipment/channel/quantity" string per value.
   */
  readonly #byName = new Map<string, Map<string, Map<string, Entry>>>();
  readonly #log: Logger;
  #refused = false;

  constructor(log: Logger) {
    this.#log = log;
  }

  get size(): number {
    return this.#entries.size;
  }

  add(equipmentId: string, channel: string, quantity: string, tMs: number, value: number): void {
    const entry =
      this.#byName.get(equipmentId)?.get(channel)?.get(quantity) ??
      this.#entry(equipmentId, channel, quantity);
    entry?.series.add(tMs, value);
  }

  /** The entry by its key, made when there is room (undefined when the store is full). */
  #entry(equipmentId: string, channel: string, quantity: string): Entry | undefined {
    const key = trendKey(equipmentId, channel, quantity);
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= MAX_TREND_SERIES) {
        if (!this.#refused)
          this.#log.warn(`trend history full (${MAX_TREND_SERIES} series): ${key} not kept`);
        this.#refused = true;
        return undefined;
      }
      const unit = MEASUREMENT_UNITS[quantity] ?? READING_UNITS[quantity] ?? '';
      entry = { equipmentId, channel, quantity, unit, series: new TrendSeries() };
      this.#entries.set(key, entry);
    }
    let channels = this.#byName.get(equipmentId);
    if (!channels) this.#byName.set(equipmentId, (channels = new Map()));
    let quantities = channels.get(channel);
    if (!quantities) channels.set(channel, (quantities = new Map()));
    quantities.set(quantity, entry);
    return entry;
  }

  /** The history of the named series (every series when `keys` is undefined), at or after `sinceMs`. */
  history(keys: readonly string[] | undefined, sinceMs?: number): TrendSeriesHistory[] {
    const chosen = keys === undefined ? [...this.#entries.keys()] : keys;
    const out: TrendSeriesHistory[] = [];
    for (const key of chosen) {
      const entry = this.#entries.get(key);
      if (!entry) continue;
      const points = entry.series.points(sinceMs);
      const history: TrendSeriesHistory = {
        key,
        equipment_id: entry.equipmentId,
        channel: entry.channel,
        quantity: entry.quantity,
        unit: entry.unit,
        t_ms: points.tMs,
        values: points.values,
      };
      if (points.decimatedBeforeMs !== undefined) {
        history.decimated_before_ms = points.decimatedBeforeMs;
        history.bucket_ms = points.bucketMs;
      }
      out.push(history);
    }
    return out;
  }

  /** Forgets an instrument's series (it left the bench). */
  dropEquipment(equipmentId: string): void {
    for (const [key, entry] of this.#entries)
      if (entry.equipmentId === equipmentId) this.#entries.delete(key);
    this.#byName.delete(equipmentId);
  }
}
