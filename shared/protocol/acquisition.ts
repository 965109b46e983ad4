/**
 * Acquisition messages: the commands that create and drive captures to disk (zod schemas, the runtime
 * contract) and the server's replies, events and live-view messages (plain types). Kept apart from
 * client.ts/server.ts so the acquisition surface reads as one unit; both files include it in their unions.
 * docs/PROTOCOL.md ("Acquisitions") is the prose authority, with examples.
 */
import { z } from 'zod';
import type { AlarmInterval } from './alarm.js';
import { formatHertz } from '../format/quantities.js';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();
/** Checked against `acq_` + 12 hex digits by the server (`not_found` otherwise), never used as a path. */
const acquisitionId = z.string().min(1).max(64);
const channelName = z.string().min(1).max(64);

/**
 * continuous (until stopped or a length), single (exactly N samples), triggered (armed until an edge),
 * single_deep (a scope that offers it — `InstrumentDescription.deep_memory` — arms one single capture,
 * waits for its trigger and downloads the whole memory record; docs/PROTOCOL.md, "Deep-memory captures").
 */
export const ACQUISITION_MODE_NAMES = ['continuous', 'single', 'triggered', 'single_deep'] as const;

/** single_deep: how long to wait for the trigger when the request gives no `trigger_timeout_s`, s. */
export const DEEP_TRIGGER_TIMEOUT_DEFAULT_S = 10;
/** single_deep: the longest `trigger_timeout_s`, s (a day). */
export const DEEP_TRIGGER_TIMEOUT_MAX_S = 86_400;
export type AcquisitionModeName = (typeof ACQUISITION_MODE_NAMES)[number];

/** The life cycle; complete, error and interrupted are final (docs/PROTOCOL.md, "Life cycle"). */
export const ACQUISITION_STATE_NAMES = [
  'idle',
  'armed',
  'running',
  'paused',
  'complete',
  'error',
  'interrupted',
] as const;
export type AcquisitionStateName = (typeof ACQUISITION_STATE_NAMES)[number];

/** Which crossings of the trigger level start a triggered capture. */
export const TRIGGER_SLOPE_NAMES = ['rising', 'falling', 'either'] as const;
export type TriggerSlopeName = (typeof TRIGGER_SLOPE_NAMES)[number];

/** Most channels one acquisition captures. */
export const MAX_ACQUISITION_CHANNELS = 8;

/**
 * Lowest sample rate an acquisition may ask for, Hz: one sample every 11.6 days. Below it the period
 * (1 / rate) stops being a useful number — at 5e-324 Hz it is Infinity and every sample time is garbage.
 */
export const MIN_SAMPLE_RATE_HZ = 0.000001;

/**
 * Highest rate a single_deep capture may carry, Hz. A deep record is read from the scope's own memory after
 * it stopped, so its rate is the scope's (1–5 GSa/s on the supported models), not what the backend can
 * stream: only the streaming modes are held to the acquisition maximum.
 */
export const DEEP_MAX_SAMPLE_RATE_HZ = 100_000_000_000;

/** The message for a rate outside [MIN_SAMPLE_RATE_HZ, maxHz]: "must be between … and …" (after the field's name). */
export function sampleRateRangeMessage(maxHz: number): string {
  return `must be between ${formatHertz(MIN_SAMPLE_RATE_HZ)} and ${formatHertz(maxHz)}`;
}
/** Longest acquisition label, characters. */
export const MAX_ACQUISITION_NAME_LENGTH = 200;

/** Live view (`start_acquisition_stream`) limits and defaults. */
export const ACQUISITION_STREAM_INTERVAL_MIN_MS = 20;
export const ACQUISITION_STREAM_INTERVAL_MAX_MS = 60_000;
export const ACQUISITION_STREAM_INTERVAL_DEFAULT_MS = 100;
export const ACQUISITION_STREAM_SAMPLES_DEFAULT = 1_000;
/** Largest window per message as JSON numbers (with an ISO timestamp each), samples per channel. */
export const ACQUISITION_STREAM_MAX_JSON_SAMPLES = 10_000;
/** Largest window per binary frame, samples per channel. */
export const ACQUISITION_STREAM_MAX_BINARY_SAMPLES = 262_144;

