/**
 * One WebSocket connection: its handshake, its commands, its streams and its send queue. A session never
 * throws out to the server; every fault becomes an `error` reply or a close with a reason.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import {
  CloseCode,
  HELLO_TIMEOUT_MS,
  MAX_STREAMS_PER_CONNECTION,
  PROTOCOL_VERSION,
  parseClientMessage,
  type ClientCommand,
  type Encoding,
  type ErrorCode,
  type EventMessage,
  type HelloMessage,
  type RequestId,
  type ServerMessage,
  type StartStreamMessage,
  type StatsMessage,
  type StopStreamMessage,
} from '../../shared/protocol/index.js';
import { DriverError } from '../instruments/InstrumentDriver.js';
import type { InstrumentRegistry } from '../instruments/InstrumentRegistry.js';
import type { StreamManager } from '../streams/StreamManager.js';
import { StreamError } from '../streams/StreamError.js';
import type { Logger } from '../util/log.js';
import { tokenMatches } from './auth.js';
import { OutboundQueue } from './OutboundQueue.js';
import { renderStreamData } from './renderStreamData.js';
import { WaveformView } from './renderWaveform.js';
import { SessionStream } from './SessionStream.js';

export interface SessionContext {
  token: string;
  streams: StreamManager;
  registry: InstrumentRegistry;
  log: Logger;
  server: { name: string; version: string };
  /** Server-wide figures for `stats`. */
  serverStats(): StatsMessage['server'];
  /** Tells every other session about a change this one made (setting_changed). */
  broadcast(event: EventMessage): void;
}

type SessionState = 'pending' | 'ready' | 'closed';

export class ClientSession {
  readonly id = randomUUID();
  readonly #ws: WebSocket;
  readonly #ctx: SessionContext;
  readonly #queue: OutboundQueue;
  readonly #streams = new Map<string, SessionStream>();
  #state: SessionState = 'pending';
  #encodings: Encoding[] = ['json'];
  #helloTimer: ReturnType<typeof setTimeout> | undefined;
  #nextStreamId = 1;
  #messagesReceived = 0;
  /** Heartbeat bookkeeping, driven by the server: pings sent without a pong since. */
  missedPongs = 0;

