/**
 * The one command router behind every transport (WebSocket sessions and NATS request/reply): the same
 * zod-validated `ClientCommand`, the same replies and errors. A transport supplies a `CommandPeer` — where
 * replies go and the pieces that belong to one caller (its streams, stats pushes, acquisition views) — and
 * the router only chooses the handler. New commands add one case line here.
 */
import {
  PROTOCOL_VERSION,
  STATS_INTERVAL_DEFAULT_MS,
  type ClientCommand,
  type ServerMessage,
  type StatsMessage,
} from '../../../shared/protocol/index.js';
import type { BenchManager } from '../../bench/index.js';
import type { EventJournal } from '../../events/index.js';
import { describeDrivers, type InstrumentFinder, type InstrumentRegistry } from '../../instruments/index.js';
import type { AcquisitionCommands } from '../acquisitions/index.js';
import type { AlarmEngine } from '../../alarms/index.js';
import { handleAlarmCommand } from '../alarms/index.js';
import type { SetupService } from '../../setups/index.js';
import { handleSetupCommand } from '../setups/index.js';
import type { StreamMemory } from '../../streamMemory/index.js';
import { handleStreamMemoryCommand } from '../streamMemory/index.js';
import type { MeasurementStatsService } from '../../measurementStats/index.js';
import { handleMeasurementStatsCommand } from '../measurementStats/index.js';
import { handleGetEvents } from '../events/index.js';
import { type FleetAccess, type FleetFeed, handleFleetCommand } from '../fleet/index.js';
import { handleGetSpectrum } from '../spectrum/index.js';
import type { ExportCommands } from '../exports/index.js';
import {
  getParameters,
  handleFindCommand,
  handleInstrumentCommand,
  type ParameterCommandContext,
  setParameter,
} from '../instruments/index.js';
import type { SessionStreams } from '../streams/index.js';
import type { ReviewService } from '../../review/index.js';
import type { SpectrumService } from '../../compute/index.js';
import { handleReviewCommand } from '../review/index.js';

/** What the whole backend offers every caller; undefined parts answer their commands with not_found. */
export interface CommandServices {
  registry: InstrumentRegistry;
  bench?: BenchManager;
  finder?: InstrumentFinder;
  journal?: EventJournal;
  /** The fleet, on a backend started with --nats. */
  fleet?: FleetAccess;
  /** Named setups and the working setup. */
  setups?: SetupService;
  /** Which streams each instrument runs. */
  streamMemory?: StreamMemory;
  /** The alarm engine. */
  alarms?: AlarmEngine;
  /** Measurement statistics and trend history. */
  measurementStats?: MeasurementStatsService;
  /** Capture review from disk. */
  review?: ReviewService;
  /** Spectra in the compute pool; without it `get_spectrum` computes on the event loop. */
  spectra?: SpectrumService;
}

/** One caller of the router, as its transport sees it. */
export interface CommandPeer {
  /** Who is calling, as events and logs name it (a session id, or `fleet:<from>`). */
  readonly sessionId: string;
  /** Sends a reply (or any later message) to this caller. */
  send(message: ServerMessage): void;
  /** Sends a binary frame when this caller accepted them in `hello` (true); else sends nothing (false). */
  sendFrame?(frame: ArrayBuffer): boolean;
  streams: Pick<SessionStreams, 'start' | 'stop' | 'shift'>;
  stats: {
    snapshot(): StatsMessage;
    /** Starts (or restarts) periodic stats pushes at `intervalMs`. */
    startPush(intervalMs: number): void;
    stopPush(): void;
  };
  parameters: ParameterCommandContext;
  acquisitions: Pick<AcquisitionCommands, 'handle'>;
  exports: Pick<ExportCommands, 'handle'>;
  /** This caller's live fleet push; undefined where there is none (no --nats, or a NATS request). */
  fleetFeed?: FleetFeed;
}

/**
 * Runs one validated command for `peer`. Rejects only on a fault the handler did not turn into an `error`
 * reply; the transport answers that with `internal`.
 */
