/**
 * One WebSocket connection: its handshake, its commands, its streams and its send queue. A session never
 * throws out to the server; every fault becomes an `error` reply or a close with a reason. Stream commands
 * live in SessionStreams, instrument commands in parameterCommands, the send queue in OutboundQueue.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import {
  CloseCode,
  PROTOCOL_VERSION,
  parseClientMessage,
  requestIdOf,
  type ClientCommand,
  type Encoding,
  type ErrorCode,
  type AcquisitionProgressMessage,
  type EventMessage,
  type HelloMessage,
  type RequestId,
  type ServerMessage,
  type StatsMessage,
} from '../../../shared/protocol/index.js';
import type { AcquisitionService } from '../../acquisition/index.js';
import type { AlarmEngine } from '../../alarms/index.js';
import type { MeasurementStatsService } from '../../measurementStats/index.js';
import type { SpectrumService } from '../../compute/index.js';
import type { BenchManager } from '../../bench/index.js';
import type { ReviewService } from '../../review/index.js';
import type { EventJournal } from '../../events/index.js';
import type { StreamMemory } from '../../streamMemory/index.js';
import type { InstrumentFinder, InstrumentRegistry } from '../../instruments/index.js';
import type { StreamManager } from '../../streams/index.js';
import { formatBytes, formatMs, type Logger } from '../../util/index.js';
import { AcquisitionCommands } from '../acquisitions/index.js';
import { CommandRateLimit } from './CommandRateLimit.js';
import { ExportCommands } from '../exports/index.js';
import type { SetupService } from '../../setups/index.js';
import { type CommandPeer, routeCommand } from '../commands/index.js';
import { type FleetAccess, FleetFeed } from '../fleet/index.js';
import type { ExportJobs } from '../../export/index.js';
import { judgeHello } from '../admission/index.js';
import type { ParameterCommandContext } from '../instruments/index.js';
import { type BatchableSocket, OutboundQueue, SessionStreams } from '../streams/index.js';
import type { SessionOptions } from './sessionOptions.js';
import { sessionStats } from './sessionStats.js';
import { StatsPush } from './StatsPush.js';

export interface SessionContext {
  token: string;
  streams: StreamManager;
  registry: InstrumentRegistry;
  log: Logger;
  server: { name: string; version: string };
  /** This run of the backend (`welcome.instance_id`). */
  instanceId: string;
  options: SessionOptions;
  /** Server-wide figures for `stats`. */
  serverStats(): StatsMessage['server'];
  /** Tells every other session about a change this one made (setting_changed). */
  broadcast(event: EventMessage): void;
  /** Acquisitions; undefined answers every acquisition command with not_found. */
  acquisitions?: AcquisitionService;
  /** Exports; undefined answers every export command with not_found. */
  exports?: ExportJobs;
  /**
   * The server's admission, asked when a `hello` has proved the token on a connection that had not yet:
   * false when the authenticated-client limit is reached (the session then closes with 4429).
   */
  admit(session: ClientSession): boolean;
  /** Told once, when the session is released (closed from either side, or refused). */
  released(session: ClientSession): void;
  /** The running bench (add/remove instruments); undefined answers those commands with not_found. */
  bench?: BenchManager;
  /** Probes and discovery of instruments to add; undefined answers those commands with not_found. */
  finder?: InstrumentFinder;
  /** The event log, for `get_events`; undefined answers it with not_found. */
  journal?: EventJournal;
  /** Named setups; undefined answers the setup commands with not_found. */
  setups?: SetupService;
  /** Remembered streams; undefined answers their commands with not_found. */
  streamMemory?: StreamMemory;
  /** Alarms, for the alarm commands; undefined answers them with not_found. */
  alarms?: AlarmEngine;
  /** The fleet (a backend started with --nats); undefined answers the fleet commands with not_found. */
  fleet?: FleetAccess;
  /** Measurement statistics and trends; undefined answers their commands with not_found. */
  measurementStats?: MeasurementStatsService;
  /** Capture review; undefined answers review_acquisition with not_found. */
  review?: ReviewService;
  /** Spectra in the compute pool; undefined computes get_spectrum on the event loop. */
  spectra?: SpectrumService;
}

