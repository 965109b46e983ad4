/**
 * The renderer's one connection to the backend, as a plain class (no React): explicit states, reconnect
 * with jittered backoff that never gives up while waiting can help, a handshake on every (re)connect,
 * resubscription of every stream the user started, request/reply correlation by `request_id`, statistics,
 * and what went wrong: why it is not connected (connectionProblem.ts), since when, and whether the backend
 * it found again is the one it lost or a restarted one (`welcome.instance_id`).
 *
 * It keeps the socket's life cycle and its states, and composes the parts that do the rest: RetryLoop
 * (attempts and backoff waits), MessageIntake (what arrives; BinaryFrames for bytes), PendingRequests,
 * SessionStart (what a session starts with), LinkHistory (losses and restarts), ConnectionCounters
 * (statistics), FleetFlushAck, StreamTracker and HandlerRegistry.
 */
import type { BackendEndpoint } from '../../shared/bridge';
import type { FleetWaveformFrame } from '../../shared/codec/fleetWaveformFrame';
import type { DecodedFrame } from '../../shared/codec/frame';
import { PROTOCOL_VERSION } from '../../shared/protocol/constants';
import type { ClientCommand } from '../../shared/protocol/client';
import type { ServerMessage, StreamStartedMessage, WelcomeMessage } from '../../shared/protocol/server';
import { callEach } from './callEach';
import { ConnectionCounters } from './ConnectionCounters';
import { problemFromClose, type ConnectionProblem } from './connectionProblem';
import { FleetFlushAck } from './FleetFlushAck';
import { HandlerRegistry } from './HandlerRegistry';
import { LinkHistory } from './LinkHistory';
import { MessageIntake } from './MessageIntake';
import { PendingRequests } from './PendingRequests';
import { RetryLoop } from './RetryLoop';
import { SessionStart } from './SessionStart';
import { StreamTracker } from './StreamTracker';

export * from './connectionTypes';
import {
  type BenchSocket,
  type ConnectionManagerOptions,
  type ConnectionState,
  type LinkEvent,
  RequestError,
  type StreamSpec,
  streamKey,
} from './connectionTypes';

