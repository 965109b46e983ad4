/**
 * Client → server messages. Each is a zod schema (the runtime contract) and a type inferred from it
 * (the compile-time contract), so the two cannot drift. Objects are strict: an unknown field is an error
 * that names the field, because a typo such as `intervalMs` must not silently fall back to a default.
 */
import { z } from 'zod';
import { acquisitionCommandSchemas, type AcquisitionCommandMessage } from './acquisition.js';
import { alarmCommandSchemas, type AlarmCommandMessage } from './alarm.js';
import { benchInstrumentSchema, instrumentHostSchema, instrumentPortSchema } from './bench.js';
import { exportCommandSchemas, type ExportCommandMessage } from './export.js';
import { exportViewCommandSchemas, type ExportViewCommandMessage } from './exportView.js';
import { setupCommandSchemas, type SetupCommandMessage } from './setups.js';
import { streamMemoryCommandSchemas, type StreamMemoryCommandMessage } from './streamMemory.js';
import { measurementStatsCommandSchemas, type MeasurementStatsCommandMessage } from './measurementStats.js';
import { spectrumCommandSchemas, type GetSpectrumMessage } from './spectrum.js';
import { fleetCommandSchemas, type FleetCommandMessage } from './fleetBridge.js';
import { reviewCommandSchemas, type ReviewCommandMessage } from './review.js';
import {
  MAX_REQUEST_ID_LENGTH,
  SHIFT_MAX_MS,
  STATS_INTERVAL_MAX_MS,
  STATS_INTERVAL_MIN_MS,
} from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();
const equipmentId = z.string().min(1).max(64);
const streamType = z.string().min(1).max(32);
/** Channel numbers are 1-based, as on an instrument's front panel. */
const channel = z.number().int().min(1).max(64);

export const helloSchema = z.strictObject({
  type: z.literal('hello'),
  request_id: requestId,
  protocol: z.number().int(),
  token: z.string().max(256).optional(),
  client: z.string().max(128).optional(),
  encodings: z
    .array(z.enum(['json', 'binary']))
    .min(1)
    .max(2)
    .optional(),
});

export const pingSchema = z.strictObject({
  type: z.literal('ping'),
  request_id: requestId,
  /** Echoed in `pong` so a client can measure round-trip time. */
  client_time: z.number().optional(),
});

export const startStreamSchema = z.strictObject({
  type: z.literal('start_stream'),
  request_id: requestId,
  equipment_id: equipmentId,
  stream_type: streamType,
  /** Period between messages, in ms. Defaults to the instrument's default for the stream type. */
  interval_ms: z.number().optional(),
  /** Readings only: deliver one channel's readings instead of all channels. */
  channel: channel.optional(),
  /** Waveform only: display width in points; the server decimates to min/max pairs. */
  width: z.number().int().optional(),
  /** Waveform only: send raw records instead of decimated ones. */
  full_resolution: z.boolean().optional(),
});

export const stopStreamSchema = z.strictObject({
  type: z.literal('stop_stream'),
  request_id: requestId,
  equipment_id: equipmentId,
  stream_type: streamType,
  channel: channel.optional(),
});

/**
 * Moves a running stream's ticks by `shift_ms` (later when positive) without changing its period, so that
 * a client can have each message arrive just before its display draws a frame (display-locked delivery).
 */
export const shiftStreamSchema = z.strictObject({
  type: z.literal('shift_stream'),
  request_id: requestId,
  equipment_id: equipmentId,
  stream_type: streamType,
  channel: channel.optional(),
  /** ms; within ± the stream's interval (checked against the stream, `out_of_range`). */
  shift_ms: z.number().min(-SHIFT_MAX_MS).max(SHIFT_MAX_MS),
});

export const startAcquisitionStreamSchema = z.strictObject({
  type: z.literal('start_acquisition_stream'),
  request_id: requestId,
  acquisition_id: z.string().min(1).max(64),
  interval_ms: z.number().optional(),
  num_samples: z.number().int().optional(),
  /** Resume from this sample index (after a reconnect) with no gap and no duplicate. */
  from_sample: z.number().int().min(0).optional(),
});

export const stopAcquisitionStreamSchema = z.strictObject({
  type: z.literal('stop_acquisition_stream'),
  request_id: requestId,
  acquisition_id: z.string().min(1).max(64),
});

export const getInfoSchema = z.strictObject({
  type: z.literal('get_info'),
  request_id: requestId,
});

export const getParametersSchema = z.strictObject({
  type: z.literal('get_parameters'),
  request_id: requestId,
  equipment_id: equipmentId,
});

export const setParameterSchema = z.strictObject({
  type: z.literal('set_parameter'),
  request_id: requestId,
  equipment_id: equipmentId,
  channel: channel.optional(),
  parameter: z.string().min(1).max(64),
  value: z.union([z.number(), z.boolean(), z.string().max(64)]),
});

export const getStatsSchema = z.strictObject({
  type: z.literal('get_stats'),
  request_id: requestId,
});

/** Asks for a `stats` message every `interval_ms` until `stop_stats` (or the connection ends). */
export const startStatsSchema = z.strictObject({
  type: z.literal('start_stats'),
  request_id: requestId,
  /** Period between `stats` pushes, ms; default STATS_INTERVAL_DEFAULT_MS. */
  interval_ms: z.number().int().min(STATS_INTERVAL_MIN_MS).max(STATS_INTERVAL_MAX_MS).optional(),
});

export const stopStatsSchema = z.strictObject({
  type: z.literal('stop_stats'),
  request_id: requestId,
});