  constructor(ws: WebSocket, ctx: SessionContext, options: { authenticatedByUrl: boolean }) {
    this.#ws = ws;
    this.#ctx = ctx;
    this.#queue = new OutboundQueue(ws, {
      onSlowConsumer: () => this.close(CloseCode.policyViolation, 'client too slow: send buffer full for 30 s'),
    });
    if (options.authenticatedByUrl) {
      // Guide-style client: the token in the URL is its handshake. JSON only until it says otherwise.
      this.#state = 'ready';
    } else {
      this.#helloTimer = setTimeout(
        () => this.close(CloseCode.handshakeTimeout, `no hello within ${HELLO_TIMEOUT_MS / 1000} s`),
        HELLO_TIMEOUT_MS,
      );
    }
  }

  get ready(): boolean {
    return this.#state === 'ready';
  }

  get streamCount(): number {
    return this.#streams.size;
  }

  handleFrame(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    this.#messagesReceived++;
    if (isBinary) {
      if (this.#state === 'pending') return this.#rejectBeforeHandshake(undefined);
      this.#replyError(undefined, 'invalid_message', 'binary frames are not accepted from clients; send JSON text');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseClientMessage(text);
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

  close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#dispose();
    this.#ws.close(code, reason);
  }

  /** Releases everything the session holds; idempotent. Called on close from either side. */
  dispose(): void {
    this.#dispose();
  }

  stats(): StatsMessage {
    return {
      type: 'stats',
      connection: {
        session_id: this.id,
        messages_sent: this.#queue.messagesSent,
        bytes_sent: this.#queue.bytesSent,
        messages_received: this.#messagesReceived,
        frames_dropped: this.#queue.framesDropped,
        queue_bytes: this.#ws.bufferedAmount,
      },
      streams: [...this.#streams.values()].map((s) => s.stats()),
      server: this.#ctx.serverStats(),
    };
  }

  #dispose(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#helloTimer);
    for (const stream of this.#streams.values()) this.#ctx.streams.unsubscribe(stream.subscription);
    this.#streams.clear();
    this.#queue.dispose();
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
    if (hello.protocol !== PROTOCOL_VERSION) {
      this.#send({
        type: 'error',
        request_id: hello.request_id,
        code: 'protocol_mismatch',
        message: `this server speaks protocol ${PROTOCOL_VERSION}, the client ${hello.protocol}`,
        details: { server: PROTOCOL_VERSION, client: hello.protocol },
      });
      this.close(CloseCode.protocolMismatch, `protocol ${hello.protocol} not supported; server speaks ${PROTOCOL_VERSION}`);
      return;
    }
    const authenticated = this.#state === 'ready';
    if (hello.token !== undefined ? !tokenMatches(hello.token, this.#ctx.token) : !authenticated) {
      this.close(CloseCode.unauthorized, hello.token === undefined ? 'missing token' : 'invalid token');
      return;
    }
    clearTimeout(this.#helloTimer);
    this.#helloTimer = undefined;
    this.#state = 'ready';
    this.#encodings = hello.encodings ? [...new Set(hello.encodings)] : ['json'];
    this.#send({
      type: 'welcome',
      request_id: hello.request_id,
      protocol: PROTOCOL_VERSION,
      session_id: this.id,
      server: this.#ctx.server,
      encodings: this.#encodings,
    });
  }

  async #dispatch(message: ClientCommand): Promise<void> {
    switch (message.type) {
      case 'ping':
        return this.#send({
          type: 'pong',
          request_id: message.request_id,
          timestamp: Date.now(),
          client_time: message.client_time,
        });
      case 'get_info':
        return this.#send({
          type: 'info',
          request_id: message.request_id,
          protocol: PROTOCOL_VERSION,
          instruments: this.#ctx.registry.catalog(),
        });
      case 'start_stream':
        return this.#startStream(message);
      case 'stop_stream':
        return this.#stopStream(message);
      case 'get_stats':
        return this.#send({ ...this.stats(), request_id: message.request_id });
      case 'get_parameters': {
        const driver = this.#ctx.registry.get(message.equipment_id);
        if (!driver) return this.#unknownEquipment(message.request_id, message.equipment_id);
        const snapshot = await driver.getParameters();
        return this.#send({
          type: 'parameters',
          request_id: message.request_id,
          equipment_id: driver.id,
          global: snapshot.global,
          channels: Object.fromEntries(Object.entries(snapshot.channels)),
        });
      }
      case 'set_parameter': {
        const driver = this.#ctx.registry.get(message.equipment_id);
        if (!driver) return this.#unknownEquipment(message.request_id, message.equipment_id);
        try {
          const value = await driver.setParameter(message.parameter, message.value, message.channel);
          this.#send({
            type: 'parameter_set',
            request_id: message.request_id,
            equipment_id: driver.id,
            channel: message.channel,
            parameter: message.parameter,
            value,
          });
          const where = message.channel === undefined ? '' : ` CH${message.channel}`;
          this.#ctx.broadcast({
            type: 'event',
            level: 'info',
            kind: 'setting_changed',
            equipment_id: driver.id,
            channel: message.channel,
            message: `${driver.id}${where} ${message.parameter} = ${String(value)}`,
            details: { parameter: message.parameter, value, session_id: this.id },
            timestamp: Date.now(),
          });
        } catch (err) {
          if (!(err instanceof DriverError)) throw err;
          const code: ErrorCode =
            err.code === 'out_of_range' ? 'out_of_range' : err.code === 'unknown_parameter' ? 'unknown_parameter' : err.code === 'timeout' ? 'busy' : 'invalid_message';
          this.#replyError(message.request_id, code, err.message, { ...err.details, parameter: message.parameter });
        }
        return;
      }
      case 'start_acquisition_stream':
      case 'stop_acquisition_stream':
        return this.#replyError(message.request_id, 'not_found', `no acquisition "${message.acquisition_id}"`, {
          acquisition_id: message.acquisition_id,
        });
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  #startStream(message: StartStreamMessage): void {
    const key = SessionStream.keyOf(message.equipment_id, message.stream_type, message.channel);
    const existing = this.#streams.get(key);
    if (!existing && this.#streams.size >= MAX_STREAMS_PER_CONNECTION) {
      return this.#replyError(message.request_id, 'limit_exceeded', `at most ${MAX_STREAMS_PER_CONNECTION} streams per connection`, {
        limit: MAX_STREAMS_PER_CONNECTION,
      });
    }
    let resolved: ReturnType<StreamManager['resolve']>;
    try {
      // Validate before touching the running stream, so a bad restart leaves the old one as it was.
      resolved = this.#ctx.streams.resolve({
        equipmentId: message.equipment_id,
        streamType: message.stream_type,
        intervalMs: message.interval_ms,
        channel: message.channel,
        widthPx: message.width,
        fullResolution: message.full_resolution,
      });
    } catch (err) {
      if (err instanceof StreamError) return this.#replyError(message.request_id, err.code, err.message, err.details);
      throw err;
    }
    // Binary frames only where both ends can: the stream offers them and the client said so in hello.
    const encoding: Encoding =
      resolved.info.encodings.includes('binary') && this.#encodings.includes('binary') ? 'binary' : 'json';
    if (resolved.display?.fullResolution && encoding !== 'binary') {
      // Raw records run to millions of points: as JSON numbers they would swamp the connection.
      return this.#replyError(
        message.request_id,
        'invalid_message',
        'full_resolution needs binary frames: list "binary" in hello.encodings',
        { field: 'full_resolution' },
      );
    }
    const waveform = resolved.display && new WaveformView(resolved.display);
    // Starting a stream that runs already restarts it with the new options (same stream id).
    if (existing) this.#ctx.streams.unsubscribe(existing.subscription);
    const streamId = existing?.streamId ?? this.#nextStreamId++;
    const stream = new SessionStream({ streamId, encoding, channel: message.channel });
    stream.subscription = this.#ctx.streams.subscribe({
      ownerId: this.id,
      equipmentId: message.equipment_id,
      streamType: message.stream_type,
      intervalMs: message.interval_ms,
      channel: message.channel,
      onSample: (sample) => {
        const frame = renderStreamData(stream, sample, waveform);
        if (frame !== undefined) this.#queue.sendLive(stream, frame);
      },
      onStopped: (reason) => {
        if (this.#streams.get(key) !== stream) return;
        this.#streams.delete(key);
        this.#send({ ...stream.stoppedMessage(), reason });
      },
    });
    this.#streams.set(key, stream);
    this.#send({
      type: 'stream_started',
      request_id: message.request_id,
      equipment_id: stream.subscription.equipmentId,
      stream_type: stream.subscription.streamType,
      stream_id: streamId,
      interval_ms: stream.subscription.intervalMs,
      channel: message.channel,
      encoding,
    });
  }

  #stopStream(message: StopStreamMessage): void {
    // Without a channel, stop every stream of that instrument and type this connection holds (as a
    // client written from the streaming guide expects); with one, only that channel's.
    const matches = [...this.#streams.entries()].filter(
      ([, s]) =>
        s.subscription.equipmentId === message.equipment_id &&
        s.subscription.streamType === message.stream_type &&
        (message.channel === undefined || s.channel === message.channel),
    );
    if (matches.length === 0) {
      if (!this.#ctx.registry.get(message.equipment_id)) {
        return this.#unknownEquipment(message.request_id, message.equipment_id);
      }
      return this.#replyError(
        message.request_id,
        'not_found',
        `no ${message.stream_type} stream of ${message.equipment_id} is running on this connection`,
        { equipment_id: message.equipment_id, stream_type: message.stream_type, channel: message.channel },
      );
    }
    for (const [key, stream] of matches) {
      this.#ctx.streams.unsubscribe(stream.subscription);
      this.#queue.forget(stream);
      this.#streams.delete(key);
      this.#send({ ...stream.stoppedMessage(), request_id: message.request_id });
    }
  }

  #unknownEquipment(requestId: RequestId | undefined, equipmentId: string): void {
    this.#replyError(requestId, 'unknown_equipment', `no instrument "${equipmentId}"`, {
      equipment_id: equipmentId,
      known: this.#ctx.registry.all().map((d) => d.id),
    });
  }

  #replyError(requestId: RequestId | undefined, code: ErrorCode, message: string, details?: Record<string, unknown>): void {
    this.#send({ type: 'error', request_id: requestId, code, message, details });
  }

  #send(message: ServerMessage): void {
    this.#queue.sendControl(JSON.stringify(message));
  }
}
