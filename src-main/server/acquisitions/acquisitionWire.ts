/**
 * Acquisitions as the wire shows them: the summary of an acquisition, the events every client receives,
 * and storage errors as protocol errors. docs/PROTOCOL.md ("Acquisitions") documents each shape.
 */
import type {
  AcquisitionProgressMessage,
  AcquisitionSummary,
  CreateAcquisitionMessage,
  ErrorCode,
  EventLevel,
  EventMessage,
  ProtocolError,
} from '../../../shared/protocol/index.js';
import {
  AcquisitionError,
  type AcquisitionErrorCode,
  type AcquisitionMeta,
  type AcquisitionServiceEvent,
  type CaptureProgress,
  type CaptureRequest,
  type LiveCounts,
  targetSampleCount,
} from '../../acquisition/index.js';

/** Field names that differ between meta.json and the wire. */
const WIRE_FIELDS: Record<string, string> = {
  sample_rate_hz: 'sample_rate',
  'trigger.edge': 'trigger.slope',
};

/** The acquisition as the wire describes it; `live` counts override the stored ones while capturing. */
export function toSummary(
  meta: AcquisitionMeta,
  live?: LiveCounts,
  withSettings = false,
): AcquisitionSummary {
  const target = targetSampleCount(meta);
  const trigger = meta.trigger && {
    channel: meta.trigger.channel,
    level: meta.trigger.level,
    slope: meta.trigger.edge,
    pre_trigger_samples: meta.trigger.pre_trigger_samples ?? 0,
  };
  // Optional fields are left out, not sent as undefined; the order is the one documented.
  return {
    acquisition_id: meta.acquisition_id,
    name: meta.name,
    equipment_id: meta.equipment_id,
    mode: meta.mode,
    state: meta.state,
    sample_rate: meta.sample_rate_hz,
    channels: meta.channels.map((c) => ({ name: c.name, unit: c.unit })),
    ...(meta.duration_s !== undefined && { duration_s: meta.duration_s }),
    ...(meta.num_samples !== undefined && { num_samples: meta.num_samples }),
    ...(target !== undefined && { target_samples: target }),
    ...(trigger && { trigger }),
    samples_captured: live?.received ?? meta.sample_count,
    flushed: live?.flushed ?? meta.sample_count,
    ...(live?.source !== undefined && { source_stats: { ...live.source } }),
    ...(meta.t0_ms !== undefined && { t0_ms: meta.t0_ms }),
    ...(meta.t0_iso !== undefined && { t0_iso: meta.t0_iso }),
    segments: meta.segments.map((s) => ({ ...s })),
    ...(meta.trigger_timeout_s !== undefined && { trigger_timeout_s: meta.trigger_timeout_s }),
    ...(meta.error && { error: { ...meta.error } }),
    ...(meta.alarms !== undefined && meta.alarms.length > 0 && { alarms: structuredClone(meta.alarms) }),
    created_ms: meta.created_ms,
    updated_ms: meta.updated_ms,
    app_version: meta.app_version,
    ...(withSettings && { instrument_settings: meta.instrument_settings }),
  };
}

const STATE_LEVEL: Record<AcquisitionMeta['state'], EventLevel> = {
  idle: 'info',
  armed: 'info',
  running: 'info',
  paused: 'info',
  complete: 'info',
  error: 'error',
  interrupted: 'warning',
};

