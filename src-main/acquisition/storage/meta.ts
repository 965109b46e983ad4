/**
 * meta.json: everything needed to interpret samples.f32 without the app (config, time base, provenance,
 * state), written atomically on every state change. A meta read from disk is `unknown` until it passes
 * `parseMeta`.
 */
import { z } from 'zod';
import { ACQUISITION_STATE_NAMES } from '../../../shared/protocol/acquisition.js';
import { ALARM_LEVELS, type AlarmInterval } from '../../../shared/protocol/alarm.js';
import { AcquisitionError } from '../AcquisitionError.js';
import { acquisitionConfigSchema, type AcquisitionConfig } from '../config.js';

/** Bumped on any incompatible change to meta.json; a reader refuses versions it does not know. */
export const META_FORMAT_VERSION = 1;
export const META_FILE = 'meta.json';
export const SAMPLES_FILE = 'samples.f32';
/**
 * Space held, while capturing, for the final meta.json: written in place and renamed over meta.json when
 * the capture ends, so its end is recorded even on a disk that filled up (metaFile.ts).
 */
export const META_RESERVE_FILE = 'meta.reserve';

/** The states as meta.json and the wire name them: one list, the protocol's. */
export const ACQUISITION_STATES = ACQUISITION_STATE_NAMES;
export type AcquisitionState = (typeof ACQUISITION_STATES)[number];

/**
 * Why a capture ended early. `crash`: found unfinished at start-up; `shutdown`: the app closed during it;
 * `source_failed`: the instrument feeding it failed (AcquisitionRecorder.fail); the rest are raised by the
 * recorder itself (see AcquisitionRecorder).
 */
export const FAULT_CODES = [
  'discontinuity',
  'backlog',
  'disk_full',
  'write_failed',
  'low_disk',
  'crash',
  'shutdown',
  'source_failed',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

export interface AcquisitionFault {
  code: FaultCode;
  message: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A stretch of continuous sampling: samples first_sample.. were taken at t0_ms + (n - first_sample) / rate. */
export interface TimeSegment {
  first_sample: number;
  /** Epoch ms of `first_sample`. */
  t0_ms: number;
}

export interface AcquisitionMeta extends AcquisitionConfig {
  format_version: number;
  acquisition_id: string;
  /** Label for people; empty when none was given. */
  name: string;
  app_version: string;
  /** The instrument's settings when the acquisition was created, as given by the caller. */
  instrument_settings: JsonObject;
  state: AcquisitionState;
  /** Whole samples (frames) in samples.f32; while running, those on disk at the last meta write. */
  sample_count: number;
  /** Epoch ms of sample 0; set when capture starts. */
  t0_ms?: number;
  t0_iso?: string;
  /** One segment per run; a pause ends one and the resume starts the next. */
  segments: TimeSegment[];
  /** Set when state is error or interrupted. */
  error?: AcquisitionFault;
  /** Alarms raised while the capture ran (src-main/alarms): one interval per raise, oldest first. */
  alarms?: AlarmInterval[];
  created_ms: number;
  created_iso: string;
  updated_ms: number;
  updated_iso: string;
}

const count = z.number().int().min(0);

const metaSchema = acquisitionConfigSchema.extend({
  format_version: z.literal(META_FORMAT_VERSION),
  acquisition_id: z.string(),
  name: z.string(),
  app_version: z.string(),
  instrument_settings: z.record(z.string(), z.json()),
  state: z.enum(ACQUISITION_STATES),
  sample_count: count,
  t0_ms: z.number().optional(),
  t0_iso: z.string().optional(),
  segments: z.array(z.strictObject({ first_sample: count, t0_ms: z.number() })),
  error: z.strictObject({ code: z.enum(FAULT_CODES), message: z.string() }).optional(),
  alarms: z
    .array(
      z.strictObject({
        alarm_id: z.string(),
        name: z.string(),
        level: z.enum(ALARM_LEVELS),
        equipment_id: z.string(),
        channel: z.number().int(),
        field: z.string(),
        unit: z.string(),
        raised_ms: z.number(),
        cleared_ms: z.number().optional(),
        value: z.number(),
      }),
    )
    .optional(),
  created_ms: z.number(),
  created_iso: z.string(),
  updated_ms: z.number(),
  updated_iso: z.string(),
});

/** Validates a parsed meta.json; throws AcquisitionError('corrupt') naming the first bad field. */
export function parseMeta(value: unknown, expectedId: string): AcquisitionMeta {
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (typeof version === 'number' && version > META_FORMAT_VERSION) {
    throw new AcquisitionError(
      'corrupt',
      `${expectedId}: meta.json format ${version} is newer than this app reads`,
    );
  }
  const parsed = metaSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AcquisitionError(
      'corrupt',
      `${expectedId}: meta.json ${issue?.path.map(String).join('.') || ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  if (parsed.data.acquisition_id !== expectedId) {
    throw new AcquisitionError('corrupt', `${expectedId}: meta.json names ${parsed.data.acquisition_id}`);
  }
  return parsed.data as AcquisitionMeta;
}

/**
 * A deep, JSON-only copy of the instrument settings, so the snapshot cannot change after creation and
 * cannot hold anything meta.json could not represent. Throws AcquisitionError('invalid_config').
 */
export function snapshotSettings(settings: unknown, maxBytes = 1 << 20): JsonObject {
  let text: string | undefined;
  try {
    text = JSON.stringify(settings);
  } catch (err) {
    throw new AcquisitionError(
      'invalid_config',
      `instrument settings are not JSON: ${(err as Error).message}`,
    );
  }
  const copy: unknown = text === undefined ? undefined : JSON.parse(text);
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    throw new AcquisitionError('invalid_config', 'instrument settings must be a JSON object');
  }
  if (text!.length > maxBytes) {
    throw new AcquisitionError('invalid_config', `instrument settings exceed ${maxBytes} bytes of JSON`);
  }
  return copy as JsonObject;
}

/** The record of a new, idle acquisition. */
export function newMeta(
  acquisitionId: string,
  config: AcquisitionConfig,
  instrumentSettings: JsonObject,
  appVersion: string,
  nowMs: number,
): AcquisitionMeta {
  const iso = new Date(nowMs).toISOString();
  return {
    format_version: META_FORMAT_VERSION,
    acquisition_id: acquisitionId,
    ...config,
    name: config.name ?? '',
    app_version: appVersion,
    instrument_settings: instrumentSettings,
    state: 'idle',
    sample_count: 0,
    segments: [],
    created_ms: nowMs,
    created_iso: iso,
    updated_ms: nowMs,
    updated_iso: iso,
  };
}

/** A copy of `meta` in a new state, stamped as updated at `nowMs`. */
export function withState(
  meta: AcquisitionMeta,
  state: AcquisitionState,
  nowMs: number,
  changes: Partial<AcquisitionMeta> = {},
): AcquisitionMeta {
  return {
    ...structuredClone(meta),
    ...changes,
    state,
    updated_ms: nowMs,
    updated_iso: new Date(nowMs).toISOString(),
  };
}
