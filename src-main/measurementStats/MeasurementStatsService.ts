/**
 * The backend's measurement statistics and trend history, one truth for every dashboard and across
 * reconnects. It listens to every sample a stream producer reads (StreamManager.samples), so whatever any
 * dashboard, alarm or agent has running is counted once per record, not once per viewer; a record served
 * twice (two producers sharing one acquisition, a stopped scope showing its last record) counts once.
 *
 * Statistics: per instrument, per channel id (CH1… and any channel a driver measures, math channels
 * included), per measurement, running since that channel's reset. Trends: every measurement and every
 * supply reading (voltage, current, power), bounded (TrendStore).
 */
import type {
  ChannelStatistics,
  MeasurementStatsMessage,
  PsuChannelReading,
  TrendSeriesHistory,
} from '../../shared/protocol/index.js';
import type { StreamSampleRead } from '../streams/index.js';
import { type Clock, Emitter, type Logger, systemClock } from '../util/index.js';
import { ChannelStats } from './ChannelStats.js';
import { StatsError } from './StatsError.js';
import { TrendStore } from './TrendStore.js';

export interface MeasurementStatsOptions {
  log: Logger;
  /** When a reset happened. Default the system clock. */
  clock?: Clock;
}

interface InstrumentStats {
  /** Timestamp of the last record counted, ms: a record not newer is one already counted. */
  lastRecordMs: number;
  channels: Map<string, ChannelStats>;
}

export class MeasurementStatsService {
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #instruments = new Map<string, InstrumentStats>();
  readonly #lastReadingMs = new Map<string, number>();
  readonly trends: TrendStore;
  /** The id of an instrument whose statistics changed (a record counted, a reset). */
  readonly changes = new Emitter<string>();

  constructor(options: MeasurementStatsOptions) {
    this.#log = options.log;
    this.#clock = options.clock ?? systemClock;
    this.trends = new TrendStore(options.log);
  }

  /** Takes one producer read; anything but measurements and readings is ignored. Never throws. */
  take(read: StreamSampleRead): void {
    try {
      const { sample, equipmentId } = read;
      if (sample.kind === 'measurements')
        this.takeMeasurements(equipmentId, sample.timestampMs, sample.values);
      else if (sample.kind === 'readings')
        this.takeReadings(equipmentId, sample.timestampMs, sample.readings);
    } catch (err) {
      // A producer must never fail because its statistics did.
      this.#log.error(`measurement statistics of ${read.equipmentId} failed`, err);
    }
  }

  /** Counts one record's measurements (by channel id, then measurement name) and trends them. */
  takeMeasurements(
    equipmentId: string,
    timestampMs: number,
    values: Readonly<Record<string, Readonly<Record<string, number>>>>,
  ): void {
    const instrument = this.#instrument(equipmentId);
    if (!(timestampMs > instrument.lastRecordMs)) return;
    instrument.lastRecordMs = timestampMs;
    // for…in, not Object.entries: no array of pairs per channel and per measurement (about 4 kB of
    // garbage a 4-channel record; a record comes every display frame). The values are plain objects.
    for (const channel in values) {
      const measurements = values[channel]!;
      let stats = instrument.channels.get(channel);
      if (!stats) instrument.channels.set(channel, (stats = new ChannelStats(this.#clock.nowMs())));
      stats.take(measurements);
      for (const name in measurements) {
        this.trends.add(equipmentId, channel, name, timestampMs, measurements[name]!);
      }
    }
    this.changes.emit(equipmentId);
  }

  /** Trends one supply read: voltage, current and power of every channel in it. */
  takeReadings(equipmentId: string, timestampMs: number, readings: readonly PsuChannelReading[]): void {
    const last = this.#lastReadingMs.get(equipmentId) ?? Number.NEGATIVE_INFINITY;
    if (!(timestampMs > last)) return;
    this.#lastReadingMs.set(equipmentId, timestampMs);
    for (const r of readings) {
      const channel = channelName(r.channel);
      const t = Number.isFinite(r.timestamp) ? r.timestamp : timestampMs;
      this.trends.add(equipmentId, channel, 'voltage', t, r.voltage_actual);
      this.trends.add(equipmentId, channel, 'current', t, r.current_actual);
      this.trends.add(equipmentId, channel, 'power', t, r.power);
    }
  }

  /**
   * Starts one channel's statistics (or every channel's) afresh, noting who asked. Throws StatsError
   * not_found for a channel this instrument has not measured.
   */
  reset(equipmentId: string, channel: string | undefined, by: string): void {
    const instrument = this.#instrument(equipmentId);
    const nowMs = this.#clock.nowMs();
    if (channel === undefined) {
      for (const name of instrument.channels.keys())
        instrument.channels.set(name, new ChannelStats(nowMs, by));
    } else {
      if (!instrument.channels.has(channel)) {
        throw new StatsError(
          'not_found',
          `${equipmentId} has no statistics for "${channel}" yet; it has ${describe([...instrument.channels.keys()])}`,
          { equipment_id: equipmentId, channel, known: [...instrument.channels.keys()] },
        );
      }
      instrument.channels.set(channel, new ChannelStats(nowMs, by));
    }
    this.changes.emit(equipmentId);
  }

  snapshot(equipmentId: string): Omit<MeasurementStatsMessage, 'type' | 'request_id'> {
    const channels: Record<string, ChannelStatistics> = {};
    const instrument = this.#instruments.get(equipmentId);
    if (instrument) for (const [name, stats] of instrument.channels) channels[name] = stats.snapshot();
    return { equipment_id: equipmentId, channels };
  }

  trendHistory(keys?: readonly string[], sinceMs?: number): TrendSeriesHistory[] {
    return this.trends.history(keys, sinceMs);
  }

  /** Forgets an instrument (it left the bench). */
  forget(equipmentId: string): void {
    this.#instruments.delete(equipmentId);
    this.#lastReadingMs.delete(equipmentId);
    this.trends.dropEquipment(equipmentId);
  }

  #instrument(equipmentId: string): InstrumentStats {
    let instrument = this.#instruments.get(equipmentId);
    if (!instrument) {
      instrument = { lastRecordMs: Number.NEGATIVE_INFINITY, channels: new Map() };
      this.#instruments.set(equipmentId, instrument);
    }
    return instrument;
  }
}

/** `CH<n>`, made once per channel number: a supply's readings come a hundred times a second. */
const channelNames: string[] = [];
function channelName(channel: number): string {
  return (channelNames[channel] ??= `CH${channel}`);
}

function describe(names: string[]): string {
  return names.length === 0 ? 'none yet (no record measured)' : names.sort().join(', ');
}