/** `create_acquisition.trigger`. */
export const triggerSchema = z.strictObject({
  /** A captured channel's name. */
  channel: channelName,
  /** Threshold in the channel's unit. */
  level: z.number(),
  /** Default `rising`. */
  slope: z.enum(TRIGGER_SLOPE_NAMES).optional(),
  /** Samples kept from before the trigger; default 0. */
  pre_trigger_samples: z.number().int().min(0).optional(),
});

/** Records a new idle acquisition; answered by `acquisition_created`. */
export const createAcquisitionSchema = z.strictObject({
  type: z.literal('create_acquisition'),
  request_id: requestId,
  equipment_id: z.string().min(1).max(64),
  /** A label for people; never used in a path. */
  name: z.string().max(MAX_ACQUISITION_NAME_LENGTH).optional(),
  mode: z.enum(ACQUISITION_MODE_NAMES),
  /**
   * Samples per second per channel, Hz. MIN_SAMPLE_RATE_HZ and the instrument's maximum are checked by the
   * server (`out_of_range`, `details.min`/`max`), which knows that maximum.
   */
  sample_rate: z.number().positive(),
  /** Channel names from the instrument's acquisition channels (docs/PROTOCOL.md), each once. */
  channels: z.array(channelName).min(1).max(MAX_ACQUISITION_CHANNELS),
  /** Length in seconds; the capture completes by itself. Not with num_samples. */
  duration_s: z.number().positive().optional(),
  /** Length in samples; the capture completes by itself. Not with duration_s. */
  num_samples: z.number().int().positive().optional(),
  trigger: triggerSchema.optional(),
  /**
   * single_deep only: seconds to wait for the scope's trigger before the capture fails with a clear
   * error; default DEEP_TRIGGER_TIMEOUT_DEFAULT_S.
   */
  trigger_timeout_s: z.number().positive().max(DEEP_TRIGGER_TIMEOUT_MAX_S).optional(),
});

const byId = <T extends string>(type: T) =>
  z.strictObject({ type: z.literal(type), request_id: requestId, acquisition_id: acquisitionId });

/** The transitions, each answered by `acquisition` with the summary after it. */
export const startAcquisitionSchema = byId('start_acquisition');
export const pauseAcquisitionSchema = byId('pause_acquisition');
export const resumeAcquisitionSchema = byId('resume_acquisition');
export const stopAcquisitionSchema = byId('stop_acquisition');
/** Answered by `acquisition` (with `instrument_settings`) and `acquisition_deleted`. */
export const getAcquisitionSchema = byId('get_acquisition');
export const deleteAcquisitionSchema = byId('delete_acquisition');
/** Answered by `acquisitions`, oldest first. */
export const listAcquisitionsSchema = z.strictObject({
  type: z.literal('list_acquisitions'),
  request_id: requestId,
  /** Only this instrument's acquisitions. */
  equipment_id: z.string().min(1).max(64).optional(),
});

/** The acquisition commands by `type`, merged into the validator's table in client.ts. */
export const acquisitionCommandSchemas = {
  create_acquisition: createAcquisitionSchema,
  start_acquisition: startAcquisitionSchema,
  pause_acquisition: pauseAcquisitionSchema,
  resume_acquisition: resumeAcquisitionSchema,
  stop_acquisition: stopAcquisitionSchema,
  list_acquisitions: listAcquisitionsSchema,
  get_acquisition: getAcquisitionSchema,
  delete_acquisition: deleteAcquisitionSchema,
} as const;

