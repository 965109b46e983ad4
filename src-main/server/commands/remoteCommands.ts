/**
 * Commands that arrive as one request and leave as one reply (a bench's NATS control subject): the same
 * validation and the same router as a WebSocket session, with a peer that collects what the command sends.
 * A command either observes (anyone may), controls (only the lease holder may) or belongs to a live
 * connection (streams, stats pushes, export downloads), which a request/reply transport cannot carry.
 */
import {
  type ClientCommand,
  type ErrorCode,
  type EventMessage,
  type FleetReply,
  type ServerMessage,
  validateClientMessage,
} from '../../../shared/protocol/index.js';
import type { AcquisitionService } from '../../acquisition/index.js';
import type { ExportJobs } from '../../export/index.js';
import type { Logger } from '../../util/index.js';
import { AcquisitionCommands } from '../acquisitions/index.js';
import { ExportCommands } from '../exports/index.js';
import { type CommandPeer, type CommandServices, routeCommand } from './CommandRouter.js';

export type CommandRole = 'observe' | 'control' | 'connection';

/**
 * Every command's role. A Record over the union, so a new command does not compile until someone decides
 * whether an observer may run it.
 */
export const COMMAND_ROLES: Record<ClientCommand['type'], CommandRole> = {
  ping: 'observe',
  get_info: 'observe',
  get_parameters: 'observe',
  get_events: 'observe',
  get_spectrum: 'observe',
  list_acquisitions: 'observe',
  get_acquisition: 'observe',
  review_acquisition: 'observe',
  estimate_export: 'observe',
  probe_instrument: 'observe',
  discover_instruments: 'observe',
  set_parameter: 'control',
  add_instrument: 'control',
  remove_instrument: 'control',
  create_acquisition: 'control',
  start_acquisition: 'control',
  pause_acquisition: 'control',
  resume_acquisition: 'control',
  stop_acquisition: 'control',
  delete_acquisition: 'control',
  start_stream: 'connection',
  stop_stream: 'connection',
  shift_stream: 'connection',
  get_stats: 'connection',
  start_stats: 'connection',
  stop_stats: 'connection',
  start_acquisition_stream: 'connection',
  stop_acquisition_stream: 'connection',
  export_acquisition: 'connection',
  cancel_export: 'connection',
  export_view: 'connection',
  export_view_part: 'connection',
  list_setups: 'observe',
  export_setup: 'observe',
  save_setup: 'control',
  recall_setup: 'control',
  delete_setup: 'control',
  import_setup: 'control',
  get_stream_preferences: 'observe',
  // The streams a bench's dashboards open with: the controller's choice, like its settings.
  set_stream_preference: 'control',
  list_alarms: 'observe',
  define_alarm: 'control',
  update_alarm: 'control',
  delete_alarm: 'control',
  // Acknowledging says a person has seen it and is acting: the controller's job.
  acknowledge_alarm: 'control',
  // A bench does not relay to other benches: these are a dashboard backend's own.
  get_fleet: 'connection',
  fleet_command: 'connection',
  fleet_lease: 'connection',
  get_fleet_history: 'connection',
  fleet_subscribe: 'observe',
  fleet_unsubscribe: 'observe',
  fleet_ack: 'observe',
  get_measurement_stats: 'observe',
  get_trend_history: 'observe',
  // Everyone's statistics start again: the controller's call, recorded with who made it.
  reset_measurement_stats: 'control',
};

export interface RemoteCommandContext extends CommandServices {
  acquisitions?: AcquisitionService;
  /** For estimate_export (exports themselves are downloads of a connection). */
  exports?: ExportJobs;
  log: Logger;
  driverTimeoutMs: number;
  /** Records and publishes an event caused by a command (setting_changed). */
  broadcast(event: EventMessage): void;
  /** Why `from` may not run control commands now; undefined when it holds the lease. */
  leaseRefusal(from: string): { holder: string; message: string } | undefined;
}

/** Validates and runs one command from `from`; never rejects. */
export async function runRemoteCommand(
  command: unknown,
  from: string,
  ctx: RemoteCommandContext,
): Promise<FleetReply> {
  const parsed = validateClientMessage(command);
  if (!parsed.ok) return { kind: 'error', ...parsed.error };
  const message = parsed.message;
  if (message.type === 'hello') {
    return {
      kind: 'error',
      code: 'invalid_message',
      message: 'hello has no meaning over NATS: the broker authenticates the connection',
    };
  }
  const role = COMMAND_ROLES[message.type];
  if (role === 'connection') {
    return {
      kind: 'error',
      code: 'invalid_message',
      message: `${message.type} belongs to a live WebSocket connection; over NATS subscribe to the bench's readings, measurements, waveform and events subjects instead`,
    };
  }
  if (role === 'control') {
    const refusal = ctx.leaseRefusal(from);
    if (refusal !== undefined) {
      return {
        kind: 'error',
        code: 'lease_held',
        message: refusal.message,
        details: { holder: refusal.holder === '' ? undefined : refusal.holder, command: message.type },
      };
    }
  }
  const messages: ServerMessage[] = [];
  const peer = collectingPeer(ctx, from, messages);
  try {
    await routeCommand(message, ctx, peer.peer);
  } catch (err) {
    ctx.log.error(`fleet command ${message.type} from ${from} failed`, err);
    return { kind: 'error', code: 'internal', message: 'internal error; see the bench log' };
  } finally {
    peer.dispose();
  }
  return { kind: 'messages', messages };
}

/** A peer for one request: everything sent while the command runs goes into `into`. */
function collectingPeer(
  ctx: RemoteCommandContext,
  from: string,
  into: ServerMessage[],
): { peer: CommandPeer; dispose(): void } {
  let open = true;
  const send = (m: ServerMessage): void => {
    // A message after the reply left (a late progress event) has no request to travel with.
    if (open) into.push(m);
    else ctx.log.debug(`fleet command from ${from}: ${m.type} after the reply; not delivered`);
  };
  const replyError = (
    requestId: ClientCommand['request_id'],
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ): void => send({ type: 'error', request_id: requestId, code, message, details });
  const acquisitions = new AcquisitionCommands({
    service: ctx.acquisitions,
    log: ctx.log,
    encodings: () => ['json'],
    send,
    sendFrame: () => undefined,
    congested: () => false,
    replyError,
  });
  const connectionOnly = (): never => {
    throw new Error('a connection command reached the remote peer');
  };
  const peer: CommandPeer = {
    sessionId: `fleet:${from}`,
    send,
    streams: { start: connectionOnly, stop: connectionOnly, shift: connectionOnly },
    stats: { snapshot: connectionOnly, startPush: connectionOnly, stopPush: connectionOnly },
    parameters: {
      registry: ctx.registry,
      log: ctx.log,
      sessionId: `fleet:${from}`,
      clientName: () => from,
      driverTimeoutMs: ctx.driverTimeoutMs,
      send,
      broadcast: (e) => ctx.broadcast(e),
    },
    acquisitions,
    exports: new ExportCommands({ jobs: ctx.exports, send, replyError }),
  };
  return {
    peer,
    dispose: () => {
      open = false;
      acquisitions.dispose();
    },
  };
}
