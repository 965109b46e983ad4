/**
 * The backend's network face: one HTTP server on one port that serves the dashboard's files and upgrades
 * `/ws` to the WebSocket protocol. Admission happens here — Host and Origin (RequestGate), path, token,
 * and the places of clients and of connections awaiting `hello` (ConnectionSlots); what a connection may do
 * afterwards is ClientSession's business.
 */
import type { FleetAccess } from './fleet/index.js';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CloseCode,
  MAX_CONNECTIONS,
  MAX_INBOUND_TEXT_BYTES,
  MAX_PENDING_CONNECTIONS,
  WS_PATH,
  type AcquisitionProgressMessage,
  type EventMessage,
  type StatsMessage,
} from '../../shared/protocol/index.js';
import type { AcquisitionService } from '../acquisition/index.js';
import type { AlarmEngine } from '../alarms/index.js';
import type { MeasurementStatsService } from '../measurementStats/index.js';
import type { SpectrumService } from '../compute/index.js';
import type { BenchManager } from '../bench/index.js';
import type { ReviewService } from '../review/index.js';
import type { EventJournal } from '../events/index.js';
import type { StreamMemory } from '../streamMemory/index.js';
import type { InstrumentEvent, InstrumentFinder, InstrumentRegistry } from '../instruments/index.js';
import type { StreamManager } from '../streams/index.js';
import type { SetupService } from '../setups/index.js';
import { Emitter, type ListenRetry, listenRetrying, type Logger, securityHeaders } from '../util/index.js';
import { ConnectionSlots, RequestGate, type SessionEvent, tokenMatches } from './admission/index.js';
import {
  ClientSession,
  type EventLoopLag,
  EventLoopMonitor,
  resolveSessionOptions,
  type SessionOptions,
} from './sessions/index.js';
import { DOWNLOAD_PATH_PREFIX, type ExportJobs } from '../export/index.js';
import { serveStatic } from './staticFiles.js';

export interface BenchtopServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** How a fixed port still held (a previous run closing) is waited for; see listenRetrying. */
  listenRetry?: ListenRetry;
  token: string;
  registry: InstrumentRegistry;
  streams: StreamManager;
  log: Logger;
  version: string;
  /** Folder of the built renderer; undefined serves no files (tests). */
  staticDir?: string;
  /** Extra origins allowed to open the socket besides the server's own (e.g. a dev server). */
  extraOrigins?: string[];
  /**
   * Host names answered to besides the bound address and the loopback names (`localhost`, `127.0.0.1`,
   * `[::1]`), in `normalizeHostName` form. Any other Host is refused with 421.
   */
  allowedHosts?: string[];
  /** WebSocket ping period, ms. A client missing two pongs in a row is terminated. */
  heartbeatIntervalMs?: number;
  /** Authenticated clients at once; more are closed with 4429. Default MAX_CONNECTIONS (64). */
  maxConnections?: number;
  /**
   * Connections awaiting `hello` at once, apart from the clients; beyond it the longest-waiting is closed
   * with 4429. Default MAX_PENDING_CONNECTIONS (16).
   */
  maxPendingConnections?: number;
  /** Acquisitions, for the acquisition commands; without it they answer not_found. */
  acquisitions?: AcquisitionService;
  /** Exports (and their single-use download links under /downloads/). */
  exports?: ExportJobs;
  /** The running bench, for add_instrument / remove_instrument. */
  bench?: BenchManager;
  /** Probes and discovery of instruments to add (probe_instrument, discover_instruments). */
  finder?: InstrumentFinder;
  /** The event log: every broadcast event is recorded (and numbered) here, and `get_events` reads it. */
  journal?: EventJournal;
  /** Named setups, for the setup commands; without it they answer not_found. */
  setups?: SetupService;
  /** Which streams each instrument runs (get_stream_preferences / set_stream_preference). */
  streamMemory?: StreamMemory;
  /** Alarms: their commands, and an `alarms` push to every client on each change. */
  alarms?: AlarmEngine;
  /** The fleet, on a backend started with --nats (fleet commands); undefined answers them with not_found. */
  fleet?: FleetAccess;
  /** Measurement statistics and trends: their commands, and a `measurement_stats` push on each change. */
  measurementStats?: MeasurementStatsService;
  /** Capture review (review_acquisition); without it the command answers not_found. */
  review?: ReviewService;
  /** Spectra in the compute pool (get_spectrum); without it they are computed on the event loop. */
  spectra?: SpectrumService;
  /** Per-connection limits (watermarks, slow-consumer time, byte budget, driver timeout); see SessionOptions. */
  session?: Partial<SessionOptions>;
  /**
   * Extra HTTP handlers by exact path, e.g. the benchmark harness's report endpoint. The desktop app and
   * the CLI pass none.
   */
  httpRoutes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
}

