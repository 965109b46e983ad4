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
 * A frame to send: text, as a string or as its UTF-8 bytes (a Uint8Array / Buffer, already encoded: shared
 * stream data), or binary, as an ArrayBuffer.
 */
export type Frame = string | Uint8Array | ArrayBuffer;

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
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
    this.#batch();
    // Encoded text goes out as a text frame; ws would otherwise take any bytes for binary.
    if (frame instanceof Uint8Array) this.#ws.send(frame, { binary: false });
    else this.#ws.send(frame);
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