type SessionState = 'pending' | 'ready' | 'closed';

/** Which of a session's timers are set; all false once it is disposed (tests check nothing leaks). */
export interface SessionTimers {
  hello: boolean;
  drain: boolean;
  stats: boolean;
  closeGrace: boolean;
}

export class ClientSession {
  readonly id = randomUUID();
  readonly #ws: WebSocket;
  readonly #ctx: SessionContext;
  readonly #queue: OutboundQueue;
  readonly #streams: SessionStreams;
  readonly #statsPush: StatsPush;
  readonly #parameters: ParameterCommandContext;
  readonly #acquisitions: AcquisitionCommands;
  readonly #exports: ExportCommands;
  readonly #rateLimit: CommandRateLimit;
  readonly #fleetFeed: FleetFeed | undefined;
  /** This session as the command router sees it. */
  readonly #peer: CommandPeer;
  #state: SessionState = 'pending';
  #encodings: Encoding[] = ['json'];
  #helloTimer: ReturnType<typeof setTimeout> | undefined;
  #closeGraceTimer: ReturnType<typeof setTimeout> | undefined;
  #messagesReceived = 0;
  /** The name the client gave in `hello`, for the events log's "who". */
  #clientName: string | undefined;
  /** Heartbeat bookkeeping, driven by the server: pings sent without a pong since. */
  missedPongs = 0;