/** The `event` every client receives for a service event. */
export function toEventMessage(event: AcquisitionServiceEvent, nowMs = Date.now()): EventMessage {
  switch (event.type) {
    case 'state': {
      const { meta } = event;
      const label = meta.name ? ` (${meta.name})` : '';
      const why =
        meta.error && (meta.state === 'error' || meta.state === 'interrupted')
          ? `: ${meta.error.message}`
          : '';
      const details: Record<string, unknown> = {
        acquisition_id: meta.acquisition_id,
        state: meta.state,
        acquisition: toSummary(meta, event.live),
      };
      if (event.previousState !== undefined) details.previous_state = event.previousState;
      return {
        type: 'event',
        level: STATE_LEVEL[meta.state],
        kind: 'acquisition_state',
        equipment_id: meta.equipment_id,
        message: `acquisition ${meta.acquisition_id}${label} ${meta.state}${why}`,
        details,
        timestamp: nowMs,
      };
    }
    case 'fault':
      return {
        type: 'event',
        level: 'alarm',
        kind: 'acquisition_fault',
        equipment_id: event.equipmentId || undefined,
        message: `acquisition ${event.acquisitionId}: ${event.fault.message}`,
        details: { acquisition_id: event.acquisitionId, code: event.fault.code },
        timestamp: nowMs,
      };
    case 'notice':
      return {
        type: 'event',
        level: event.notice.level,
        kind: event.notice.kind ?? 'acquisition_notice',
        equipment_id: event.notice.equipmentId,
        message: `acquisition ${event.notice.acquisitionId}: ${event.notice.message}`,
        details: { ...event.notice.details, acquisition_id: event.notice.acquisitionId },
        timestamp: nowMs,
      };
    case 'deleted':
      return {
        type: 'event',
        level: 'info',
        kind: 'acquisition_deleted',
        message: `acquisition ${event.acquisitionId} deleted`,
        details: { acquisition_id: event.acquisitionId },
        timestamp: nowMs,
      };
  }
}

/** A single_deep capture's progress as every client receives it. */
export function toProgressMessage(progress: CaptureProgress, nowMs = Date.now()): AcquisitionProgressMessage {
  const { receivedPoints, totalPoints } = progress;
  return {
    type: 'acquisition_progress',
    acquisition_id: progress.acquisitionId,
    equipment_id: progress.equipmentId,
    phase: progress.phase,
    received_points: receivedPoints,
    total_points: totalPoints,
    percent: totalPoints > 0 ? (receivedPoints / totalPoints) * 100 : 0,
    received_bytes: progress.receivedBytes,
    rate_bytes_per_s: progress.rateBytesPerS,
    ...(progress.etaS !== undefined && { eta_s: progress.etaS }),
    timestamp: nowMs,
  };
}

const CODE_MAP: Record<AcquisitionErrorCode, ErrorCode> = {
  invalid_id: 'not_found',
  not_found: 'not_found',
  invalid_config: 'invalid_message',
  out_of_range: 'out_of_range',
  busy: 'busy',
  invalid_state: 'invalid_state',
  low_disk: 'insufficient_storage',
  io_error: 'storage_error',
  corrupt: 'storage_error',
  limit_exceeded: 'limit_exceeded',
};

/**
 * A storage or capture error as a protocol error: invalid ids are `not_found` (they name nothing that
 * exists; the file system is never consulted), a configuration outside a range is `out_of_range`, a
 * malformed one `invalid_message`; `details.field` uses the wire's field names.
 */
export function toProtocolError(err: AcquisitionError): ProtocolError {
  const details: Record<string, unknown> = { ...err.details };
  const field = typeof details.field === 'string' ? details.field : undefined;
  if (field !== undefined) details.field = WIRE_FIELDS[field] ?? field;
  if (err.code === 'invalid_id') details.field = 'acquisition_id';
  let code = CODE_MAP[err.code];
  if (err.code === 'invalid_config' && ('max' in details || 'min' in details)) code = 'out_of_range';
  if (err.code === 'not_found' && field === 'equipment_id') code = 'unknown_equipment';
  let message = err.message;
  for (const [from, to] of Object.entries(WIRE_FIELDS)) message = message.split(from).join(to);
  return { code, message, details };
}

/** The wire's create command in the service's terms (units come from the instrument). */
export function toCaptureRequest(message: CreateAcquisitionMessage): CaptureRequest {
  const request: CaptureRequest = {
    equipment_id: message.equipment_id,
    mode: message.mode,
    sample_rate_hz: message.sample_rate,
    channels: message.channels,
  };
  if (message.name !== undefined) request.name = message.name;
  if (message.duration_s !== undefined) request.duration_s = message.duration_s;
  if (message.num_samples !== undefined) request.num_samples = message.num_samples;
  if (message.trigger_timeout_s !== undefined) request.trigger_timeout_s = message.trigger_timeout_s;
  if (message.trigger !== undefined) {
    request.trigger = {
      channel: message.trigger.channel,
      level: message.trigger.level,
      edge: message.trigger.slope ?? 'rising',
      pre_trigger_samples: message.trigger.pre_trigger_samples ?? 0,
    };
  }
  return request;
}
