/**
 * The fleet as the renderer sees it through its own backend (docs/PROTOCOL.md, "Fleet through the
 * dashboard's backend"): the renderer keeps one WebSocket; a backend started with `--nats` answers these
 * commands from its view of the fleet and forwards commands to a bench as its own controller id.
 */
import { z } from 'zod';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';
import type { FleetWaveform, HistoryRecord, LeaseState } from './fleet.js';
import type { ServerMessage } from './server.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();
const benchId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a bench id of 1–64 letters, digits, _ or -');

/** Every bench on the fleet, with its online state and lease. Answered by `fleet`. */
export const getFleetSchema = z.strictObject({ type: z.literal('get_fleet'), request_id: requestId });

/** One command to a bench, as this backend's controller. Answered by `fleet_reply` (or the bench's `error`). */
export const fleetCommandSchema = z.strictObject({
  type: z.literal('fleet_command'),
  request_id: requestId,
  bench: benchId,
  /** A client command as on this WebSocket (validated by the bench). */
  command: z.record(z.string(), z.unknown()),
});

/** Takes, releases or hands over a bench's lease; a held lease is renewed by this backend. */
export const fleetLeaseSchema = z.strictObject({
  type: z.literal('fleet_lease'),
  request_id: requestId,
  bench: benchId,
  action: z.enum(['take', 'release', 'hand_over']),
  /** hand_over: the controller id to give it to. */
  to: z.string().min(1).max(128).optional(),
});

/** A bench's last 60 s of history and its gaps. Answered by `fleet_history`. */
export const getFleetHistorySchema = z.strictObject({
  type: z.literal('get_fleet_history'),
  request_id: requestId,
  bench: benchId,
});

/**
 * Live records of a bench (and its waveforms when `waveforms` is true) pushed to this session as
 * `fleet_live` / `fleet_waveform` until `fleet_unsubscribe`. Answered by `fleet_subscribed`; subscribing
 * again replaces the waveform choice and keeps the record feed where it is.
 */
export const fleetSubscribeSchema = z.strictObject({
  type: z.literal('fleet_subscribe'),
  request_id: requestId,
  bench: benchId,
  waveforms: z.boolean().optional(),
  /**
   * true: this session acknowledges each flush of its fleet feed with `fleet_ack`, and the backend keeps
   * at most one flush in flight (every bench of the session; false turns it off; absent leaves it as is).
   */
  ack: z.boolean().optional(),
});

/** The longest `fleet_ack.after_ms`, ms: a 10 Hz display's frame period. */
export const FLEET_ACK_MAX_AFTER_MS = 100;

/** Flush number the backend numbers fleet pushes with (u32, from 1). */
const flushNumber = z.number().int().min(1).max(0xffff_ffff);

/**
 * The page took fleet flush `flush` and every one before it (sent from its animation frame): the backend
 * may send the next — `after_ms` after this ack came in (0 or absent: at once), so that it lands just
 * before the page's next frame. No reply.
 */
export const fleetAckSchema = z.strictObject({
  type: z.literal('fleet_ack'),
  /** Answered only with an error (a backend not on a fleet); never otherwise. */
  request_id: requestId,
  flush: flushNumber,
  after_ms: z.number().min(0).max(FLEET_ACK_MAX_AFTER_MS).optional(),
});

/** Stops a bench's live push to this session. Answered by `fleet_unsubscribed`. */
export const fleetUnsubscribeSchema = z.strictObject({
  type: z.literal('fleet_unsubscribe'),
  request_id: requestId,
  bench: benchId,
});

export const fleetCommandSchemas = {
  get_fleet: getFleetSchema,
  fleet_command: fleetCommandSchema,
  fleet_lease: fleetLeaseSchema,
  get_fleet_history: getFleetHistorySchema,
  fleet_subscribe: fleetSubscribeSchema,
  fleet_unsubscribe: fleetUnsubscribeSchema,
  fleet_ack: fleetAckSchema,
} as const;

export type FleetCommandMessage =
  | z.infer<typeof getFleetSchema>
  | z.infer<typeof fleetCommandSchema>
  | z.infer<typeof fleetLeaseSchema>
  | z.infer<typeof getFleetHistorySchema>
  | z.infer<typeof fleetSubscribeSchema>
  | z.infer<typeof fleetUnsubscribeSchema>
  | z.infer<typeof fleetAckSchema>;

type RequestId = string | number;

export interface FleetBenchInfo {
  bench: string;
  online: boolean;
  /** Last presence, ms since epoch. */
  last_seen: number;
  equipment_ids: string[];
  lease: LeaseState;
  /** The agent's run (its presence's `instance_id`): a new one means the bench restarted. */
  instance_id?: string;
}

/** One bench's part of a `fleet_live` push: its new records, seq strictly increasing. */
export interface FleetLiveBatch {
  bench: string;
  records: HistoryRecord[];
}

export interface FleetGap {
  /** ms since epoch */
  from: number;
  to: number;
  missing_records: number;
}

export type FleetServerMessage =
  | { type: 'fleet'; request_id?: RequestId; controller: string; benches: FleetBenchInfo[] }
  | { type: 'fleet_reply'; request_id?: RequestId; bench: string; messages: ServerMessage[] }
  | { type: 'fleet_lease'; request_id?: RequestId; bench: string; lease: LeaseState }
  | {
      type: 'fleet_history';
      request_id?: RequestId;
      bench: string;
      records: HistoryRecord[];
      gaps: FleetGap[];
    }
  /**
   * The reply to `fleet_subscribe`: `last_seq` is the bench's newest history seq this backend had when the
   * push began; every `fleet_live` record after it has a greater seq, so history up to it comes from
   * `get_fleet_history` and nothing is missed or seen twice.
   */
  | { type: 'fleet_subscribed'; request_id?: RequestId; bench: string; last_seq: number }
  /** The reply to `fleet_unsubscribe`; nothing more of that bench follows it. */
  | { type: 'fleet_unsubscribed'; request_id?: RequestId; bench: string }
  /**
   * Pushed: new history records of the subscribed benches that arrived in one turn of the backend's event
   * loop (or, to a session that acknowledges flushes, since its last flush) — a batch per bench (each
   * bench at most once), its records seq strictly increasing.
   */
  | {
      type: 'fleet_live';
      benches: FleetLiveBatch[];
      /** The flush it belongs to, for `fleet_ack`: only to a session that subscribed with `ack: true`. */
      flush?: number;
    }
  /**
   * Pushed: a waveform of a bench subscribed with `waveforms: true` (newest only when the client lags), to
   * a session without binary frames; one with them gets the bench's binary frame (kind 5) instead.
   */
  | { type: 'fleet_waveform'; bench: string; waveform: FleetWaveform; flush?: number };
