/**
 * One client connection to an emulator: reads program messages line by line, runs them one at a time
 * (reply latency and settle times as the instrument would take them), applies injected faults, and sends
 * replies through a link paced at the instrument's byte rate. When things happen is LinkSchedule's
 * arithmetic from each command's arrival; the session only waits for those times.
 */
import type { Socket } from 'node:net';
import type { CommandTable } from './CommandTable.js';
import type { FaultInjector } from './faults.js';
import { LinkSchedule, type ScheduleLink } from './LinkSchedule.js';
import { realNowMs, realSleepUntil } from './realTime.js';
import type { Reply } from './types.js';

export type SessionLink = ScheduleLink;

/** The session's time: real by default; a test may drive it by hand. */
export interface SessionTime {
  nowMs(): number;
  /** Resolves once `nowMs()` has reached `dueMs`. */
  sleepUntil(dueMs: number): Promise<void>;
}

export const REAL_SESSION_TIME: SessionTime = { nowMs: realNowMs, sleepUntil: realSleepUntil };

/** Replies are handed to the socket in slices of this size, each when the link would have carried it. */
const SLICE_BYTES = 64 * 1024;
/** A line longer than this without `\n` is not a program message: it is dropped. */
const MAX_INPUT_LINE_BYTES = 1 << 20;

export class EmulatorSession {
  readonly #socket: Socket;
  readonly #table: CommandTable;
  readonly #faults: FaultInjector;
  readonly #schedule: LinkSchedule;
  readonly #time: SessionTime;
  readonly #onEnded: () => void;
  #input = '';
  /** Program messages not yet carried out, with when each arrived. */
  readonly #lines: { line: string; arrivalMs: number }[] = [];
  #running = false;
  #closed = false;

  /** `onEnded` is called once when the connection closes, for whatever reason. */
  constructor(
    socket: Socket,
    table: CommandTable,
    faults: FaultInjector,
    link: SessionLink,
    onEnded: () => void,
    time: SessionTime = REAL_SESSION_TIME,
  ) {
    this.#socket = socket;
    this.#onEnded = onEnded;
    this.#table = table;
    this.#faults = faults;
    this.#schedule = new LinkSchedule(link);
    this.#time = time;
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
    const arrivalMs = this.#time.nowMs();
    this.#input += text;
    let newline: number;
    while ((newline = this.#input.indexOf('\n')) >= 0) {
      this.#lines.push({ line: this.#input.slice(0, newline).replace(/\r$/, ''), arrivalMs });
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
        const { line, arrivalMs } = this.#lines.shift()!;
        const startMs = this.#schedule.start(arrivalMs);
        // The command takes effect when the instrument reads it (after the previous one settled).
        await this.#time.sleepUntil(startMs);
        const { replies, settleMs } = this.#table.execute(line, this.#time.nowMs() - arrivalMs);
        this.#schedule.settle(startMs, settleMs);
        if (replies.length > 0) await this.#reply(startMs, replies);
      }
    } finally {
      this.#running = false;
    }
  }

  async #reply(startMs: number, replies: Reply[]): Promise<void> {
    if (this.#closed) return;
    const fault = this.#faults.next();
    if (fault === 'lost_reply') return;
    if (fault === 'disconnect') {
      // Dropped when the reply would have started, as a link that fails mid-conversation.
      await this.#time.sleepUntil(this.#schedule.reply(startMs, [0])[0]!);
      return this.destroy();
    }
    const bytes = fault === 'garbage' ? garbage() : encodeReplies(replies);
    const slices: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) slices.push(bytes.subarray(at, at + SLICE_BYTES));
    const due = this.#schedule.reply(
      startMs,
      slices.map((slice) => slice.length),
      fault === 'stall' ? this.#faults.stallMs : 0,
    );
    for (let i = 0; i < slices.length && !this.#closed; i++) {
      await this.#time.sleepUntil(due[i]!);
      if (!this.#closed) this.#socket.write(slices[i]!);
    }
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
