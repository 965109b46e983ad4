/**
 * Remembered streams: which live streams of each instrument a person wants running, and at what rate, kept
 * by the backend (data folder `streams.json`) so every dashboard opens live with the same streams, across
 * reloads and backend restarts. docs/PROTOCOL.md ("Remembered streams") is the prose authority.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();

/** A stream's update rate: an interval in ms, or "display" (one record per display frame). */
export const streamRateSchema = z.union([z.number().int().min(1).max(3_600_000), z.literal('display')]);
export type StreamRate = z.infer<typeof streamRateSchema>;

/** One remembered stream: running or stopped by a person, at a rate. */
export const streamPreferenceSchema = z.strictObject({
  equipment_id: z.string().min(1).max(64),
  stream_type: z.string().min(1).max(32),
  channel: z.number().int().min(1).max(64).optional(),
  running: z.boolean(),
  rate: streamRateSchema,
});
export type StreamPreference = z.infer<typeof streamPreferenceSchema>;

/** Asks for every remembered stream; answered by `stream_preferences`. */
export const getStreamPreferencesSchema = z.strictObject({
  type: z.literal('get_stream_preferences'),
  request_id: requestId,
});

/**
 * Remembers one stream's choice (a person started, stopped or re-timed it); answered by
 * `stream_preferences` with the whole set. It does not start or stop anything on the backend: each
 * dashboard runs its own subscription and follows the remembered choice when it opens.
 */
export const setStreamPreferenceSchema = z.strictObject({
  type: z.literal('set_stream_preference'),
  request_id: requestId,
  preference: streamPreferenceSchema,
});

export const streamMemoryCommandSchemas = {
  get_stream_preferences: getStreamPreferencesSchema,
  set_stream_preference: setStreamPreferenceSchema,
} as const;

export type GetStreamPreferencesMessage = z.infer<typeof getStreamPreferencesSchema>;
export type SetStreamPreferenceMessage = z.infer<typeof setStreamPreferenceSchema>;
export type StreamMemoryCommandMessage = GetStreamPreferencesMessage | SetStreamPreferenceMessage;

/** Every remembered stream. Streams not listed have never been touched: a dashboard starts them. */
export interface StreamPreferencesMessage {
  type: 'stream_preferences';
  request_id?: string | number;
  preferences: StreamPreference[];
}

/** The key a stream is remembered by: `equipment/stream_type/channel` (`*` for no channel). */
export function streamPreferenceKey(spec: {
  equipment_id: string;
  stream_type: string;
  channel?: number;
}): string {
  return `${spec.equipment_id}/${spec.stream_type}/${spec.channel ?? '*'}`;
}