  /**
   * @param options.socket the connection's TCP socket (the one ws runs on), for batching writes; optional
   *   so a session can be built on a bare ws socket in tests.
   */
  constructor(
    ws: WebSocket,
    ctx: SessionContext,
    options: { authenticatedByUrl: boolean; socket?: BatchableSocket },
  ) {
    this.#ws = ws;
    this.#ctx = ctx;
    const { slowConsumerMs, maxQueuedBytes } = ctx.options;
    this.#rateLimit = new CommandRateLimit(ctx.options.commandsPerS, ctx.options.commandBurst);
    this.#queue = new OutboundQueue(ws, {
      socket: options.socket,
      highWatermarkBytes: ctx.options.highWatermarkBytes,
      lowWatermarkBytes: ctx.options.lowWatermarkBytes,
      inFlightWindowBytes: ctx.options.inFlightWindowBytes,
      slowConsumerMs,
      onSlowConsumer: () => {
        ctx.log.warn(`session ${this.id}: send buffer above the watermark for ${slowConsumerMs} ms; closing`);
        this.close(
          CloseCode.policyViolation,
          `client too slow: send buffer full for ${formatMs(slowConsumerMs)}`,
        );
      },
      maxQueuedBytes,
      onOverflow: (queuedBytes) => {
        ctx.log.warn(
          `session ${this.id}: ${queuedBytes} bytes would be queued, over the bound of ${maxQueuedBytes}; closing`,
        );
        this.close(
          CloseCode.policyViolation,
          `client not reading: over ${formatBytes(maxQueuedBytes)} queued`,
        );
      },
    });
    this.#streams = new SessionStreams({
      ownerId: this.id,
      streams: ctx.streams,
      registry: ctx.registry,
      queue: this.#queue,
      fullResolutionBytesPerS: ctx.options.fullResolutionBytesPerS,
      encodings: () => this.#encodings,
      send: (m) => this.#send(m),
      replyError: (id, code, message, details) => this.#replyError(id, code, message, details),
    });
    this.#statsPush = new StatsPush(() => this.#send(this.stats()));
    this.#parameters = {
      registry: ctx.registry,
      log: ctx.log,
      sessionId: this.id,
      clientName: () => this.#clientName,
      driverTimeoutMs: ctx.options.driverTimeoutMs,
      send: (m) => this.#send(m),
      sendFrame: (f) => this.#queue.sendControl(f),
      broadcast: (e) => ctx.broadcast(e),
    };
    this.#exports = new ExportCommands({
      jobs: ctx.exports,
      send: (m) => this.#send(m),
      replyError: (id, code, message, details) => this.#replyError(id, code, message, details),
    });
    this.#acquisitions = new AcquisitionCommands({
      service: ctx.acquisitions,
      log: ctx.log,
      encodings: () => this.#encodings,
      send: (m) => this.#send(m),
      sendFrame: (f) => this.#queue.sendControl(f),
      congested: () => this.#queue.congested,
      replyError: (id, code, message, details) => this.#replyError(id, code, message, details),
    });
    this.#fleetFeed =
      ctx.fleet &&
      new FleetFeed({
        fleet: ctx.fleet,
        send: (m) => this.#send(m),
        binary: () => this.#encodings.includes('binary'),
        // A bundle of the benches' frames (one copy of their bytes): one fragment.
        sendFrame: (bytes) => this.#queue.sendControl({ binary: true, parts: [bytes] }),
        congested: () => this.#queue.congested,
        ackTimeoutMs: ctx.options.fleetAckTimeoutMs,
      });
    this.#peer = {
      sessionId: this.id,
      fleetFeed: this.#fleetFeed,
      send: (m) => this.#send(m),
      sendFrame: (frame) => {
        if (!this.#encodings.includes('binary')) return false;
        this.#queue.sendControl(frame);
        return true;
      },
      streams: this.#streams,
      stats: {
        snapshot: () => this.stats(),
        startPush: (intervalMs) => this.#statsPush.start(intervalMs),
        stopPush: () => this.#statsPush.stop(),
      },
      parameters: this.#parameters,
      acquisitions: this.#acquisitions,
      exports: this.#exports,
    };
    if (options.authenticatedByUrl) {
      // Guide-style client: the token in the URL is its handshake. JSON only until it says otherwise.
      this.#state = 'ready';
    } else {
      const { helloTimeoutMs } = ctx.options;
      this.#helloTimer = setTimeout(
        () => this.close(CloseCode.handshakeTimeout, `no hello within ${formatMs(helloTimeoutMs)}`),
        helloTimeoutMs,
      );
    }
  }

  get ready(): boolean {
    return this.#state === 'ready';
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  get streamCount(): number {
    return this.#streams.size;
  }

  timers(): SessionTimers {
    return {
      hello: this.#helloTimer !== undefined,
      drain: this.#queue.drainScheduled,
      stats: this.#statsPush.running,
      closeGrace: this.#closeGraceTimer !== undefined,
    };
  }

  handleFrame(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    this.#messagesReceived++;
    const verdict = this.#rateLimit.judge(performance.now());
    if (verdict !== 'run') return this.#overRate(verdict, data, isBinary);
    if (isBinary) {
      if (this.#state === 'pending') return this.#rejectBeforeHandshake(undefined);
      this.#replyError(
        undefined,
        'invalid_message',
        'binary frames are not accepted from clients; send JSON text',
      );
      return;
    }
    const parsed = parseClientMessage(frameText(data));
    if (!parsed.ok) {
      if (this.#state === 'pending') return this.#rejectBeforeHandshake(parsed.request_id);
      this.#replyError(parsed.request_id, parsed.error.code, parsed.error.message, parsed.error.details);
      return;
    }
    const message = parsed.message;
    if (message.type === 'hello') return this.#onHello(message);
    if (this.#state === 'pending') return this.#rejectBeforeHandshake(message.request_id);
    this.#dispatch(message).catch((err: unknown) => {
      this.#ctx.log.error(`session ${this.id}: ${message.type} failed`, err);
      this.#replyError(message.request_id, 'internal', 'internal error; see the backend log');
    });
  }

  /** Forwards an instrument or server event to this client. */
  sendEvent(event: EventMessage): void {
    if (this.#state === 'ready') this.#send(event);
  }

  /** A broadcast that is not an event (BenchtopServer.broadcastUnlogged); only once ready. */
  sendUnlogged(message: AcquisitionProgressMessage): void {
    if (this.#state === 'ready') this.#send(message);
  }

  /** Pushes a server-wide state message (alarm states) to this client once it is ready. */
  push(message: ServerMessage): void {
    if (this.#state === 'ready') this.#send(message);
  }

  /**
   * Releases the session and starts the closing handshake. A client that does not complete it within
   * `closeGraceMs` (a stalled one never reads the close frame) has its socket destroyed.
   */
  close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#dispose();
    this.#ws.close(code, reason);
    if (this.#ws.readyState === this.#ws.CLOSED) return;
    this.#closeGraceTimer = setTimeout(() => {
      this.#closeGraceTimer = undefined;
      this.#ws.terminate();
    }, this.#ctx.options.closeGraceMs);
    this.#closeGraceTimer.unref();
  }

  /** Releases everything the session holds; idempotent. Called when the socket closed, from either side. */
  dispose(): void {
    clearTimeout(this.#closeGraceTimer);
    this.#closeGraceTimer = undefined;
    this.#dispose();
  }

  stats(): StatsMessage {
    return sessionStats({
      sessionId: this.id,
      queue: this.#queue,
      streams: this.#streams,
      messagesReceived: this.#messagesReceived,
      fullResolutionBudgetBytesPerS: this.#ctx.options.fullResolutionBytesPerS,
      server: this.#ctx.serverStats(),
      instruments: this.#ctx.registry.linkStats(),
    });
  }

  #dispose(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#helloTimer);
    this.#helloTimer = undefined;
    this.#statsPush.stop();
    this.#streams.dispose();
    this.#acquisitions.dispose();
    this.#fleetFeed?.dispose();
    this.#queue.dispose();
    this.#ctx.released(this);
  }

  /** A message over the rate limit is not run: answered `rate_limited`, or the connection closed. */
  #overRate(verdict: 'refuse' | 'close', data: WebSocket.RawData, isBinary: boolean): void {
    const { commandsPerS, commandBurst } = this.#ctx.options;
    if (verdict === 'close') {
      this.#ctx.log.warn(`session ${this.id}: kept sending over ${commandsPerS} commands/s; closing`);
      this.close(CloseCode.policyViolation, `too many commands: over ${commandsPerS} a second`);
      return;
    }
    this.#replyError(
      isBinary ? undefined : requestIdOf(frameText(data)),
      'rate_limited',
      `more than ${commandsPerS} commands a second (bursts of ${commandBurst}): not run; slow down and retry`,
      { limit_per_s: commandsPerS, burst: commandBurst },
    );
  }

  #rejectBeforeHandshake(requestId: RequestId | undefined): void {
    this.#send({
      type: 'error',
      request_id: requestId,
      code: 'handshake_required',
      message: 'send hello with a token first',
    });
    this.close(CloseCode.unauthorized, 'handshake required: hello with token');
  }

  #onHello(hello: HelloMessage): void {
    const verdict = judgeHello(hello, this.#ctx.token, this.#state === 'ready');
    if (verdict.kind === 'refuse') {
      if (verdict.error) this.#send(verdict.error);
      return this.close(verdict.close.code, verdict.close.reason);
    }
    if (this.#state === 'pending' && !this.#ctx.admit(this)) {
      return this.close(CloseCode.tryAgainLater, 'too many connections');
    }
    clearTimeout(this.#helloTimer);
    this.#helloTimer = undefined;
    this.#state = 'ready';
    this.#encodings = verdict.encodings;
    this.#clientName = hello.client;
    this.#send({
      type: 'welcome',
      request_id: hello.request_id,
      protocol: PROTOCOL_VERSION,
      session_id: this.id,
      instance_id: this.#ctx.instanceId,
      server: this.#ctx.server,
      encodings: this.#encodings,
    });
  }

  #dispatch(message: ClientCommand): Promise<void> {
    return routeCommand(message, this.#ctx, this.#peer);
  }

  #replyError(
    requestId: RequestId | undefined,
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ): void {
    this.#send({ type: 'error', request_id: requestId, code, message, details });
  }

  #send(message: ServerMessage): void {
    this.#queue.sendControl(JSON.stringify(message));
  }
}

function frameText(data: WebSocket.RawData): string {
  return Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as ArrayBuffer).toString('utf8');
}