export async function routeCommand(
  message: ClientCommand,
  services: CommandServices,
  peer: CommandPeer,
): Promise<void> {
  switch (message.type) {
    case 'ping':
      return peer.send({
        type: 'pong',
        request_id: message.request_id,
        timestamp: Date.now(),
        client_time: message.client_time,
      });
    case 'get_info':
      return peer.send({
        type: 'info',
        request_id: message.request_id,
        protocol: PROTOCOL_VERSION,
        instruments: services.registry.catalog(),
        // A backend without a bench cannot add instruments: it offers no drivers.
        drivers: services.bench ? describeDrivers() : [],
      });
    case 'start_stream':
      return peer.streams.start(message);
    case 'stop_stream':
      return peer.streams.stop(message);
    case 'shift_stream':
      return peer.streams.shift(message);
    case 'get_stats':
      return peer.send({ ...peer.stats.snapshot(), request_id: message.request_id });
    case 'start_stats':
      // The acknowledgement is the first stats message, carrying the request id; pushes carry none.
      peer.stats.startPush(message.interval_ms ?? STATS_INTERVAL_DEFAULT_MS);
      return peer.send({ ...peer.stats.snapshot(), request_id: message.request_id });
    case 'stop_stats':
      // Idempotent; acknowledged with a last stats message.
      peer.stats.stopPush();
      return peer.send({ ...peer.stats.snapshot(), request_id: message.request_id });
    case 'get_parameters':
      return getParameters(peer.parameters, message);
    case 'set_parameter':
      return setParameter(peer.parameters, message);
    case 'add_instrument':
    case 'remove_instrument':
      return handleInstrumentCommand({ bench: services.bench, send: (m) => peer.send(m) }, message);
    case 'probe_instrument':
    case 'discover_instruments':
      return handleFindCommand(
        { finder: services.finder, registry: services.registry, send: (m) => peer.send(m) },
        message,
      );
    case 'get_events':
      return handleGetEvents(services.journal, message, (m) => peer.send(m));
    case 'get_spectrum':
      return handleGetSpectrum(peer.parameters, services.spectra, message);
    case 'get_stream_preferences':
    case 'set_stream_preference':
      return handleStreamMemoryCommand(services.streamMemory, message, (m) => peer.send(m));
    case 'define_alarm':
    case 'update_alarm':
    case 'delete_alarm':
    case 'list_alarms':
    case 'acknowledge_alarm':
      return handleAlarmCommand(
        { engine: services.alarms, sessionId: peer.sessionId, send: (m) => peer.send(m) },
        message,
      );
    case 'create_acquisition':
    case 'list_acquisitions':
    case 'get_acquisition':
    case 'start_acquisition':
    case 'pause_acquisition':
    case 'resume_acquisition':
    case 'stop_acquisition':
    case 'delete_acquisition':
    case 'start_acquisition_stream':
    case 'stop_acquisition_stream':
      return peer.acquisitions.handle(message);
    case 'export_acquisition':
    case 'estimate_export':
    case 'cancel_export':
    case 'export_view':
    case 'export_view_part':
      return peer.exports.handle(message);
    case 'list_setups':
    case 'save_setup':
    case 'recall_setup':
    case 'delete_setup':
    case 'import_setup':
    case 'export_setup':
      return handleSetupCommand(
        { setups: services.setups, sessionId: peer.sessionId, send: (m) => peer.send(m) },
        message,
      );
    case 'get_fleet':
    case 'fleet_command':
    case 'fleet_lease':
    case 'get_fleet_history':
    case 'fleet_subscribe':
    case 'fleet_unsubscribe':
    case 'fleet_ack':
      return handleFleetCommand(services.fleet, message, { feed: peer.fleetFeed, send: (m) => peer.send(m) });
    case 'get_measurement_stats':
    case 'reset_measurement_stats':
    case 'get_trend_history':
      return handleMeasurementStatsCommand(
        { ...peer.parameters, stats: services.measurementStats, send: (m) => peer.send(m) },
        message,
      );
    case 'review_acquisition':
      return handleReviewCommand(
        services.review,
        message,
        (m) => peer.send(m),
        (f) => peer.sendFrame?.(f) ?? false,
      );
    default: {
      const unreachable: never = message;
      throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
    }
  }
}