export type { SessionEvent } from './admission/index.js';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;
/** Events kept for the next client while none is connected. */
const MAX_UNDELIVERED_EVENTS = 100;

export class BenchtopServer {
  /** This run of the backend, sent in every `welcome`: a new one tells clients the backend restarted. */
  readonly instanceId = randomUUID();
  readonly #options: BenchtopServerOptions;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  /** Every open socket's session: pending, authenticated, and closing ones until their socket closes. */
  readonly #sessions = new Map<WebSocket, ClientSession>();
  readonly #slots: ConnectionSlots<ClientSession>;
  readonly #gate: RequestGate;
  readonly #eventLoop = new EventLoopMonitor();
  readonly #sessionOptions: SessionOptions;
  readonly #unsubscribers: (() => void)[] = [];
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  readonly #undelivered: EventMessage[] = [];
  /** Authentication and departure of clients, for the link-loss watchdog. */
  readonly sessionEvents: Emitter<SessionEvent>;
  /**
   * Every event broadcast, once recorded: the working setup hears setting changes here, a fleet agent
   * publishes them to its bench's events subject.
   */
  readonly broadcasts = new Emitter<EventMessage>();

  constructor(options: BenchtopServerOptions) {
    this.#options = options;
    this.#sessionOptions = resolveSessionOptions(options.session);
    this.#slots = new ConnectionSlots({
      maxClients: options.maxConnections ?? MAX_CONNECTIONS,
      maxPending: options.maxPendingConnections ?? MAX_PENDING_CONNECTIONS,
    });
    this.sessionEvents = this.#slots.events;
    this.#gate = new RequestGate(options.log);
    this.#http = createServer((req, res) => {
      const host = this.#gate.checkHost(req, 'HTTP');
      if (!host.ok) {
        res.writeHead(421, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(this.#gate.hostRefusalText(host));
        return;
      }
      const route = options.httpRoutes?.[new URL(req.url ?? '/', 'http://localhost').pathname];
      if (route) return route(req, res);
      const downloads = options.exports?.downloads;
      if (downloads && req.url?.startsWith(DOWNLOAD_PATH_PREFIX)) {
        downloads.serve(req, res).catch((err: unknown) => {
          options.log.error('download failed', err);
          res.destroy();
        });
        return;
      }
      if (req.url === '/healthz') {
        res.writeHead(200, { ...securityHeaders(), 'Content-Type': 'text/plain' });
        res.end('ok');
        return;
      }
      serveStatic(options.staticDir, req, res).catch((err: unknown) => {
        options.log.error('static file error', err);
        res.destroy();
      });
    });
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_INBOUND_TEXT_BYTES,
      clientTracking: false,
    });
    this.#http.on('upgrade', (req, socket, head) => this.#onUpgrade(req, socket, head));
  }

  /**
   * Starts listening; resolves with the bound address. A fixed port still in use is waited for a moment
   * (`listenRetry`); rejects (e.g. EADDRINUSE after that) without side effects.
   */
  async listen(): Promise<{ host: string; port: number }> {
    const { port, host } = this.#options;
    await listenRetrying(this.#http, port, host, {
      onWaiting: (p, windowMs) =>
        this.#options.log.warn(`port ${p} on ${host} is in use; waiting up to ${windowMs} ms for it`),
      ...this.#options.listenRetry,
    });
    // Still before any request is read (a request needs a later turn of the event loop): requests are
    // refused until the policy exists.
    const address = this.#http.address() as AddressInfo;
    this.#gate.open({
      boundAddress: address.address,
      port: address.port,
      allowedHosts: this.#options.allowedHosts,
      extraOrigins: this.#options.extraOrigins,
    });
    this.#eventLoop.start();
    this.#startHeartbeat();
    this.#forwardEvents();
    return { host: address.address, port: address.port };
  }

  /** Open sockets: authenticated, awaiting `hello`, and closing. */
  get connectionCount(): number {
    return this.#sessions.size;
  }

  /** Clients that proved the token and are not closing. */
  get authenticatedCount(): number {
    return this.#slots.authenticatedCount;
  }

  /** Connections awaiting `hello`. */
  get pendingCount(): number {
    return this.#slots.pendingCount;
  }

  sessions(): ClientSession[] {
    return [...this.#sessions.values()];
  }

  /** Event-loop lag of this process over the last 10-20 s, ms. */
  eventLoopLag(): EventLoopLag {
    return this.#eventLoop.lag();
  }

  /** Figures for `stats.server`. */
  serverStats(): StatsMessage['server'] {
    const lag = this.#eventLoop.lag();
    return {
      connections: this.#sessions.size,
      producers: this.#options.streams.producerCount,
      subscriptions: this.#options.streams.subscriptionCount,
      event_loop_lag_p50_ms: lag.p50Ms,
      event_loop_lag_p99_ms: lag.p99Ms,
      event_loop_lag_max_ms: lag.maxMs,
    };
  }

  broadcast(unlogged: EventMessage): void {
    const event = this.#options.journal?.append(unlogged) ?? unlogged;
    this.broadcasts.emit(event);
    const ready = [...this.#sessions.values()].filter((s) => s.ready);
    // With nobody listening (e.g. the safe state applied after a link loss), keep the event for the next
    // client, so the record reaches a person; bounded, oldest dropped first.
    if (ready.length === 0) {
      this.#undelivered.push(event);
      if (this.#undelivered.length > MAX_UNDELIVERED_EVENTS) this.#undelivered.shift();
    }
    for (const session of ready) session.sendEvent(event);
  }

  /**
   * Sends a message every ready client gets that is not an event: not kept in the event log, nor kept for
   * a client that connects later (a deep capture's progress is stale by then).
   */
  broadcastUnlogged(message: AcquisitionProgressMessage): void {
    for (const session of this.#sessions.values()) session.sendUnlogged(message);
  }

  /** Sends every ready client the alarms' definitions and states (after each change). */
  #pushAlarms(): void {
    const alarms = this.#options.alarms;
    if (alarms === undefined) return;
    const message = { type: 'alarms' as const, ...alarms.snapshot() };
    for (const session of this.#sessions.values()) session.push(message);
  }

  /** Hands events kept while nobody was connected to a session that just became ready. */
  #deliverKept(session: ClientSession): void {
    if (!session.ready || this.#undelivered.length === 0) return;
    for (const event of this.#undelivered.splice(0)) session.sendEvent(event);
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#eventLoop.stop();
    for (const unsubscribe of this.#unsubscribers.splice(0)) unsubscribe();
    for (const [ws, session] of this.#sessions) {
      session.close(CloseCode.goingAway, 'server shutting down');
      ws.terminate();
      this.#remove(ws, session);
    }
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
    this.#http.closeAllConnections();
  }

  #forwardEvents(): void {
    const toMessage = (event: InstrumentEvent): EventMessage => ({
      type: 'event',
      level: event.level,
      kind: event.kind,
      equipment_id: event.equipmentId,
      channel: event.channel,
      message: event.message,
      details: event.details,
      timestamp: event.timestampMs,
    });
    this.#unsubscribers.push(this.#options.registry.events.on((e) => this.broadcast(toMessage(e))));
    this.#unsubscribers.push(this.#options.streams.events.on((e) => this.broadcast(toMessage(e))));
    const alarms = this.#options.alarms;
    if (alarms) this.#unsubscribers.push(alarms.changes.on(() => this.#pushAlarms()));
    const stats = this.#options.measurementStats;
    if (stats) this.#unsubscribers.push(stats.changes.on((id) => this.#pushMeasurementStats(stats, id)));
  }

  /** Sends every ready client one instrument's measurement statistics (after each record counted). */
  #pushMeasurementStats(stats: MeasurementStatsService, equipmentId: string): void {
    if (this.#sessions.size === 0) return;
    const message = { type: 'measurement_stats' as const, ...stats.snapshot(equipmentId) };
    for (const session of this.#sessions.values()) session.push(message);
  }

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      // A request target such as "//[" is no URL; thrown here, it would escape the 'upgrade' listener and
      // take the whole backend down.
      return rejectUpgrade(socket, 400, 'Bad Request');
    }
    const host = this.#gate.checkHost(req, 'WebSocket');
    if (!host.ok) return rejectUpgrade(socket, 421, 'Misdirected Request', this.#gate.hostRefusalText(host));
    if (url.pathname !== WS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    const originAllowed = this.#gate.checkOrigin(req);
    const urlToken = url.searchParams.get('token');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      // A browser hides an HTTP refusal of an upgrade (every failure is 1006), so a page from another
      // origin is told in a close frame, before a single message of it is read: it learns only what to
      // ask the backend's owner for, and nothing it sends is looked at.
      if (!originAllowed) {
        ws.close(CloseCode.originNotAllowed, originRefusal(req.headers.origin ?? ''));
        return;
      }
      if (urlToken !== null && !tokenMatches(urlToken, this.#options.token)) {
        ws.close(CloseCode.unauthorized, 'invalid token');
        return;
      }
      if (urlToken !== null && !this.#slots.hasClientSlot()) {
        ws.close(CloseCode.tryAgainLater, 'too many connections');
        return;
      }
      if (urlToken === null) this.#slots.makeRoomForPending();
      this.#accept(ws, socket, urlToken !== null);
    });
  }

  #accept(ws: WebSocket, socket: Duplex, authenticatedByUrl: boolean): void {
    const session = new ClientSession(
      ws,
      {
        token: this.#options.token,
        streams: this.#options.streams,
        registry: this.#options.registry,
        log: this.#options.log,
        server: { name: 'benchtop', version: this.#options.version },
        instanceId: this.instanceId,
        options: this.#sessionOptions,
        serverStats: () => this.serverStats(),
        broadcast: (event) => this.broadcast(event),
        acquisitions: this.#options.acquisitions,
        exports: this.#options.exports,
        admit: (s) => this.#slots.admit(s),
        released: (s) => this.#slots.release(s),
        bench: this.#options.bench,
        journal: this.#options.journal,
        setups: this.#options.setups,
        streamMemory: this.#options.streamMemory,
        finder: this.#options.finder,
        alarms: this.#options.alarms,
        review: this.#options.review,
        fleet: this.#options.fleet,
        measurementStats: this.#options.measurementStats,
        spectra: this.#options.spectra,
      },
      { authenticatedByUrl, socket },
    );
    this.#sessions.set(ws, session);
    if (authenticatedByUrl) this.#slots.admit(session);
    else this.#slots.addPending(session);
    this.#deliverKept(session);
    ws.on('message', (data, isBinary) => {
      const wasReady = session.ready;
      session.handleFrame(data, isBinary);
      if (!wasReady) this.#deliverKept(session);
    });
    ws.on('pong', () => {
      session.missedPongs = 0;
    });
    ws.on('error', (err) => this.#options.log.debug(`socket error: ${err.message}`));
    ws.on('close', () => this.#remove(ws, session));
  }

  /** Forgets a socket's session once the socket has closed (or been terminated); idempotent. */
  #remove(ws: WebSocket, session: ClientSession): void {
    session.dispose();
    if (this.#sessions.get(ws) === session) this.#sessions.delete(ws);
  }

  #startHeartbeat(): void {
    const periodMs = this.#options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
    this.#heartbeat = setInterval(() => {
      for (const [ws, session] of this.#sessions) {
        if (session.missedPongs >= 2) {
          this.#options.log.info(`terminating session ${session.id}: missed two heartbeats`);
          this.#remove(ws, session);
          ws.terminate();
          continue;
        }
        session.missedPongs++;
        ws.ping();
      }
    }, periodMs);
    this.#heartbeat.unref();
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string, body = ''): void {
  const head =
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n` +
    (body ? 'Content-Type: text/plain; charset=utf-8\r\n' : '') +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  socket.end(head + body);
}

/** The close reason for a refused origin: the flag to admit it, within a close frame's 123 bytes. */
export function originRefusal(origin: string): string {
  const full = `origin not allowed; start this backend with --allow-origin ${origin}`;
  return Buffer.byteLength(full) <= 123 && /^[\x21-\x7e]*$/.test(origin) ? full : 'origin not allowed';
}
