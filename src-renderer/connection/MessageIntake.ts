/**
 * Every message the connection receives, counted and handed on. Text is read as JSON (text that does not
 * read is counted in `stats.errors`; a value with no `type` is ignored); binary goes to BinaryFrames. A
 * message read goes, in this order: a `welcome` to the connection (a new session begins before anything
 * else sees it); a `stream_data` of no stream of this session is dropped and counted
 * (`stats.unknownStreamData`, docs/PROTOCOL.md "Binary frames"), else its seq tracked (`stats.gaps`); an
 * `error` is counted; a reply settles its request; then the handlers, the stream's handlers, and a
 * numbered fleet push's flush is taken, to be acknowledged.
 *
 * Apart from ConnectionManager.ts, which keeps the socket's life cycle: it hands in each received message's
 * data (`take`) and passes what this needs of the connection (MessageIntakeOptions), so this is driven in
 * tests by messages alone.
 */
import type { FleetWaveformFrame } from '../../shared/codec/fleetWaveformFrame';
import type { DecodedFrame } from '../../shared/codec/frame';
import type { ServerMessage, WelcomeMessage } from '../../shared/protocol/server';
import { BinaryFrames } from './BinaryFrames';
import type { ConnectionStats } from './connectionTypes';
import type { HandlerRegistry } from './HandlerRegistry';
import type { PendingRequests } from './PendingRequests';
import type { StreamTracker, TrackedStream } from './StreamTracker';

export interface MessageIntakeOptions {
  /** The current session's streams and live views: routing, continuity. */
  streams: Pick<StreamTracker, 'get' | 'knows' | 'arrived'>;
  handlers: Pick<HandlerRegistry, 'dispatch' | 'dispatchStream'>;
  /** Requests awaiting their reply. */
  pending: Pick<PendingRequests, 'settle' | 'refuse'>;
  /** The connection's counters, counted in place. */
  stats: Pick<
    ConnectionStats,
    'messagesReceived' | 'bytesReceived' | 'errors' | 'unknownStreamData' | 'gaps'
  >;
  /** A new session's welcome, before anything else sees it. */
  welcome(message: WelcomeMessage): void;
  /** A numbered fleet flush was taken: to be acknowledged. */
  tookFlush(flush: number): void;
  /** What a frame or fleet waveform listener threw (the others are called all the same). */
  listenerFailed(error: unknown): void;
}

export class MessageIntake {
  readonly #o: MessageIntakeOptions;
  readonly #binary: BinaryFrames;

  constructor(options: MessageIntakeOptions) {
    this.#o = options;
    const { stats } = options;
    this.#binary = new BinaryFrames({
      streams: options.streams,
      handlers: options.handlers,
      trackSeq: (streamId, seq) => this.#trackSeq(streamId, seq),
      deliver: (message) => this.#deliver(message),
      refuse: (requestId, error) => options.pending.refuse(requestId, error),
      tookFlush: (flush) => options.tookFlush(flush),
      countError: () => {
        stats.errors++;
      },
      countUnknownStream: () => {
        stats.unknownStreamData++;
      },
      listenerFailed: options.listenerFailed,
    });
  }

  /** Fleet waveform frames (kinds 5 and 6), decoded and checked (BinaryFrames.ts). */
  onFleetWaveform(listener: (waveform: FleetWaveformFrame) => void): () => void {
    return this.#binary.onFleetWaveform(listener);
  }

  /** Sample frames of this session's streams and live views, decoded (BinaryFrames.ts). */
  onFrame(listener: (frame: DecodedFrame) => void): () => void {
    return this.#binary.onFrame(listener);
  }

  /** One received WebSocket message's data: text (JSON) or binary. */
  take(data: string | ArrayBuffer): void {
    const { stats } = this.#o;
    stats.messagesReceived++;
    if (typeof data !== 'string') {
      stats.bytesReceived += data.byteLength;
      return this.#binary.take(data);
    }
    stats.bytesReceived += data.length;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      stats.errors++;
      return;
    }
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return;
    this.#deliver(message);
  }

  #deliver(message: ServerMessage): void {
    if (message.type === 'welcome') this.#o.welcome(message);
    let stream: TrackedStream | undefined;
    if (message.type === 'stream_data') {
      stream = this.#o.streams.get(message.stream_id);
      // As for binary frames, the server sends a stream's data only between its started and stopped
      // messages: data racing a stop comes before the stopped one and is taken, any other id is a peer's
      // mistake (docs/PROTOCOL.md "Binary frames"). Live views send `acquisition_stream`, never this.
      if (!stream) {
        this.#o.stats.unknownStreamData++;
        return;
      }
      this.#trackSeq(message.stream_id, message.seq);
    }
    if (message.type === 'error') this.#o.stats.errors++;
    this.#o.pending.settle(message);
    this.#o.handlers.dispatch(message);
    if (message.type === 'stream_data' && stream) this.#o.handlers.dispatchStream(stream.key, message);
    // A numbered fleet push (this session acknowledges flushes): taken, so acknowledged from the next frame.
    if (
      (message.type === 'fleet_live' || message.type === 'fleet_waveform') &&
      typeof message.flush === 'number'
    )
      this.#o.tookFlush(message.flush);
  }

  #trackSeq(streamId: number, seq: number): void {
    this.#o.stats.gaps += this.#o.streams.arrived(streamId, seq, performance.now());
  }
}
