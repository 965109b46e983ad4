/**
 * The provenance block every export carries (CSV, NPY and NPZ in the `<file>.meta.json` sidecar, HDF5 as
 * attributes, JSON inline): who recorded what, with which instrument and settings, when, at what rate,
 * and which part of the capture this file holds.
 */
import type { AlarmInterval } from '../../../shared/protocol/index.js';
import type { JsonObject, JsonValue } from '../../acquisition/index.js';
import { APP_VERSION } from '../../version.js';
import type { ExportPlan } from './exportPlan.js';
import type { InstrumentIdentity } from './exportTypes.js';
import { timeOfSample } from './timeAxis.js';

/** Version of the provenance block's shape; bumped on incompatible changes. */
export const PROVENANCE_VERSION = 1;

/** How time_s relates to sample indexes, stated in every export. */
export const TIME_AXIS_NOTE =
  'time_s is seconds since t0 (sample 0 of the capture). Within a segment, sample n is at ' +
  'time_s = segment.time_s + (n - segment.first_sample) / sample_rate_hz; a pause ends a segment ' +
  'and the resume starts the next at its own wall-clock time.';

const IDENTITY_KEYS = ['vendor', 'model', 'serial', 'firmware'] as const;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Identity fields found in a settings snapshot (top level or under `identity`), for older callers. */
function identityFromSettings(settings: JsonObject): InstrumentIdentity {
  const identity: InstrumentIdentity = {};
  const nested = settings.identity;
  for (const key of IDENTITY_KEYS) {
    const value = isObject(nested) ? (nested[key] ?? settings[key]) : settings[key];
    if (typeof value === 'string') identity[key] = value;
  }
  return identity;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface ProvenanceOptions {
  instrument?: InstrumentIdentity;
  /** Epoch ms of the export. */
  exportedMs: number;
  /** The exporting app's version. Default APP_VERSION. */
  appVersion?: string;
}

/** The provenance block for `plan` (JSON-only values, so every format can carry it). */
export function buildProvenance(plan: ExportPlan, options: ProvenanceOptions): JsonObject {
  const { meta, axis, fromSample, toSample } = plan;
  const t0Ms = meta.t0_ms;
  const identity = { ...identityFromSettings(meta.instrument_settings), ...options.instrument };
  const instrument: JsonObject = { equipment_id: meta.equipment_id };
  for (const key of IDENTITY_KEYS) if (identity[key] !== undefined) instrument[key] = identity[key];
  instrument.settings = meta.instrument_settings;

  const startS = plan.sampleCount === 0 ? 0 : timeOfSample(axis, fromSample);
  const segments: JsonObject[] = axis.segments
    .filter(
      (s, i) => s.firstSample < toSample && (axis.segments[i + 1]?.firstSample ?? Infinity) > fromSample,
    )
    .map((s) => {
      const segment: JsonObject = {
        first_sample: s.firstSample,
        first_row: Math.max(0, s.firstSample - fromSample),
        time_s: s.startS,
      };
      if (t0Ms !== undefined) {
        segment.t0_ms = t0Ms + s.startS * 1000;
        segment.t0_iso = iso(t0Ms + s.startS * 1000);
      }
      return segment;
    });

  const provenance: JsonObject = {
    benchtop_export_version: PROVENANCE_VERSION,
    app_version: options.appVersion ?? APP_VERSION,
    exported_iso: iso(options.exportedMs),
    acquisition_id: meta.acquisition_id,
    name: meta.name,
    state: meta.state,
    mode: meta.mode,
    recorded_with_app_version: meta.app_version,
    created_iso: meta.created_iso,
    instrument,
    sample_rate_hz: meta.sample_rate_hz,
  };
  if (t0Ms !== undefined) {
    provenance.t0_ms = t0Ms;
    provenance.t0_iso = meta.t0_iso ?? iso(t0Ms);
  }
  Object.assign(provenance, {
    capture_sample_count: plan.availableSamples,
    first_sample: fromSample,
    sample_count: plan.sampleCount,
    start_time_s: startS,
    channels: plan.channels.map((c) => ({ name: c.name, unit: c.unit })),
    time_axis: TIME_AXIS_NOTE,
    segments,
  });
  if (t0Ms !== undefined) provenance.start_iso = iso(t0Ms + startS * 1000);
  if (meta.trigger !== undefined) provenance.trigger = { ...meta.trigger };
  if (meta.num_samples !== undefined) provenance.num_samples = meta.num_samples;
  if (meta.duration_s !== undefined) provenance.duration_s = meta.duration_s;
  if (meta.error !== undefined) provenance.error = { ...meta.error };
  if (meta.alarms !== undefined && meta.alarms.length > 0) provenance.alarms = alarmsOf(meta.alarms, t0Ms);
  return provenance;
}

/**
 * The alarms raised while the capture ran, each with its times as epoch ms, ISO text and (when the capture
 * started) seconds on the export's time axis (`raised_s`, `cleared_s`: seconds since t0).
 */
function alarmsOf(alarms: readonly AlarmInterval[], t0Ms: number | undefined): JsonObject[] {
  return alarms.map((a) => {
    const entry: JsonObject = {
      alarm_id: a.alarm_id,
      name: a.name,
      level: a.level,
      equipment_id: a.equipment_id,
      channel: a.channel,
      field: a.field,
      unit: a.unit,
      value: a.value,
      raised_ms: a.raised_ms,
      raised_iso: iso(a.raised_ms),
    };
    if (t0Ms !== undefined) entry.raised_s = (a.raised_ms - t0Ms) / 1000;
    if (a.cleared_ms !== undefined) {
      entry.cleared_ms = a.cleared_ms;
      entry.cleared_iso = iso(a.cleared_ms);
      if (t0Ms !== undefined) entry.cleared_s = (a.cleared_ms - t0Ms) / 1000;
    }
    return entry;
  });
}
