/**
 * The fleet commands of a dashboard's backend (docs/PROTOCOL.md, "Fleet through the dashboard's backend"):
 * answered from its view of the fleet, or forwarded to a bench over NATS as this backend's controller id.
 * The fleet itself is behind FleetAccess, so this room needs no NATS.
 */
import type {
  FleetBenchInfo,
  FleetCommandMessage,
  FleetGap,
  FleetReply,
  HistoryRecord,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import type { FleetWaveformBytes } from '../../../shared/codec/fleetWaveformFrame.js';
import type { FleetFeed } from './FleetFeed.js';

/** What a backend on a fleet offers its sessions (src-main/fleet FleetBridge). */
export interface FleetAccess {
  /** This backend's controller id, named in leases and refusals. */
  readonly controllerId: string;
  benches(): FleetBenchInfo[];
  history(bench: string): { records: readonly HistoryRecord[]; gaps: readonly FleetGap[] } | undefined;
  command(bench: string, command: unknown): Promise<FleetReply>;
  lease(bench: string, action: 'take' | 'release' | 'hand_over', to?: string): Promise<FleetReply>;
  /** The newest history seq held for `bench` (0 before its first record); undefined for an unknown bench. */
  lastSeq(bench: string): number | undefined;
  /** Every new history record of every bench, each once, in seq order per bench; returns the unsubscribe. */
  onRecord(listener: (bench: string, record: HistoryRecord) => void): () => void;
  /** The waveforms `bench` publishes from now on (checked binary frames, kind 5); returns the unsubscribe. */
  watchWaveforms(bench: string, listener: (waveform: FleetWaveformBytes) => void): () => void;
  /** Told when a bench joins or its online state, equipment or lease changes; returns the unsubscribe. */
  onBenchesChanged(listener: () => void): () => void;
}

/** What one session brings to the fleet commands: its live feed (undefined over NATS: a bench does not relay). */
export interface FleetPeer {
  feed: FleetFeed | undefined;
  send(m: ServerMessage): void;
}

export async function handleFleetCommand(
  fleet: FleetAccess | undefined,
  message: FleetCommandMessage,
  peer: FleetPeer,
): Promise<void> {
  const requestId = message.request_id;
  const send = peer.send;
  if (fleet === undefined || peer.feed === undefined) {
    return send({
      type: 'error',
      request_id: requestId,
      code: 'not_found',
      message: 'this backend is not on a fleet; start it with --nats <url> to see remote benches',
    });
  }
  const fail = (reply: Extract<FleetReply, { kind: 'error' }>): void =>
    send({
      type: 'error',
      request_id: requestId,
      code: reply.code,
      message: reply.message,
      details: reply.details,
    });
  switch (message.type) {
    case 'get_fleet':
      peer.feed.watchFleet();
      return send({
        type: 'fleet',
        request_id: requestId,
        controller: fleet.controllerId,
        benches: fleet.benches(),
      });
    case 'get_fleet_history': {
      const history = fleet.history(message.bench);
      if (history === undefined) return send(unknownBench(fleet, message));
      return send({
        type: 'fleet_history',
        request_id: requestId,
        bench: message.bench,
        records: [...history.records],
        gaps: [...history.gaps],
      });
    }
    case 'fleet_subscribe': {
      const lastSeq = peer.feed.subscribe(message.bench, message.waveforms === true);
      if (lastSeq === undefined) return send(unknownBench(fleet, message));
      if (message.ack !== undefined) peer.feed.setPaced(message.ack);
      return send({
        type: 'fleet_subscribed',
        request_id: requestId,
        bench: message.bench,
        last_seq: lastSeq,
      });
    }
    case 'fleet_ack':
      // No reply: one a frame, it would double the page's messages.
      return peer.feed.ack(message.flush, message.after_ms);
    case 'fleet_unsubscribe':
      // Idempotent, like stop_stats: unsubscribing a bench not subscribed is already done.
      peer.feed.unsubscribe(message.bench);
      return send({ type: 'fleet_unsubscribed', request_id: requestId, bench: message.bench });
    case 'fleet_command': {
      const reply = await fleet.command(message.bench, message.command);
      if (reply.kind === 'error') return fail(reply);
      if (reply.kind !== 'messages') return fail(unexpected(message.bench));
      return send({
        type: 'fleet_reply',
        request_id: requestId,
        bench: message.bench,
        messages: reply.messages,
      });
    }
    case 'fleet_lease': {
      if (message.action === 'hand_over' && message.to === undefined) {
        return send({
          type: 'error',
          request_id: requestId,
          code: 'invalid_message',
          message: 'fleet_lease: hand_over needs `to`, the controller to hand it to',
          details: { field: 'to' },
        });
      }
      const reply = await fleet.lease(message.bench, message.action, message.to);
      if (reply.kind === 'error') return fail(reply);
      if (reply.kind !== 'lease') return fail(unexpected(message.bench));
      return send({ type: 'fleet_lease', request_id: requestId, bench: message.bench, lease: reply.lease });
    }
  }
}

function unknownBench(
  fleet: FleetAccess,
  message: { request_id?: string | number; bench: string },
): ServerMessage {
  return {
    type: 'error',
    request_id: message.request_id,
    code: 'not_found',
    message: `no bench "${message.bench}" on the fleet (known: ${
      fleet
        .benches()
        .map((b) => b.bench)
        .join(', ') || 'none'
    })`,
  };
}

function unexpected(bench: string): Extract<FleetReply, { kind: 'error' }> {
  return { kind: 'error', code: 'internal', message: `bench ${bench} answered with the wrong kind of reply` };
}
