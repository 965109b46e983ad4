/**
 * One connection's streams: `start_stream` / `stop_stream`, and the path of each sample from the shared
 * producer to this client — render, full-resolution byte budget, send queue. Subscriptions are owned by
 * the session (its id is the owner), so stopping one here never touches another connection's.
 */
import {
  MAX_STREAMS_PER_CONNECTION,
  type Encoding,
  type EventMessage,
  type RequestId,
  type ServerMessage,
  type ShiftStreamMessage,
  type StartStreamMessage,
  type StopStreamMessage,
  type StreamStats,
} from '../../../shared/protocol/index.js';
import type { InstrumentRegistry, StreamSample } from '../../instruments/index.js';
import { StreamError, type StreamManager } from '../../streams/index.js';
import { ByteBudget } from './ByteBudget.js';
import type { OutboundQueue } from './OutboundQueue.js';
import { renderStreamData } from './renderStreamData.js';
import { fullResolutionFrameBytes, WaveformView } from './renderWaveform.js';
import { formatBytesPerS } from '../../util/index.js';
import { SessionStream } from './SessionStream.js';

export interface SessionStreamsContext {
  ownerId: string;
  streams: StreamManager;
  registry: InstrumentRegistry;
  queue: OutboundQueue;
  /** Full-resolution payload this connection may be sent per second, bytes. */
  fullResolutionBytesPerS: number;
  /** Encodings the client accepted in hello (read at each start: a second hello may change them). */
  encodings(): readonly Encoding[];
  send(message: ServerMessage): void;
  replyError(
    requestId: RequestId | undefined,
    code: StreamError['code'],
    message: string,
    details?: Record<string, unknown>,
  ): void;
}

export class SessionStreams {
  readonly #ctx: SessionStreamsContext;
  readonly #streams = new Map<string, SessionStream>();
  readonly #budget: ByteBudget;
  #nextStreamId = 1;
  /** Frames of stopped streams stay counted in the connection's totals. */
  #overBudgetOfStopped = 0;