/**
 * Adds an instrument to the running bench (and to the data folder's bench file): the same entry a bench
 * file lists. Answered by `instrument_added` once it is registered; it then connects on its own.
 */
export const addInstrumentSchema = z.strictObject({
  type: z.literal('add_instrument'),
  request_id: requestId,
  instrument: benchInstrumentSchema,
});

/** Removes an instrument from the running bench (refused while it is capturing); its streams end. */
export const removeInstrumentSchema = z.strictObject({
  type: z.literal('remove_instrument'),
  request_id: requestId,
  equipment_id: equipmentId,
});

/** Most events one `get_events` returns: the whole log. */
export const MAX_EVENTS_PER_REQUEST = 10_000;

/**
 * Asks for the backend's event log: the newest `limit` events after `after_seq`, of one instrument and at
 * or above a level when those are given. Answered by `events`.
 */
export const getEventsSchema = z.strictObject({
  type: z.literal('get_events'),
  request_id: requestId,
  after_seq: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(MAX_EVENTS_PER_REQUEST).optional(),
  equipment_id: equipmentId.optional(),
  min_level: z.enum(['info', 'warning', 'alarm', 'error']).optional(),
});

/**
 * Asks who is at an address (`*IDN?` over raw-socket SCPI) and which driver serves it, before adding it.
 * Answered by `instrument_probed`.
 */
export const probeInstrumentSchema = z.strictObject({
  type: z.literal('probe_instrument'),
  request_id: requestId,
  host: instrumentHostSchema,
  port: instrumentPortSchema,
});

/** Listens for instruments announcing themselves on the LAN (mDNS) for `duration_ms` (default 3000). */
export const discoverInstrumentsSchema = z.strictObject({
  type: z.literal('discover_instruments'),
  request_id: requestId,
  duration_ms: z.number().int().min(100).max(10_000).optional(),
});

/** Every schema by its `type`, so the validator can tell "unknown type" from "bad fields". */
export const clientMessageSchemas = {
  hello: helloSchema,
  ping: pingSchema,
  start_stream: startStreamSchema,
  stop_stream: stopStreamSchema,
  shift_stream: shiftStreamSchema,
  start_acquisition_stream: startAcquisitionStreamSchema,
  stop_acquisition_stream: stopAcquisitionStreamSchema,
  get_info: getInfoSchema,
  get_parameters: getParametersSchema,
  set_parameter: setParameterSchema,
  get_stats: getStatsSchema,
  start_stats: startStatsSchema,
  stop_stats: stopStatsSchema,
  add_instrument: addInstrumentSchema,
  remove_instrument: removeInstrumentSchema,
  get_events: getEventsSchema,
  probe_instrument: probeInstrumentSchema,
  discover_instruments: discoverInstrumentsSchema,
  ...acquisitionCommandSchemas,
  ...exportCommandSchemas,
  ...exportViewCommandSchemas,
  ...setupCommandSchemas,
  ...streamMemoryCommandSchemas,
  ...spectrumCommandSchemas,
  ...alarmCommandSchemas,
  ...fleetCommandSchemas,
  ...measurementStatsCommandSchemas,
  ...reviewCommandSchemas,
} as const;

export type ClientMessageType = keyof typeof clientMessageSchemas;

export type HelloMessage = z.infer<typeof helloSchema>;
export type PingMessage = z.infer<typeof pingSchema>;
export type StartStreamMessage = z.infer<typeof startStreamSchema>;
export type StopStreamMessage = z.infer<typeof stopStreamSchema>;
export type ShiftStreamMessage = z.infer<typeof shiftStreamSchema>;
export type StartAcquisitionStreamMessage = z.infer<typeof startAcquisitionStreamSchema>;
export type StopAcquisitionStreamMessage = z.infer<typeof stopAcquisitionStreamSchema>;
export type GetInfoMessage = z.infer<typeof getInfoSchema>;
export type GetParametersMessage = z.infer<typeof getParametersSchema>;
export type SetParameterMessage = z.infer<typeof setParameterSchema>;
export type GetStatsMessage = z.infer<typeof getStatsSchema>;
export type StartStatsMessage = z.infer<typeof startStatsSchema>;
export type StopStatsMessage = z.infer<typeof stopStatsSchema>;
export type AddInstrumentMessage = z.infer<typeof addInstrumentSchema>;
export type RemoveInstrumentMessage = z.infer<typeof removeInstrumentSchema>;
export type GetEventsMessage = z.infer<typeof getEventsSchema>;
export type ProbeInstrumentMessage = z.infer<typeof probeInstrumentSchema>;
export type DiscoverInstrumentsMessage = z.infer<typeof discoverInstrumentsSchema>;

export type ClientMessage =
  | HelloMessage
  | PingMessage
  | StartStreamMessage
  | StopStreamMessage
  | ShiftStreamMessage
  | StartAcquisitionStreamMessage
  | StopAcquisitionStreamMessage
  | GetInfoMessage
  | GetParametersMessage
  | SetParameterMessage
  | GetStatsMessage
  | StartStatsMessage
  | StopStatsMessage
  | AddInstrumentMessage
  | RemoveInstrumentMessage
  | GetEventsMessage
  | ProbeInstrumentMessage
  | DiscoverInstrumentsMessage
  | AcquisitionCommandMessage
  | ExportCommandMessage
  | ExportViewCommandMessage
  | SetupCommandMessage
  | StreamMemoryCommandMessage
  | GetSpectrumMessage
  | AlarmCommandMessage
  | FleetCommandMessage
  | MeasurementStatsCommandMessage
  | ReviewCommandMessage;

/** Commands are every client message except the handshake itself. */
export type ClientCommand = Exclude<ClientMessage, HelloMessage>;
