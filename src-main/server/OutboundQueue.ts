/**
 * Backpressure for one connection. Control messages (replies, events) are always sent. Live frames are
 * sent while the socket's send buffer is below the high watermark; above it, only the newest pending
 * frame per stream is kept ("latest wins") and each frame replaced is counted as dropped. A client that
 * stays above the watermark for SLOW_CONSUMER_MS is disconnected, so it can never hold memory forever.
 */
import WebSocket from 'ws';
import type { SessionStream } from './SessionStream.js';

/** Send-buffer level above which live frames are coalesced, bytes. */
export const HIGH_WATERMARK_BYTES = 4 * 1024 * 1024;
/** Level the buffer must fall below before pending frames are flushed, bytes. */
export const LOW_WATERMARK_BYTES = 1 * 1024 * 1024;
/** How long a client may stay above the watermark before it is disconnected, ms. */
export const SLOW_CONSUMER_MS = 30_000;
/** How often a backed-up queue checks whether the socket drained, ms. */
const DRAIN_POLL_MS = 5;

type Frame = string | ArrayBuffer;

export class OutboundQueue {
  readonly #ws: WebSocket;
  readonly #onSlowConsumer: () => void;
  readonly #slowConsumerMs: number;
  readonly #pending = new Map<SessionStream, Frame>();
  #drainTimer: ReturnType<typeof setTimeout> | undefined;
  #aboveSinceMs: number | undefined;
  messagesSent = 0;
  bytesSent = 0;
  framesDropped = 0;

  constructor(ws: WebSocket, options: { onSlowConsumer: () => void; slowConsumerMs?: number }) {
    this.#ws = ws;
    this.#onSlowConsumer = options.onSlowConsumer;
    this.#slowConsumerMs = options.slowConsumerMs ?? SLOW_CONSUMER_MS;
  }

  get pendingFrames(): number {
    return this.#pending.size;
  }

  sendControl(text: string): void {
    this.#write(text);
  }

  sendLive(stream: SessionStream, frame: Frame): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#pending.size === 0 && this.#ws.bufferedAmount < HIGH_WATERMARK_BYTES) {
      stream.recordSent(this.#write(frame));
      return;
    }
    if (this.#pending.has(stream)) {
      stream.framesDropped++;
      this.framesDropped++;
    }
    this.#pending.set(stream, frame);
    this.#aboveSinceMs ??= performance.now();
    this.#scheduleDrain();
  }

  /** Drops a stopped stream's pending frame without counting it as a loss. */
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
    this.#ws.send(frame);
    this.messagesSent++;
    this.bytesSent += bytes;
    return bytes;
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
    if (this.#ws.bufferedAmount >= LOW_WATERMARK_BYTES) {
      if (performance.now() - (this.#aboveSinceMs ?? performance.now()) > this.#slowConsumerMs) {
        this.dispose();
        this.#onSlowConsumer();
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