  constructor(ctx: SessionStreamsContext) {
    this.#ctx = ctx;
    this.#budget = new ByteBudget(ctx.fullResolutionBytesPerS);
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Full-resolution frames dropped over budget on this connection, stopped streams included. */
  get framesOverBudget(): number {
    let total = this.#overBudgetOfStopped;
    for (const stream of this.#streams.values()) total += stream.framesOverBudget;
    return total;
  }

  fullResolutionBytesLastS(nowMs = performance.now()): number {
    return this.#budget.usedBytes(nowMs);
  }

  stats(): StreamStats[] {
    return [...this.#streams.values()].map((s) => s.stats(this.#ctx.queue.isPending(s) ? 1 : 0));
  }

  start(message: StartStreamMessage): void {
    const ctx = this.#ctx;
    const key = SessionStream.keyOf(message.equipment_id, message.stream_type, message.channel);
    const existing = this.#streams.get(key);
    if (!existing && this.#streams.size >= MAX_STREAMS_PER_CONNECTION) {
      return ctx.replyError(
        message.request_id,
        'limit_exceeded',
        `at most ${MAX_STREAMS_PER_CONNECTION} streams per connection`,
        { limit: MAX_STREAMS_PER_CONNECTION },
      );
    }
    let resolved: ReturnType<StreamManager['resolve']>;
    try {
      // Validate before touching the running stream, so a bad restart leaves the old one as it was.
      resolved = ctx.streams.resolve({
        equipmentId: message.equipment_id,
        streamType: message.stream_type,
        intervalMs: message.interval_ms,
        channel: message.channel,
        widthPx: message.width,
        fullResolution: message.full_resolution,
      });
    } catch (err) {
      if (err instanceof StreamError)
        return ctx.replyError(message.request_id, err.code, err.message, err.details);
      throw err;
    }
    // Binary frames only where both ends can: the stream offers them and the client said so in hello.
    const encoding: Encoding =
      resolved.info.encodings.includes('binary') && ctx.encodings().includes('binary') ? 'binary' : 'json';
    if (resolved.display?.fullResolution && encoding !== 'binary') {
      // Raw records run to millions of points: as JSON numbers they would swamp the connection.
      return ctx.replyError(
        message.request_id,
        'invalid_message',
        'full_resolution needs binary frames: list "binary" in hello.encodings',
        { field: 'full_resolution' },
      );
    }
    const view = resolved.display && new WaveformView(resolved.display);
    // Starting a stream that runs already restarts it with the new options (same stream id); a frame of
    // the old one still queued must not arrive after the new stream_started.
    if (existing) this.#release(existing);
    const streamId = existing?.streamId ?? this.#nextStreamId++;
    const stream = new SessionStream({ streamId, encoding, channel: message.channel });
    stream.subscription = ctx.streams.subscribe({
      ownerId: ctx.ownerId,
      equipmentId: message.equipment_id,
      streamType: message.stream_type,
      intervalMs: message.interval_ms,
      channel: message.channel,
      onSample: (sample) => this.#deliver(stream, sample, view),
      // A tick the instrument could not serve (offline, timed out) spends a seq: the client sees the gap.
      onMissed: () => {
        stream.nextSeq++;
      },
      onStopped: (reason) => {
        if (this.#streams.get(key) !== stream) return;
        this.#streams.delete(key);
        this.#release(stream);
        ctx.send({ ...stream.stoppedMessage(), reason });
      },
    });
    this.#streams.set(key, stream);
    ctx.send({
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

  stop(message: StopStreamMessage): void {
    const ctx = this.#ctx;
    // Without a channel, stop every stream of that instrument and type this connection holds (as a
    // client written from the streaming guide expects); with one, only that channel's.
    const matches = [...this.#streams.entries()].filter(
      ([, s]) =>
        s.subscription.equipmentId === message.equipment_id &&
        s.subscription.streamType === message.stream_type &&
        (message.channel === undefined || s.channel === message.channel),
    );
    if (matches.length === 0) {
      if (!ctx.registry.get(message.equipment_id)) {
        return ctx.replyError(
          message.request_id,
          'unknown_equipment',
          `no instrument "${message.equipment_id}"`,
          {
            equipment_id: message.equipment_id,
            known: ctx.registry.all().map((d) => d.id),
          },
        );
      }
      return ctx.replyError(
        message.request_id,
        'not_found',
        `no ${message.stream_type} stream of ${message.equipment_id} is running on this connection`,
        { equipment_id: message.equipment_id, stream_type: message.stream_type, channel: message.channel },
      );
    }
    for (const [key, stream] of matches) {
      this.#release(stream);
      this.#streams.delete(key);
      ctx.send({ ...stream.stoppedMessage(), request_id: message.request_id });
    }
  }

  /**
   * Moves one stream's ticks (display-locked delivery) if this stream steers its producer's phase; see
   * StreamManager.shift. A declined shift is answered too (`moved: false`), not refused: the stream is fine.
   */
  shift(message: ShiftStreamMessage): void {
    const ctx = this.#ctx;
    const stream = this.#streams.get(
      SessionStream.keyOf(message.equipment_id, message.stream_type, message.channel),
    );
    if (!stream) {
      const channel = message.channel === undefined ? '' : ` channel ${message.channel}`;
      return ctx.replyError(
        message.request_id,
        'not_found',
        `no ${message.stream_type} stream of ${message.equipment_id}${channel} is running on this connection`,
        { equipment_id: message.equipment_id, stream_type: message.stream_type, channel: message.channel },
      );
    }
    let moved: boolean;
    try {
      moved = ctx.streams.shift(stream.subscription, message.shift_ms);
    } catch (err) {
      if (err instanceof StreamError)
        return ctx.replyError(message.request_id, err.code, err.message, err.details);
      throw err;
    }
    ctx.send({
      type: 'stream_shifted',
      request_id: message.request_id,
      equipment_id: stream.subscription.equipmentId,
      stream_type: stream.subscription.streamType,
      stream_id: stream.streamId,
      channel: stream.channel,
      shift_ms: message.shift_ms,
      moved,
    });
  }

  /** Ends every stream of this connection (it closed). */
  dispose(): void {
    for (const stream of this.#streams.values()) this.#release(stream);
    this.#streams.clear();
    // Belt and braces: nothing this connection owns may outlive it, whatever path created it.
    this.#ctx.streams.removeOwner(this.#ctx.ownerId);
  }

  #release(stream: SessionStream): void {
    this.#ctx.streams.unsubscribe(stream.subscription);
    this.#ctx.queue.forget(stream);
    this.#overBudgetOfStopped += stream.framesOverBudget;
  }

  #deliver(stream: SessionStream, sample: StreamSample, view: WaveformView | undefined): void {
    if (view?.fullResolution && sample.kind === 'record' && !view.isLast(sample.record)) {
      const bytes = fullResolutionFrameBytes(sample.record, stream.channel);
      if (bytes > 0 && !this.#budget.tryConsume(bytes, performance.now())) {
        // Dropped like a coalesced frame: counted, and its seq is spent so the client sees the gap. The
        // record is not encoded at all, which is the point: a 16 MB copy per tick for nothing.
        stream.framesOverBudget++;
        stream.nextSeq++;
        this.#warnBandwidth(stream);
        return;
      }
    }
    const frame = renderStreamData(stream, sample, view);
    if (frame !== undefined) this.#ctx.queue.sendLive(stream, frame);
  }

  /** Tells the client, once per stream, that the budget is cutting it. */
  #warnBandwidth(stream: SessionStream): void {
    if (stream.bandwidthWarned) return;
    stream.bandwidthWarned = true;
    const sub = stream.subscription;
    const budget = this.#budget.bytesPerWindow;
    const event: EventMessage = {
      type: 'event',
      level: 'warning',
      kind: 'bandwidth_limited',
      equipment_id: sub.equipmentId,
      channel: stream.channel,
      message:
        `full-resolution ${sub.streamType} of ${sub.equipmentId} (stream ${stream.streamId}) exceeds this ` +
        `connection's budget of ${formatBytesPerS(budget)}: frames are dropped (see stats frames_over_budget)`,
      details: { stream_id: stream.streamId, stream_type: sub.streamType, budget_bytes_per_s: budget },
      timestamp: Date.now(),
    };
    this.#ctx.send(event);
  }
}