type Command = DistributiveOmit<ClientCommand, 'request_id'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class ConnectionManager {
  readonly handlers = new HandlerRegistry();
  /** The statistics, across sessions; listens to pongs and the server's stats. */
  readonly #counters = new ConnectionCounters(this.handlers);
  readonly #options: ConnectionManagerOptions;
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  readonly #fleetAck: FleetFlushAck;
  /** Every message received: counted, read, handed on. */
  readonly #intake: MessageIntake;
  readonly #pending = new PendingRequests();
  /** Pings, the server's stats, and the streams the user wants, resumed on every welcome. */
  readonly #session: SessionStart;
  /** Live streams of the current session by stream id: routing, continuity, rates. */
  readonly streams = new StreamTracker();
  /** When the link was lost, and whether the backend found again is the run it lost. */
  readonly #link: LinkHistory;
  /** Attempts to connect and the backoff waits between them. */
  readonly #retry: RetryLoop;
  #state: ConnectionState = 'closed';
  #ws: BenchSocket | undefined;
  #everOpened = false;
  /** Why the dashboard is not connected; undefined while open or before anything failed. */
  problem: ConnectionProblem | undefined;
  /** The WebSocket URL last tried (no token in it). */
  endpointUrl: string | undefined;
  /** When the next reconnect attempt happens (Date.now() ms), for the status bar's countdown. */
  nextRetryAtMs: number | undefined;
  lastError: string | undefined;
  readonly stats = this.#counters.stats;

  constructor(options: ConnectionManagerOptions) {
    this.#options = options;
    this.#fleetAck = new FleetFlushAck({
      send: (flush, afterMs) => this.#sendJson({ type: 'fleet_ack', flush, after_ms: afterMs }),
      requestFrame: options.requestFrame,
    });
    this.#intake = new MessageIntake({
      streams: this.streams,
      handlers: this.handlers,
      pending: this.#pending,
      stats: this.stats,
      welcome: (message) => this.#onWelcome(message),
      tookFlush: (flush) => this.#fleetAck.took(flush),
      listenerFailed: this.#listenerFailed,
    });
    this.#session = new SessionStart({
      send: (message) => this.#sendJson(message),
      requestStream: (spec) => this.request<StreamStartedMessage>({ type: 'start_stream', ...spec }),
      resumeFailed: (reason) => {
        this.lastError = reason;
      },
      pingIntervalMs: options.pingIntervalMs,
      serverStatsIntervalMs: options.serverStatsIntervalMs,
    });
    const now = options.now ?? Date.now;
    this.#link = new LinkHistory({ now, listenerFailed: this.#listenerFailed });
    this.#retry = new RetryLoop({
      getEndpoint: () => options.getEndpoint(),
      attempting: () => {
        this.#teardownSocket();
        this.#setTrying();
        this.nextRetryAtMs = undefined;
      },
      open: (endpoint) => this.#open(endpoint),
      failed: (problem) => this.#failed(problem),
      waiting: (nextAttemptAtMs) => {
        this.nextRetryAtMs = nextAttemptAtMs;
        this.#setTrying();
      },
      halted: () => {
        this.nextRetryAtMs = undefined;
        this.#setState('closed');
      },
      now,
      random: options.random,
    });
    this.handlers.onHandlerError = this.#listenerFailed;
    this.handlers.on('stream_started', (m) => this.streams.started(m, streamKey(m)));
    this.handlers.on('stream_stopped', (m) => this.streams.stopped(m.stream_id));
    // Live views' frames (kind 2) are AcquisitionViews' to route; known here so they are not refused.
    this.handlers.on('acquisition_stream_started', (m) => this.streams.viewStarted(m.stream_id));
    this.handlers.on('acquisition_stream_stopped', (m) => this.streams.viewStopped(m.stream_id));
  }

  /** How the fleet flushes' acks were timed (FleetFlushAck). */
  get fleetAckTiming(): FleetFlushAck['timing'] & {
    acksSent: number;
    leadMs: number;
    framePeriodMs: number;
  } {
    const a = this.#fleetAck;
    return { ...a.timing, acksSent: a.acksSent, leadMs: a.leadMs, framePeriodMs: a.framePeriodMs };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** A live connection lost, or restored after a loss. */
  onLinkEvent(listener: (event: LinkEvent) => void): () => void {
    return this.#link.onEvent(listener);
  }

  /** Since when the backend has been out of reach after having been connected (ms since the epoch). */
  get disconnectedSinceMs(): number | undefined {
    return this.#state === 'open' ? undefined : this.#link.lostAtMs;
  }

  /**
   * Fleet waveform frames (kind 5: a fleet bench's channel, forwarded by a backend on a fleet — one at a
   * time, or several of one flush bundled as kind 6), decoded and checked; a frame that does not read is
   * dropped and counted in `stats.errors` (BinaryFrames.ts).
   */
  onFleetWaveform(listener: (waveform: FleetWaveformFrame) => void): () => void {
    return this.#intake.onFleetWaveform(listener);
  }

  /**
   * Binary sample frames, already decoded (views over the received bytes), of this session's streams and
   * acquisition live views; a frame of any other stream id is dropped and counted in
   * `stats.unknownStreamData`.
   */
  onFrame(listener: (frame: DecodedFrame) => void): () => void {
    return this.#intake.onFrame(listener);
  }

  connect(): void {
    this.#retry.start();
  }

  /** Closes for good (until connect() is called again). */
  close(): void {
    this.#retry.stop();
    this.#teardownSocket();
    // A wait cut short: no retry is coming, and a state listener must not read one.
    this.nextRetryAtMs = undefined;
    this.#setState('closed');
  }

  /**
   * Skips the backoff wait and tries at once. Only during a wait — before the first open too (state
   * 'connecting') — and not while an attempt is already under way; or after the retries stopped on a
   * problem waiting cannot fix (the user may have fixed it: a new token, a reloaded backend).
   */
  reconnectNow(): void {
    this.#retry.skipWait();
  }

  /** Sends a command and resolves with the reply that echoes its request id; rejects on `error`. */
  request<M extends ServerMessage = ServerMessage>(
    command: Command,
    timeoutMs = this.#options.requestTimeoutMs ?? 5_000,
  ): Promise<M> {
    const ws = this.#ws;
    if (!ws || this.#state !== 'open')
      return Promise.reject(new RequestError('not_connected', 'not connected to the backend'));
    return this.#pending.add<M>(command.type, timeoutMs, (request_id) =>
      this.#sendJson({ ...command, request_id }),
    );
  }

  /** Starts (or re-options) a stream and keeps it running across reconnects until stopStream. */
  startStream(spec: StreamSpec): Promise<StreamStartedMessage> {
    return this.#session.startStream(spec);
  }

  async stopStream(spec: Pick<StreamSpec, 'equipment_id' | 'stream_type' | 'channel'>): Promise<void> {
    this.#session.forget(spec);
    if (this.#state !== 'open') return;
    await this.request({
      type: 'stop_stream',
      equipment_id: spec.equipment_id,
      stream_type: spec.stream_type,
      channel: spec.channel,
    });
  }

  /**
   * Stops wanting every stream of an instrument that left the bench (the server has ended them), so no
   * reconnect asks for them again; returns the specs it forgot.
   */
  forgetStreams(equipmentId: string): StreamSpec[] {
    return this.#session.forgetInstrument(equipmentId);
  }

  desiredStreams(): StreamSpec[] {
    return this.#session.wanted();
  }

  /** Opens a socket to the current attempt's endpoint; RetryLoop hears how it ends. */
  #open(endpoint: BackendEndpoint): void {
    this.endpointUrl = endpoint.url;
    const open =
      this.#options.openSocket ?? ((url: string) => new (this.#options.WebSocketImpl ?? WebSocket)(url));
    const ws: BenchSocket = open(endpoint.url);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.onopen = () => {
      this.#sendJson({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        token: endpoint.token,
        client: this.#options.clientName ?? 'benchtop-renderer',
        encodings: ['json', 'binary'],
      });
    };
    ws.onmessage = (event: MessageEvent) => this.#intake.take(event.data as string | ArrayBuffer);
    ws.onerror = () => {
      this.stats.errors++;
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.#ws !== ws) return;
      const wasOpen = this.#state === 'open';
      this.#ws = undefined;
      this.#pending.failAll('connection closed');
      this.#session.end();
      const problem = problemFromClose(event.code, event.reason, wasOpen);
      if (wasOpen) this.#link.lost(problem);
      if (!this.#retry.stopped) this.#retry.failed(problem);
    };
  }

  #onWelcome(welcome: WelcomeMessage): void {
    if (this.#everOpened) this.stats.reconnects++;
    this.#everOpened = true;
    this.#retry.connected();
    this.lastError = undefined;
    this.problem = undefined;
    const restore = this.#link.welcomed(welcome.instance_id);
    this.streams.reset();
    this.#counters.sessionBegan();
    this.#setState('open');
    this.#session.begin();
    if (restore) this.#link.restored(restore);
  }

  /** Records why the attempt failed (RetryLoop then retries, or stops when waiting cannot help). */
  #failed(problem: ConnectionProblem): void {
    this.problem = problem;
    this.lastError =
      problem.detail || (problem.kind === 'connection_lost' ? 'connection lost' : 'cannot reach the backend');
  }

  /**
   * What a message handler or a listener (frames, fleet waveforms, state, link) threw: counted and logged;
   * the other listeners, and what the manager does next (an ack, a reconnect, a resubscription), go on.
   */
  readonly #listenerFailed = (err: unknown): void => {
    this.stats.handlerErrors++;
    console.error('Benchtop: a connection listener failed', err);
  };

  #sendJson(message: object): void {
    const text = JSON.stringify(message);
    this.#ws?.send(text);
    this.stats.messagesSent++;
    this.stats.bytesSent += text.length;
  }

  #teardownSocket(): void {
    const ws = this.#ws;
    this.#ws = undefined;
    this.#fleetAck.reset();
    this.#session.end();
    this.#pending.failAll('connection closed');
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      ws.close();
    }
  }

  /** Trying to connect: the first time, or again after having been connected. */
  #setTrying(): void {
    this.#setState(this.#everOpened ? 'reconnecting' : 'connecting');
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    callEach(this.#stateListeners, state, this.#listenerFailed);
  }
}