/** Inferred message types, so schema and type cannot drift. */
export type CreateAcquisitionMessage = z.infer<typeof createAcquisitionSchema>;
export type AcquisitionTriggerRequest = z.infer<typeof triggerSchema>;
export type AcquisitionCommandMessage = {
  [K in keyof typeof acquisitionCommandSchemas]: z.infer<(typeof acquisitionCommandSchemas)[K]>;
}[keyof typeof acquisitionCommandSchemas];
/** The commands that act on one acquisition by id (everything but create and list). */
export type AcquisitionByIdMessage = Extract<AcquisitionCommandMessage, { acquisition_id: string }>;

interface Reply {
  request_id?: string | number;
}

/** One acquisition as the server describes it (meta.json, with live counts while capturing). */
export interface AcquisitionSummary {
  acquisition_id: string;
  /** Label; empty when none was given. */
  name: string;
  equipment_id: string;
  mode: AcquisitionModeName;
  state: AcquisitionStateName;
  /** Hz, per channel. */
  sample_rate: number;
  channels: { name: string; unit: string }[];
  duration_s?: number;
  num_samples?: number;
  trigger?: { channel: string; level: number; slope: TriggerSlopeName; pre_trigger_samples: number };
  /** Samples after which the capture completes by itself (from num_samples or duration_s). */
  target_samples?: number;
  /** Samples accepted from the instrument so far (a few ms ahead of `flushed` while capturing). */
  samples_captured: number;
  /** Samples in the file: readable now, and kept if the backend crashes. */
  flushed: number;
  /**
   * While capturing, what the instrument's source achieved so far, where it counts: a polled supply's
   * `reads`, `read_rate_hz` and `held_samples`; a scope read record by record, `records` and
   * `missed_records`.
   */
  source_stats?: Record<string, number>;
  /** Epoch ms of sample 0 (set once capture starts). */
  t0_ms?: number;
  t0_iso?: string;
  /** One per run: a pause ends one, the resume starts the next at its own t0. */
  segments: { first_sample: number; t0_ms: number }[];
  /** single_deep: seconds it waits for the scope's trigger. */
  trigger_timeout_s?: number;
  /** Why it ended in `error` or `interrupted`. */
  error?: { code: string; message: string };
  /** Alarms raised while it ran (docs/PROTOCOL.md, "Alarms"); absent when none was. */
  alarms?: AlarmInterval[];
  created_ms: number;
  updated_ms: number;
  app_version: string;
  /** The instrument's settings at creation; only in the reply to `get_acquisition`. */
  instrument_settings?: Record<string, unknown>;
}

/** Reply to `create_acquisition`. */
export interface AcquisitionCreatedMessage extends Reply {
  type: 'acquisition_created';
  acquisition_id: string;
  acquisition: AcquisitionSummary;
}

/** Reply to get, start, pause, resume and stop: the acquisition after the command. */
export interface AcquisitionMessage extends Reply {
  type: 'acquisition';
  acquisition: AcquisitionSummary;
}

/** Reply to `list_acquisitions`. */
export interface AcquisitionsMessage extends Reply {
  type: 'acquisitions';
  acquisitions: AcquisitionSummary[];
}

/** Reply to `delete_acquisition`. */
export interface AcquisitionDeletedMessage extends Reply {
  type: 'acquisition_deleted';
  acquisition_id: string;
}

/** Reply to `start_acquisition_stream`. */
export interface AcquisitionStreamStartedMessage extends Reply {
  type: 'acquisition_stream_started';
  acquisition_id: string;
  /** Identifies this view's binary frames (kind 2) on this connection. */
  stream_id: number;
  interval_ms: number;
  num_samples: number;
  /** Index of the first sample the view will send. */
  from_sample: number;
  /** `contiguous` when from_sample was given (never skips), else `live` (follows the newest samples). */
  delivery: 'live' | 'contiguous';
  encoding: 'json' | 'binary';
}

