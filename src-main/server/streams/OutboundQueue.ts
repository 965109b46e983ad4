/**
 * Backpressure for one connection. Live frames are sent while the socket's send buffer is below the high
 * watermark; above it, only the newest pending frame per stream is kept ("latest wins") and each frame
 * replaced is counted as dropped, on its stream and here. Control messages (replies, events, stats) are
 * never coalesced, but they are bounded: one that would take the unsent bytes past `maxQueuedBytes` is not
 * written, and the connection is reported once through `onOverflow` (the session closes it). A client that
 * stays above the watermark for `slowConsumerMs` — with live frames or control messages — is reported once
 * through `onSlowConsumer`. So no client can hold memory without bound, or for ever. Nothing here blocks: a
 * slow client costs its producers and the other clients nothing but the frames it is handed.
 *
 * The socket's buffer alone does not say how far behind a client is: the kernel's socket buffers and the
 * browser's own take megabytes before `bufferedAmount` grows, so a dashboard whose page is starved of CPU
 * could have seconds of live frames queued ahead of a reply (a Stop seen 20 s late, heartbeats missed).
 * With `inFlightWindowBytes`, the queue also counts what the client has not taken yet: after a write it
 * sends a WebSocket ping carrying the byte count so far, and the pong (which the client sends only once it
 * has read everything before the ping) acknowledges that count. Live frames are coalesced while more than
 * the window is unacknowledged, so a reply waits behind at most a window of live data.
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
  /**
   * Most bytes the socket may hold unsent once a control message is written, bytes. Live frames need no
   * such check: they are only written below the high watermark, and wait (one per stream) above it.
   */
  maxQueuedBytes: number;
  /** Called once, with the bytes that would have been queued, when a control message would exceed it. */
  onOverflow: (queuedBytes: number) => void;
  /**
   * Most bytes written and not yet acknowledged by the client (see the file comment) before live frames
   * are coalesced, bytes. Undefined: only the socket's buffer counts.
   */
  inFlightWindowBytes?: number;
}

export class OutboundQueue {
  readonly #ws: WebSocket;
  readonly #options: OutboundQueueOptions;
  readonly #pending = new Map<SessionStream, Frame>();
  #drainTimer: ReturnType<typeof setTimeout> | undefined;
  #aboveSinceMs: number | undefined;
  #corked = false;
  #overflowed = false;
  /** `bytesSent` as of the last ping the client answered. */
  #ackedBytes = 0;
  #probeOutstanding = false;
  messagesSent = 0;
  bytesSent = 0;
  /** Frames replaced by a newer one of their stream while waiting (all streams, stopped ones included). */
  framesDropped = 0;

  constructor(ws: WebSocket, options: OutboundQueueOptions) {
    this.#ws = ws;
    this.#options = options;
    if (options.inFlightWindowBytes !== undefined) ws.on('pong', (data) => this.#onPong(data));
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

  /** Bytes written that the client has not acknowledged taking (0 without an in-flight window). */
  get inFlightBytes(): number {
    return this.#options.inFlightWindowBytes === undefined ? 0 : this.bytesSent - this.#ackedBytes;
  }

  /**
   * Whether a live frame written now would wait behind a backlog: the socket's buffer is at the high
   * watermark, or more than the in-flight window is unacknowledged. Paced senders (acquisition live views,
   * the fleet feed) hold back while it is true.
   */
  get congested(): boolean {
    return this.#ws.bufferedAmount >= this.#options.highWatermarkBytes || this.#windowFull();
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
   * binary), which pace themselves on `bufferedBytes` so that none is ever dropped. A frame that would take
   * the unsent bytes past `maxQueuedBytes` is not sent; the connection is reported through `onOverflow`.
   */
  sendControl(frame: Frame): void {
    if (this.#ws.readyState !== WebSocket.OPEN || this.#overflowed) return;
    const bytes = frameBytes(frame);
    if (this.#ws.bufferedAmount + bytes > this.#options.maxQueuedBytes) {
      this.#overflowed = true;
      this.dispose();
      this.#options.onOverflow(this.#ws.bufferedAmount + bytes);
      return;
    }
    this.#write(frame, bytes);
    // Replies alone can fill the buffer (a client that asks and never reads): the same slow-consumer clock
    // as for live frames then runs, and the drain check stops it once the buffer empties.
    if (this.#ws.bufferedAmount >= this.#options.highWatermarkBytes) {
      this.#aboveSinceMs ??= performance.now();
      this.#scheduleDrain();
    }
  }

  sendLive(stream: SessionStream, frame: Frame): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#pending.size === 0 && !this.congested) {
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

  #write(frame: Frame, bytes = frameBytes(frame)): number {
    if (this.#ws.readyState !== WebSocket.OPEN) return 0;
    this.#batch();
    if (typeof frame === 'string' || frame instanceof ArrayBuffer) {
      this.#ws.send(frame);
    } else {
      // Back to back, synchronously: nothing else can be written between the fragments of a message.
      const last = frame.parts.length - 1;
      frame.parts.forEach((part, i) => this.#ws.send(part, { binary: frame.binary, fin: i === last }));
    }
    this.messagesSent++;
    this.bytesSent += bytes;
    this.#probe();
    return bytes;
  }

  #windowFull(): boolean {
    const window = this.#options.inFlightWindowBytes;
    return window !== undefined && this.bytesSent - this.#ackedBytes >= window;
  }

  /** One ping at a time, whenever bytes are unacknowledged: its pong acknowledges every byte before it. */
  #probe(): void {
    if (this.#options.inFlightWindowBytes === undefined || this.#probeOutstanding) return;
    if (this.bytesSent === this.#ackedBytes || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#probeOutstanding = true;
    this.#ws.ping(String(this.bytesSent));
  }

  #onPong(data: Buffer): void {
    // The heartbeat's pings carry nothing; ours carry the byte count they acknowledge.
    const text = data.toString('latin1');
    if (!/^\d{1,15}$/.test(text)) return;
    const acked = Number(text);
    if (acked < this.#ackedBytes || acked > this.bytesSent) return;
    this.#ackedBytes = acked;
    this.#probeOutstanding = false;
    // The next write probes, inside its batch (one system call with the data). A ping of its own here was a
    // socket write per pong — a tenth of a fleet dashboard backend's CPU (docs/BENCHMARKS.md, "fleet_live
    // coalesced"). Only a full window cannot wait for a write: live frames are held until it is acknowledged.
    if (this.#windowFull()) this.#probe();
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
    if (this.#ws.bufferedAmount >= this.#options.lowWatermarkBytes || this.#windowFull()) {
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

/** Payload bytes of a frame (UTF-8 for text). */
function frameBytes(frame: Frame): number {
  if (typeof frame === 'string') return Buffer.byteLength(frame);
  if (frame instanceof ArrayBuffer) return frame.byteLength;
  return frame.parts.reduce((sum, part) => sum + part.byteLength, 0);
}
