/**
 * Messages of the fleet over NATS (docs/PROTOCOL.md, "Fleet over NATS"), exchanged between a bench agent
 * and dashboard backends — never seen by the renderer. Every message that arrives over NATS is validated
 * with these schemas before use; a bad one is answered (requests) or counted and dropped (publications).
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors.js';
import type { ServerMessage } from './server.js';

/** Who is asking: a controller id, e.g. `dashboard-lab2-alice`; named in refusals and lease state. */
const controllerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.@:-]{1,128}$/, 'a controller id of 1–128 letters, digits and _ . @ : -');

/** A request on a bench's `control` subject: one protocol command, or a lease action. */
export const fleetRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('command'),
    from: controllerIdSchema,
    /** A client command exactly as on the WebSocket; validated with the same schemas there. */
    command: z.unknown(),
  }),
  z.strictObject({
    kind: z.literal('lease'),
    from: controllerIdSchema,
    /**
     * take: when free, expired or already yours; renew: keep yours alive; release: give it up;
     * hand_over: give yours to `to` at once.
     */
    action: z.enum(['take', 'renew', 'release', 'hand_over']),
    to: controllerIdSchema.optional(),
  }),
]);
export type FleetRequest = z.infer<typeof fleetRequestSchema>;

/** A bench's control lease as the bench reports it; both fields absent when it is free. */
export const leaseStateSchema = z.strictObject({
  /** The controller holding it. */
  holder: z.string().optional(),
  /** When it lapses unless renewed, ms since epoch (bench clock). */
  expires_at_ms: z.number().optional(),
});
export type LeaseState = z.infer<typeof leaseStateSchema>;

/** The reply to a fleet request. */
export type FleetReply =
  /** Every message the command produced while it ran (its reply first; usually just that). */
  | { kind: 'messages'; messages: ServerMessage[] }
  | { kind: 'lease'; lease: LeaseState }
  | { kind: 'error'; code: ErrorCode; message: string; details?: Record<string, unknown> };

export const fleetReplySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('messages'),
    messages: z.array(z.looseObject({ type: z.string() })),
  }),
  z.strictObject({ kind: z.literal('lease'), lease: leaseStateSchema }),
  z.strictObject({
    kind: z.literal('error'),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
]);

/** Published by a bench on its `presence` subject once a second. */
export const presenceSchema = z.strictObject({
  bench: z.string(),
  /** This run of the agent; changes when it restarts. */
  instance_id: z.string(),
  /** The newest history seq the bench has produced. */
  seq: z.number().int().nonnegative(),
  timestamp: z.number(),
  equipment_ids: z.array(z.string()),
  lease: leaseStateSchema,
});
export type Presence = z.infer<typeof presenceSchema>;

/**
 * One history record (readings, measurements or an event). `seq` counts every record the bench ever
 * produced, across restarts, so a reader sees a lost record as a jump.
 */
export const historyRecordSchema = z.strictObject({
  bench: z.string(),
  seq: z.number().int().positive(),
  timestamp: z.number(),
  kind: z.enum(['readings', 'measurements', 'event']),
  equipment_id: z.string().optional(),
  /** readings: the channels' readings; measurements: values by channel; event: the event message. */
  data: z.unknown(),
});
export type HistoryRecord = z.infer<typeof historyRecordSchema>;

const HISTORY_RECORD_KEYS = new Set(['bench', 'seq', 'timestamp', 'kind', 'equipment_id', 'data']);
const HISTORY_RECORD_KINDS = new Set(['readings', 'measurements', 'event']);

/**
 * True when `historyRecordSchema` certainly accepts `value`, checked by hand with the schema's rules and
 * no looser (a strict object, `seq` a positive safe integer, `timestamp` finite, `data` present even if
 * undefined): a dashboard takes thousands of records a second, and zod's walk of each was a visible cost
 * of the page. False says only "ask the schema", which then names the field at fault (or, for an input
 * this check is stricter about, accepts it).
 */
export function isWellFormedHistoryRecord(value: unknown): value is HistoryRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (!HISTORY_RECORD_KEYS.has(key)) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.bench === 'string' &&
    Number.isSafeInteger(r.seq) &&
    (r.seq as number) > 0 &&
    Number.isFinite(r.timestamp) &&
    HISTORY_RECORD_KINDS.has(r.kind as string) &&
    (r.equipment_id === undefined || typeof r.equipment_id === 'string') &&
    'data' in r
  );
}

/**
 * A display-decimated waveform as JSON: what a dashboard's backend sends a session that takes no binary
 * frames. On NATS, and to every session that takes binary frames, it is a binary frame of kind 5
 * (shared/codec/fleetWaveformFrame.ts) with the same fields.
 */
export const fleetWaveformSchema = z.strictObject({
  bench: z.string(),
  equipment_id: z.string(),
  channel: z.number().int(),
  timestamp: z.number(),
  sample_rate_hz: z.number().positive(),
  x0_s: z.number(),
  /** Samples the record had before decimation. */
  samples: z.number().int().nonnegative(),
  /** Interleaved min/max pairs, V. */
  min_max: z.array(z.number()),
});
export type FleetWaveform = z.infer<typeof fleetWaveformSchema>;