/** Reply to `stop_acquisition_stream`, or sent unasked (with `reason`) when the server ends a view. */
export interface AcquisitionStreamStoppedMessage extends Reply {
  type: 'acquisition_stream_stopped';
  acquisition_id: string;
  stream_id: number;
  /** Why the server ended it, when the client did not ask (the acquisition ended or was deleted). */
  reason?: string;
}

/** `acquisition_stream.stats`: the guide's fields plus Benchtop's delivery figures. */
export interface AcquisitionStreamStats {
  /** Samples accepted by the recorder so far (guide field). */
  samples_captured: number;
  /** Seconds of signal captured: samples_captured / sample_rate (guide field). */
  duration: number;
  sample_rate: number;
  /** Samples on disk, readable and crash-safe. */
  flushed: number;
  /** Where the next window will start. */
  next_sample: number;
  /** Flushed samples not yet sent to this client. */
  behind: number;
  /** Samples this view jumped over to stay live (never in contiguous delivery), cumulative. */
  skipped: number;
  /** How many jumps that took, cumulative. */
  gaps: number;
  /** Ticks without a window because this connection's send buffer was full, cumulative. */
  deferred: number;
}

/** `acquisition_stream.data`: one window of samples, as JSON or announcing a binary frame. */
export interface AcquisitionStreamData {
  /** Samples per channel in this window. */
  count: number;
  /** Index of the window's first sample within the acquisition. */
  first_sample: number;
  /** Epoch ms of the first sample; sample k is at t0_ms + k · 1000 / sample_rate. */
  t0_ms: number;
  /** JSON delivery: one ISO time per sample (guide field), ms resolution. */
  timestamps?: string[];
  /** JSON delivery: values per channel name (guide field), 9 significant digits (exact float32). */
  values?: Record<string, number[]>;
  /** Binary delivery: the samples follow in one frame of kind 2 with this message's stream_id and seq. */
  binary?: true;
}

/** A live view's periodic message (the streaming guide's `acquisition_stream`). */
export interface AcquisitionStreamMessage {
  type: 'acquisition_stream';
  acquisition_id: string;
  stream_id: number;
  /** Per view, from 0; shared with the window's binary frame. */
  seq: number;
  state: AcquisitionStateName;
  stats: AcquisitionStreamStats;
  /** Absent when there was nothing new to send this interval. */
  data?: AcquisitionStreamData;
}

/** Where a single_deep capture stands. */
export const DEEP_CAPTURE_PHASES = [
  'waiting_for_trigger',
  'downloading',
  'done',
  'cancelled',
  'failed',
] as const;
export type DeepCapturePhase = (typeof DEEP_CAPTURE_PHASES)[number];

/**
 * A single_deep capture's progress, sent to every client (not kept in the event log): on arming, about
 * four times a second while downloading, and once at the end (`done`, `cancelled` or `failed`).
 */
export interface AcquisitionProgressMessage {
  type: 'acquisition_progress';
  acquisition_id: string;
  equipment_id: string;
  phase: DeepCapturePhase;
  /** Points read so far over every channel, and the record's total (0 until the preamble is read). */
  received_points: number;
  total_points: number;
  /** received_points / total_points × 100; 0 until the total is known. */
  percent: number;
  /** Bytes of sample data read so far (one per point in BYTE format). */
  received_bytes: number;
  /** Mean download rate since the first window, bytes/s; 0 before any data. */
  rate_bytes_per_s: number;
  /** Seconds left at that rate; absent until a rate is known. */
  eta_s?: number;
  /** Epoch ms. */
  timestamp: number;
}

/** Every acquisition message the server sends, merged into ServerMessage in server.ts. */
export type AcquisitionServerMessage =
  | AcquisitionProgressMessage
  | AcquisitionCreatedMessage
  | AcquisitionMessage
  | AcquisitionsMessage
  | AcquisitionDeletedMessage
  | AcquisitionStreamStartedMessage
  | AcquisitionStreamStoppedMessage
  | AcquisitionStreamMessage;
