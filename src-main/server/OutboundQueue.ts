/**
 * Backpressure for one connection. Control messages (replies, events, stats) are always sent. Live frames
 * are sent while the socket's send buffer is below the high watermark; above it, only the newest pending
 * frame per stream is kept ("latest wins") and each frame replaced is counted as dropped, on its stream and
 * here. A client that stays above the watermark for `slowConsumerMs` is reported once through
 * `onSlowConsumer` (the session closes it), so it can never hold memory forever. Nothing here blocks: a
 * slow client costs its producers and the other clients nothing but the frames it is handed.
 */
import type { Writable } from 'node:stream';
import WebSocket from 'ws';
import type { SessionStream } from './SessionStream.js';

/** How often a backed-up queue checks whether the socket drained, ms. */
const DRAIN_POLL_MS = 5;

/**
 * One WebSocket message sent as consecutive fragments (RFC 6455 §5.4), which every client library joins
 * back into one message. It lets a payload shared by every subscriber (a record's channel blocks, a JSON
 * `data`) go out as is, with only the small per-connection part (stream id, seq) made per connection —
 * no copy of a 38 kB (or 16 MB) payload per client, and no garbage from one.
 */
export interface FragmentedFrame {
  /** Binary message, or UTF-8 text (whose fragments split only between characters). */
  binary: boolean;
  /** Non-empty parts, in order. */
  parts: readonly (ArrayBuffer | Uint8Array)[];
}

/** A message to send: text (a string), binary (an ArrayBuffer), or either in fragments. */
export type Frame = string | ArrayBuffer | FragmentedFrame;

/** The part of the connection's TCP socket used to batch writes. */
export type BatchableSocket = Pick<Writable, 'cork' | 'uncork'>;

export interface OutboundQueueOptions {
  /**
   * The TCP socket under `ws`. When given, everything written during one turn of the event loop (a
   * producer's fan-out, several streams of the same instrument) leaves in one system call instead of one
   * per message: at thousands of messages a second the syscalls, not the encoding, are the server's cost.
   */
  socket?: BatchableSocket;
  highWatermarkBytes: number;
  lowWatermarkBytes: number;
  slowConsumerMs: number;
  onSlowConsumer: () => void;
}

export class OutboundQueue {
  readonly #ws: WebSocket;
  readonly #options: OutboundQueueOptions;
  readonly #pending = new Map<SessionStream, Frame>();
  #drainTimer: ReturnType<typeof setTimeout> | undefined;
  #aboveSinceMs: number | undefined;
  #corked = false;
  messagesSent = 0;
  bytesSent = 0;
  /** Frames replaced by a newer one of their stream while waiting (all streams, stopped ones included). */
  framesDropped = 0;

  constructor(ws: WebSocket, options: OutboundQueueOptions) {
    this.#ws = ws;
    this.#options = options;
  }

  /** Live frames waiting for the buffer to drain (at most one per stream). */
  get pendingFrames(): number {
    return this.#pending.size;
  }

  /** Whether a drain check is scheduled: a timer the session must not leak. */
  get drainScheduled(): boolean {
    return this.#drainTimer !== undefined;
  }

  /** Bytes waiting in the socket's send buffer. */
  get bufferedBytes(): number {
    return this.#ws.bufferedAmount;
  }

  isPending(stream: SessionStream): boolean {
    return this.#pending.has(stream);
  }

  /** How long the buffer has been above the watermark, ms; 0 when it is not. */
  aboveWatermarkMs(nowMs = performance.now()): number {
    return this.#aboveSinceMs === undefined ? 0 : nowMs - this.#aboveSinceMs;
  }

  /**
   * Sends at once, never coalesced: replies and events, and acquisition live-view windows (text and
   * binary), which pace themselves on `bufferedBytes` so that none is ever dropped.
   */
  sendControl(frame: Frame): void {
    this.#write(frame);
  }

  sendLive(stream: SessionStream, frame: Frame): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#pending.size === 0 && this.#ws.bufferedAmount < this.#options.highWatermarkBytes) {
      stream.recordSent(this.#write(frame));
      return;
    }
    if (this.#pending.has(stream)) {
      stream.framesCoalesced++;
      this.framesDropped++;
    }
    this.#pending.set(stream, frame);
    this.#aboveSinceMs ??= performance.now();
    this.#scheduleDrain();
  }

  /** Drops a stopped (or restarted) stream's pending frame without counting it as a loss. */
  forget(stream: SessionStream): void {
    this.#pending.delete(stream);
  }

  dispose(): void {
    clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
    this.#pending.clear();
  }

  #write(frame: Frame): number {
    if (this.#ws.readyState !== WebSocket.OPEN) return 0;
    this.#batch();
    let bytes: number;
    if (typeof frame === 'string') {
      bytes = Buffer.byteLength(frame);
      this.#ws.send(frame);
    } else if (frame instanceof ArrayBuffer) {
      bytes = frame.byteLength;
      this.#ws.send(frame);
    } else {
      // Back to back, synchronously: nothing else can be written between the fragments of a message.
      bytes = 0;
      const last = frame.parts.length - 1;
      frame.parts.forEach((part, i) => {
        bytes += part.byteLength;
        this.#ws.send(part, { binary: frame.binary, fin: i === last });
      });
    }
    this.messagesSent++;
    this.bytesSent += bytes;
    return bytes;
  }

  /** Holds this turn's writes in the socket; they are flushed together once the current job is done. */
  #batch(): void {
    const socket = this.#options.socket;
    if (this.#corked || !socket) return;
    this.#corked = true;
    socket.cork();
    process.nextTick(() => {
      this.#corked = false;
      socket.uncork();
    });
  }

  #scheduleDrain(): void {
    if (this.#drainTimer !== undefined) return;
    this.#drainTimer = setTimeout(() => {
      this.#drainTimer = undefined;
      this.#drain();
    }, DRAIN_POLL_MS);
  }

  #drain(): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return this.dispose();
    if (this.#ws.bufferedAmount >= this.#options.lowWatermarkBytes) {
      if (this.aboveWatermarkMs() > this.#options.slowConsumerMs) {
        this.dispose();
        this.#options.onSlowConsumer();
        return;
      }
      this.#scheduleDrain();
      return;
    }
    for (const [stream, frame] of this.#pending) stream.recordSent(this.#write(frame));
    this.#pending.clear();
    this.#aboveSinceMs = undefined;
  }
}
