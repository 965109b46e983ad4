/**
 * Measurement statistics and trends (issue 20), kept by the backend so every dashboard shows the same
 * figures and a reconnect loses nothing. docs/PROTOCOL.md ("Measurement statistics and trends") is the
 * prose authority.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();
const equipmentId = z.string().min(1).max(64);
/** A channel as the measurements name it: "CH1", a math channel "M1", a supply's "CH2". */
const channelId = z.string().min(1).max(32);

/** The unit of each scope measurement (ScopeChannelMeasurements), SI; "%" for duty. */
export const MEASUREMENT_UNITS: Readonly<Record<string, string>> = {
  vpp: 'V',
  vmax: 'V',
  vmin: 'V',
  vavg: 'V',
  vrms: 'V',
  frequency: 'Hz',
  period: 's',
  duty: '%',
  rise_time: 's',
  fall_time: 's',
};

/** Every measurement a scope channel reports, in table order; statistics count each absent one as invalid. */
export const MEASUREMENT_NAMES = Object.keys(MEASUREMENT_UNITS);

/** The unit of a supply reading trended by quantity. */
export const READING_UNITS: Readonly<Record<string, string>> = { voltage: 'V', current: 'A', power: 'W' };

/** Asks for one instrument's statistics; answered by `measurement_stats`. */
export const getMeasurementStatsSchema = z.strictObject({
  type: z.literal('get_measurement_stats'),
  request_id: requestId,
  equipment_id: equipmentId,
});

/**
 * Starts the statistics of one channel (or, without `channel`, of every channel) of an instrument afresh.
 * Answered by `measurement_stats`; recorded as a `measurement_stats_reset` event naming who reset.
 */
export const resetMeasurementStatsSchema = z.strictObject({
  type: z.literal('reset_measurement_stats'),
  request_id: requestId,
  equipment_id: equipmentId,
  channel: channelId.optional(),
});

/** The longest list of trend keys one `get_trend_history` may name. */
export const MAX_TREND_KEYS = 64;

/**
 * The backend's trend history; answered by `trend_history`. `keys` ("equipment/channel/quantity") limits
 * it to those series (default every series); `since_ms` to points at or after that time.
 */
export const getTrendHistorySchema = z.strictObject({
  type: z.literal('get_trend_history'),
  request_id: requestId,
  keys: z.array(z.string().min(1).max(160)).max(MAX_TREND_KEYS).optional(),
  since_ms: z.number().finite().optional(),
});

export const measurementStatsCommandSchemas = {
  get_measurement_stats: getMeasurementStatsSchema,
  reset_measurement_stats: resetMeasurementStatsSchema,
  get_trend_history: getTrendHistorySchema,
} as const;

export type GetMeasurementStatsMessage = z.infer<typeof getMeasurementStatsSchema>;
export type ResetMeasurementStatsMessage = z.infer<typeof resetMeasurementStatsSchema>;
export type GetTrendHistoryMessage = z.infer<typeof getTrendHistorySchema>;
export type MeasurementStatsCommandMessage =
  GetMeasurementStatsMessage | ResetMeasurementStatsMessage | GetTrendHistoryMessage;

/** Running statistics of one measurement since its channel's reset. */
export interface MeasurementStatistics {
  /** The latest value; absent when the latest record gave none (it counted as invalid). */
  current?: number;
  /** Of the valid values only; absent while count is 0. */
  mean?: number;
  min?: number;
  max?: number;
  /** Population standard deviation of the valid values; 0 for one value. */
  stddev?: number;
  /** Valid values counted. */
  count: number;
  /** Records where the measurement could not be made (no edge found, not finite): counted, never averaged. */
  invalid: number;
}

/** One channel's statistics and since when they run. */
export interface ChannelStatistics {
  /** When they were last reset (or first counted), ms since the epoch. */
  since_ms: number;
  /** Who reset them ("session 1b2c…", a client name); absent when they began with the first record. */
  reset_by?: string;
  measurements: Record<string, MeasurementStatistics>;
}

/** One instrument's statistics by channel id; pushed to every client after each new record. */
export interface MeasurementStatsMessage {
  type: 'measurement_stats';
  request_id?: string | number;
  equipment_id: string;
  channels: Record<string, ChannelStatistics>;
}

/** One trended quantity's history, oldest first. */
export interface TrendSeriesHistory {
  /** "equipment/channel/quantity", e.g. "scope_1/CH1/vpp", "psu_1/CH2/voltage". */
  key: string;
  equipment_id: string;
  channel: string;
  quantity: string;
  unit: string;
  /** Point times, ms since the epoch, ascending. */
  t_ms: number[];
  values: number[];
  /**
   * Points before this time are min/max pairs of decimated buckets (each bucket's min at its start, its
   * max at its middle); from it on, every value as measured. Absent when nothing was decimated.
   */
  decimated_before_ms?: number;
  /** Width of the decimated buckets, ms (present with decimated_before_ms): gaps are judged against it. */
  bucket_ms?: number;
}

export interface TrendHistoryMessage {
  type: 'trend_history';
  request_id?: string | number;
  series: TrendSeriesHistory[];
}

/** The key a trend is kept by. */
export function trendKey(equipmentId: string, channel: string, quantity: string): string {
  return `${equipmentId}/${channel}/${quantity}`;
}
