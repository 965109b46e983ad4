/**
 * One bench's trends: which quantities a person chose to follow (kept in localStorage per bench, so a
 * reload keeps them), and each one's points — live from the measurements and readings streams, and from
 * the backend's history on every (re)connect and whenever a trend is added. Outside React; charts read
 * `points(key)` when `version(key)` moved.
 */
import type { PsuChannelReading } from '../../shared/protocol/server';
import type { MeasurementsData } from '../../shared/protocol/scope';
import type { TrendHistoryMessage } from '../../shared/protocol/measurementStats';
import { appendPoint, emptyPoints, mergeHistory, type TrendPoints } from './trendPoints';
import { keyOf, parseSpecs, type TrendSpec } from './trendSpec';

/** Most trends at once: each is a chart of its own. */
export const MAX_TRENDS = 12;
/**
 * Points one trend holds before it asks the backend for its (decimated) history instead: at 10 Hz about
 * 5.5 hours, 3.2 MB.
 */
export const MAX_LOCAL_POINTS = 200_000;

export interface TrendStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type HistoryRequest = (message: {
  type: 'get_trend_history';
  keys: string[];
}) => Promise<TrendHistoryMessage>;

export class TrendSet {
  readonly #storageKey: string;
  readonly #storage: TrendStorage | undefined;
  #specs: TrendSpec[];
  readonly #points = new Map<string, TrendPoints>();
  readonly #versions = new Map<string, number>();
  readonly #listeners = new Set<() => void>();
  #request: HistoryRequest | undefined;

  constructor(benchId: string, storage: TrendStorage | undefined = browserStorage()) {
    this.#storageKey = `benchtop.trends.v1.${benchId}`;
    this.#storage = storage;
    this.#specs = parseSpecs(storage?.getItem(this.#storageKey) ?? null).slice(0, MAX_TRENDS);
    for (const spec of this.#specs) this.#points.set(keyOf(spec), emptyPoints());
  }

  /** The chosen trends, in the order they were added (a new array after each change). */
  list(): readonly TrendSpec[] {
    return this.#specs;
  }

  has(spec: TrendSpec): boolean {
    return this.#points.has(keyOf(spec));
  }

  points(key: string): TrendPoints {
    return this.#points.get(key) ?? emptyPoints();
  }

  version(key: string): number {
    return this.#versions.get(key) ?? 0;
  }

  /** Told when the list of trends changes. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds a trend (fetching what the backend kept of it); false when already there or at MAX_TRENDS. */
  add(spec: TrendSpec): boolean {
    const key = keyOf(spec);
    if (this.#points.has(key) || this.#specs.length >= MAX_TRENDS) return false;
    this.#specs = [...this.#specs, spec];
    this.#points.set(key, emptyPoints());
    this.#changed();
    void this.#fetch([key]);
    return true;
  }

  remove(key: string): void {
    if (!this.#points.delete(key)) return;
    this.#specs = this.#specs.filter((s) => keyOf(s) !== key);
    this.#versions.delete(key);
    this.#changed();
  }

  /** Connected: history is fetched through `request` now and for every trend added later. */
  connected(request: HistoryRequest): Promise<void> {
    this.#request = request;
    return this.#fetch([...this.#points.keys()]);
  }

  disconnected(): void {
    this.#request = undefined;
  }

  acceptMeasurements(equipmentId: string, timestampMs: number, data: MeasurementsData): void {
    for (const [channel, values] of Object.entries(data)) {
      for (const [quantity, value] of Object.entries(values)) {
        if (typeof value === 'number')
          this.#append(`${equipmentId}/${channel}/${quantity}`, timestampMs, value);
      }
    }
  }

  acceptReadings(equipmentId: string, readings: readonly PsuChannelReading[]): void {
    for (const r of readings) {
      const prefix = `${equipmentId}/CH${r.channel}/`;
      this.#append(`${prefix}voltage`, r.timestamp, r.voltage_actual);
      this.#append(`${prefix}current`, r.timestamp, r.current_actual);
      this.#append(`${prefix}power`, r.timestamp, r.power);
    }
  }

  #append(key: string, tMs: number, value: number): void {
    const points = this.#points.get(key);
    if (!points || !appendPoint(points, tMs, value)) return;
    this.#bump(key);
    if (points.tMs.length > MAX_LOCAL_POINTS) void this.#fetch([key]);
  }

  async #fetch(keys: string[]): Promise<void> {
    const request = this.#request;
    if (request === undefined || keys.length === 0) return;
    let reply: TrendHistoryMessage;
    try {
      reply = await request({ type: 'get_trend_history', keys });
    } catch {
      // Not connected any more, or a backend without trends: the next connect asks again.
      return;
    }
    for (const series of reply.series) {
      const local = this.#points.get(series.key);
      if (!local) continue;
      this.#points.set(series.key, mergeHistory(local, series));
      this.#bump(series.key);
    }
  }

  #bump(key: string): void {
    this.#versions.set(key, (this.#versions.get(key) ?? 0) + 1);
  }

  #changed(): void {
    try {
      this.#storage?.setItem(this.#storageKey, JSON.stringify(this.#specs));
    } catch {
      // Storage full or disabled: the trends stay for this page's life.
    }
    for (const listener of this.#listeners) listener();
  }
}

function browserStorage(): TrendStorage | undefined {
  return typeof localStorage === 'undefined' ? undefined : localStorage;
}
