/**
 * One client connection to an emulator: reads program messages line by line, runs them one at a time
 * (waiting out reply latency and settle times as the instrument would), applies injected faults, and sends
 * replies through a link paced at the instrument's byte rate.
 */
import type { Socket } from 'node:net';
import type { CommandTable } from './CommandTable.js';
import type { FaultInjector } from './faults.js';
import { realNowMs, realSleep } from './realTime.js';
import type { Reply } from './types.js';

export interface SessionLink {
  /** Bytes per second the link carries. */
  rateBytesPerS: number;
  /** Time before a query's reply starts, ms. */
  replyLatencyMs: number;
}

/** Replies are handed to the socket in slices of this size, each when the link would have carried it. */
const SLICE_BYTES = 64 * 1024;
/** A line longer than this without `\n` is not a program message: it is dropped. */
const MAX_INPUT_LINE_BYTES = 1 << 20;

export class EmulatorSession {
  readonly #socket: Socket;
  readonly #table: CommandTable;
  readonly #faults: FaultInjector;
  readonly #link: SessionLink;
  readonly #onEnded: () => void;
  #input = '';
  readonly #lines: string[] = [];
  #running = false;
  #closed = false;
  #linkFreeAtMs = 0;

  /** `onEnded` is called once when the connection closes, for whatever reason. */
  constructor(
    socket: Socket,
    table: CommandTable,
    faults: FaultInjector,
    link: SessionLink,
    onEnded: () => void,
  ) {
    this.#socket = socket;
    this.#onEnded = onEnded;
    this.#table = table;
    this.#faults = faults;
    this.#link = link;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk.toString('latin1')));
    socket.on('close', () => this.#close());
    socket.on('error', () => this.#close());
  }

  /** Starts reading (a waiting second connection is paused until it becomes the session). */
  start(): void {
    this.#socket.resume();
  }

  /** Drops the connection (fault injection, server shutdown). */
  destroy(): void {
    this.#lines.length = 0;
    this.#socket.destroy();
    this.#close();
  }

  #receive(text: string): void {
    this.#input += text;
    let newline: number;
    while ((newline = this.#input.indexOf('\n')) >= 0) {
      this.#lines.push(this.#input.slice(0, newline).replace(/\r$/, ''));
      this.#input = this.#input.slice(newline + 1);
    }
    if (this.#input.length > MAX_INPUT_LINE_BYTES) this.#input = '';
    void this.#run();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      // Commands that arrived before the client hung up are still carried out (a client may write and
      // close at once, as sigrok-cli --set does); only their replies have nowhere to go.
      while (this.#lines.length > 0) {
        const line = this.#lines.shift()!;
        const { replies, settleMs } = this.#table.execute(line);
        if (replies.length > 0) await this.#reply(replies);
        if (settleMs > 0) await this.#sleep(settleMs);
      }
    } finally {
      this.#running = false;
    }
  }

  async #reply(replies: Reply[]): Promise<void> {
    if (this.#closed) return;
    if (this.#link.replyLatencyMs > 0) await this.#sleep(this.#link.replyLatencyMs);
    const fault = this.#faults.next();
    if (fault === 'lost_reply' || this.#closed) return;
    if (fault === 'disconnect') return this.destroy();
    if (fault === 'stall') await this.#sleep(this.#faults.stallMs);
    const bytes = fault === 'garbage' ? garbage() : encodeReplies(replies);
    await this.#send(bytes);
  }

  /** Writes `bytes` as the link would deliver them: each slice once the link has carried it. */
  async #send(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length && !this.#closed; at += SLICE_BYTES) {
      const slice = bytes.subarray(at, at + SLICE_BYTES);
      const now = realNowMs();
      this.#linkFreeAtMs =
        Math.max(now, this.#linkFreeAtMs) + (slice.length * 1000) / this.#link.rateBytesPerS;
      const waitMs = this.#linkFreeAtMs - now;
      if (waitMs >= 1) await this.#sleep(waitMs);
      if (!this.#closed) this.#socket.write(slice);
    }
  }

  #sleep(ms: number): Promise<void> {
    return realSleep(ms);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onEnded();
  }
}

/** The reply to one program message: text replies joined by `;`, a block as its bytes; then `\n`. */
export function encodeReplies(replies: readonly Reply[]): Uint8Array {
  const parts: Uint8Array[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) parts.push(Buffer.from(';'));
    parts.push(typeof reply === 'string' ? Buffer.from(reply, 'latin1') : reply);
  });
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** An IEEE 488.2 definite-length block: `#<digits><length><bytes>`. */
export function definiteBlock(bytes: Uint8Array): Uint8Array {
  const length = String(bytes.length);
  return Buffer.concat([Buffer.from(`#${length.length}${length}`, 'latin1'), bytes]);
}

/** Bytes no reply contains (control characters), ending in `\n` like a reply would. */
function garbage(): Uint8Array {
  return Buffer.from([0x01, 0xff, 0x13, 0x80, 0x07, 0x0a]);
}
