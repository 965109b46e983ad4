/**
 * ScpiPort over a connected TCP socket (raw-socket SCPI: port 5025, Rigol 5555). One reply is awaited at a
 * time, strictly in order. A call that times out, is aborted or meets bytes it cannot frame puts the port
 * out of step; before anything else is sent the port resynchronises — drains until the link is quiet,
 * sends `*CLS` and, where the model answers it, confirms with `*OPC?` — so a late reply is never read as
 * the answer to the next query.
 */
import type { Socket } from 'node:net';
import {
  type Clock,
  type Logger,
  silentLogger,
  systemClock,
  systemTimers,
  type Timers,
} from '../../../util/index.js';
import { DriverError } from '../../InstrumentDriver.js';
import type { ScpiBlockOptions, ScpiCallOptions, ScpiLinkStats, ScpiPort } from '../ScpiPort.js';
import { isErrorQuery } from './errorQuery.js';
import { LinkStatsMeter } from './LinkStatsMeter.js';
import { batchesWrites, type ScpiPacing } from './pacing.js';
import { FramingError, ReplyFramer } from './ReplyFramer.js';

export interface TcpScpiPortDeps {
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  /** Where the port reports its figures; an instrument's ScpiLink passes the same one to every port. */
  meter?: LinkStatsMeter;
  /**
   * When the last command went to the instrument, shared by an instrument's successive ports: the gap a
   * model needs between commands (SPD3303X) is the instrument's, so it holds across a reconnect too.
   */
  sendState?: { lastSendMs: number };
  /**
   * Runs a callback on the event loop's next turn (default `setImmediate`): writes held for the next
   * command leave then when no command followed them.
   */
  defer?: (callback: () => void) => void;
}

type Wake = () => void;

export class TcpScpiPort implements ScpiPort {
  readonly #socket: Socket;
  readonly #address: string;
  readonly #pacing: ScpiPacing;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #logger: Logger;
  readonly #framer = new ReplyFramer();
  readonly #stats: LinkStatsMeter;
  #closedError: DriverError | undefined;
  #wake: Wake | undefined;
  #chain: Promise<void> = Promise.resolve();
  #outOfStep = false;
  readonly #sendState: { lastSendMs: number };
  #lastWasWrite = false;
  /** The last query sent: after a failure, the one whose reply may still be on its way. */
  #lastQuery: string | undefined;
  /** Writes wait for the next command and leave with it in one send (`batchesWrites`). */
  readonly #batching: boolean;
  readonly #defer: (callback: () => void) => void;
  /** Lines written and not yet handed to the socket, each with its `\n`. */
  #heldWrites = '';
  #flushQueued = false;

  /** `socket` is connected; `address` names the instrument in messages ("192.168.1.7:5555"). */
  constructor(socket: Socket, address: string, pacing: ScpiPacing, deps: TcpScpiPortDeps = {}) {
    this.#socket = socket;
    this.#address = address;
    this.#pacing = pacing;
    this.#clock = deps.clock ?? systemClock;
    this.#timers = deps.timers ?? systemTimers;
    this.#logger = deps.logger ?? silentLogger;
    this.#stats = deps.meter ?? new LinkStatsMeter(this.#clock);
    this.#sendState = deps.sendState ?? { lastSendMs: Number.NEGATIVE_INFINITY };
    this.#batching = batchesWrites(pacing);
    this.#defer = deps.defer ?? ((callback) => setImmediate(callback));
    this.#stats.connects++;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#stats.recordReceived(chunk.length);
      this.#framer.push(chunk);
      this.#notify();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.#markClosed(describeSocketError(address, err));
    });
    socket.on('close', () => {
      this.#markClosed(new DriverError(`${address} closed the connection`, 'disconnected'));
    });
  }

  /** The instrument's address as shown in messages. */
  get address(): string {
    return this.#address;
  }

  /** True once the socket closed or failed: the port takes no more calls. */
  get closed(): boolean {
    return this.#closedError !== undefined;
  }

  /** True while the port is out of step and has not yet resynchronised. */
  get outOfStep(): boolean {
    return this.#outOfStep;
  }

  write(command: string, options: ScpiCallOptions = {}): Promise<void> {
    return this.#exclusive(async () => {
      await this.#send(command, false, options.signal);
      this.#stats.writes++;
    });
  }

  query(command: string, options: ScpiCallOptions = {}): Promise<string> {
    return this.#exclusive(async () => {
      const sentMs = await this.#send(command, true, options.signal);
      this.#stats.queries++;
      const reply = await this.#await(command, options, () => this.#framer.takeLine());
      this.#stats.recordLatency(this.#clock.nowMs() - sentMs);
      this.#stats.recordReply(command, reply.text);
      return reply.text;
    });
  }

  queryBlock(command: string, options: ScpiBlockOptions = {}): Promise<Uint8Array> {
    return this.#exclusive(async () => {
      const sentMs = await this.#send(command, true, options.signal);
      this.#stats.queries++;
      let lastReported = 0;
      const bytes = await this.#await(
        command,
        options,
        () => {
          const framed = this.#framer.takeBlock();
          if (framed?.kind === 'block') return framed.bytes;
          if (options.onProgress) {
            const progress = this.#framer.blockProgress();
            if (progress.receivedBytes !== lastReported) {
              lastReported = progress.receivedBytes;
              options.onProgress(progress.receivedBytes, progress.totalBytes);
            }
          }
          return framed?.kind === 'indefinite_candidate' ? 'indefinite' : undefined;
        },
        () => this.#framer.takeIndefinite(),
      );
      options.onProgress?.(bytes.length, bytes.length);
      this.#stats.recordLatency(this.#clock.nowMs() - sentMs);
      return bytes;
    });
  }

  stats(): ScpiLinkStats {
    return this.#stats.snapshot();
  }

  /**
   * Resynchronises now (drain, `*CLS`, `*OPC?` where allowed), after the calls already queued. Drivers call
   * it when a reply was framed but made no sense (garbage in a line): the port cannot tell that itself.
   */
  resync(): Promise<void> {
    // The driver could not parse a framed reply: that is a parse error of this link.
    this.#stats.parseErrors++;
    this.#outOfStep = true;
    return this.#exclusive(async () => undefined);
  }

  close(): Promise<void> {
    // Writes already taken leave before the socket closes, as they would have if sent one by one.
    this.#flushHeld();
    this.#markClosed(new DriverError(`connection to ${this.#address} closed`, 'disconnected'));
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.destroy();
    });
  }

  /** Runs `call` after every earlier call, resynchronising first (and again after it) if out of step. */
  #exclusive<T>(call: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(async () => {
      if (this.#outOfStep) await this.#resync();
      return call();
    });
    this.#chain = run.then(
      () => undefined,
      () => (this.#outOfStep ? this.#resync().catch(() => undefined) : undefined),
    );
    return run;
  }

  /** Paces, then writes `command\n`; resolves with the time it was handed to the socket. */
  async #send(command: string, isQuery: boolean, signal: AbortSignal | undefined): Promise<number> {
    this.#throwIfClosed();
    signal?.throwIfAborted();
    if (this.#batching) return this.#sendBatched(command, isQuery);
    let readyAtMs = this.#sendState.lastSendMs + this.#pacing.minCommandGapMs;
    if (isQuery && this.#lastWasWrite) {
      readyAtMs = Math.max(readyAtMs, this.#sendState.lastSendMs + this.#pacing.writeToQueryDelayMs);
    }
    const waitMs = readyAtMs - this.#clock.nowMs();
    if (waitMs > 0) await this.#sleep(waitMs, signal);
    this.#throwIfClosed();
    const line = `${command}\n`;
    const sentMs = this.#clock.nowMs();
    this.#sendState.lastSendMs = sentMs;
    this.#lastWasWrite = !isQuery;
    if (isQuery) this.#lastQuery = command;
    this.#stats.recordSent(line.length);
    await new Promise<void>((resolve, reject) => {
      this.#socket.write(line, 'latin1', (err) => {
        if (err) reject(this.#closedError ?? describeSocketError(this.#address, err));
        else resolve();
      });
    });
    return sentMs;
  }

  /**
   * A gap-free model's send: a write is held until the next command (or the event loop's next turn); a
   * query leaves in one send with the writes held before it, so a screen read's settings and its query
   * cost the instrument and the host one segment, not five. A failed socket write surfaces through the
   * socket's `error` event, which closes the port and wakes the reply's wait.
   */
  #sendBatched(command: string, isQuery: boolean): number {
    const nowMs = this.#clock.nowMs();
    if (!isQuery) {
      this.#heldWrites += `${command}\n`;
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        this.#defer(this.#flushHeld);
      }
      return nowMs;
    }
    // A setting's `SYST:ERR?` check does not ride with the setting: the setting leaves first, on its own.
    if (isErrorQuery(command)) this.#flushHeld();
    const text = this.#heldWrites === '' ? `${command}\n` : `${this.#heldWrites}${command}\n`;
    this.#heldWrites = '';
    this.#lastQuery = command;
    this.#transmit(text, nowMs);
    return nowMs;
  }

  /** Hands the held writes to the socket, if any (and if it is still open). */
  readonly #flushHeld = (): void => {
    this.#flushQueued = false;
    const text = this.#heldWrites;
    if (text === '') return;
    this.#heldWrites = '';
    if (this.#closedError === undefined) this.#transmit(text, this.#clock.nowMs());
  };

  #transmit(text: string, nowMs: number): void {
    this.#sendState.lastSendMs = nowMs;
    this.#stats.recordSent(text.length);
    this.#socket.write(text, 'latin1');
  }

  /**
   * Waits until `take` yields a reply. The timeout restarts whenever bytes arrive (a long block keeps
   * coming); `'indefinite'` means a `#0` block may be complete: it is taken once the link is quiet.
   */
  async #await<T>(
    command: string,
    options: ScpiCallOptions,
    take: () => T | 'indefinite' | undefined,
    finishIndefinite?: () => T,
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.#pacing.timeoutMs;
    const signal = options.signal;
    let lastBytes = this.#stats.bytesReceived;
    let idleSinceMs = this.#clock.nowMs();
    for (;;) {
      let result: T | 'indefinite' | undefined;
      try {
        result = take();
      } catch (err) {
        if (!(err instanceof FramingError)) throw err;
        this.#stats.parseErrors++;
        this.#outOfStep = true;
        throw new DriverError(
          `${this.#address} sent an unreadable reply to ${command}: ${err.message}`,
          'protocol',
        );
      }
      if (result === 'indefinite' && finishIndefinite) {
        const before = this.#stats.bytesReceived;
        await this.#sleep(this.#pacing.quietMs, signal).catch((err: unknown) => this.#failWait(err));
        if (this.#stats.bytesReceived === before) return finishIndefinite();
        continue;
      }
      if (result !== undefined && result !== 'indefinite') return result;
      this.#throwIfClosed();
      if (this.#stats.bytesReceived !== lastBytes) {
        lastBytes = this.#stats.bytesReceived;
        idleSinceMs = this.#clock.nowMs();
      }
      const leftMs = idleSinceMs + timeoutMs - this.#clock.nowMs();
      if (leftMs <= 0) {
        this.#stats.timeouts++;
        this.#outOfStep = true;
        const started =
          this.#framer.bufferedBytes > 0 ? ` (it stopped after ${this.#framer.bufferedBytes} bytes)` : '';
        throw new DriverError(`no reply to ${command} within ${timeoutMs} ms${started}`, 'timeout', {
          command,
          timeout_ms: timeoutMs,
        });
      }
      await this.#nextData(leftMs, signal).catch((err: unknown) => this.#failWait(err));
    }
  }

  /** An abort while waiting for a reply: the reply may still come, so the port is out of step. */
  #failWait(err: unknown): never {
    this.#outOfStep = true;
    this.#throwIfClosed();
    // The caller's own time limit (the host's call timeout) ran out before the reply: a timeout of this
    // link as much as the port's own, whichever limit is shorter.
    if (err instanceof DriverError && err.code === 'timeout') this.#stats.timeouts++;
    if (err instanceof DriverError) throw err;
    throw new DriverError('the call was cancelled before the instrument answered', 'timeout');
  }

  /** Resolves on the next received bytes, on close, or after `waitMs`; rejects if `signal` aborts. */
  #nextData(waitMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (): void => {
        this.#timers.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (this.#wake === wake) this.#wake = undefined;
      };
      const wake: Wake = () => {
        finish();
        resolve();
      };
      const onAbort = (): void => {
        finish();
        reject(signal?.reason instanceof DriverError ? signal.reason : new Error('aborted'));
      };
      const timer = this.#timers.setTimeout(wake, waitMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#wake = wake;
    });
  }

  #sleep(waitMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#timers.clearTimeout(timer);
        reject(signal?.reason instanceof DriverError ? signal.reason : new Error('aborted'));
      };
      const timer = this.#timers.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, waitMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Gets back in step: discard what is buffered (and the rest of a block that was arriving, counted by its
   * header), wait until nothing has arrived for `quietMs` (a late reply lands in the drain), `*CLS`, then `*OPC?` until its `1` (or `*IDN?` until an identity where the
   * model never answers `*OPC?`). A link that never goes
   * quiet, or does not confirm, is dropped: a reconnect starts clean.
   */
  async #resync(): Promise<void> {
    if (this.#closedError) return;
    this.#stats.resyncs++;
    const startMs = this.#clock.nowMs();
    // A block cancelled part way (a deep-memory download) says how much of it is still to come: skip
    // exactly that. A pause inside it longer than `quietMs` (a busy instrument, a loaded host) would
    // otherwise pass for the end, and the rest be read as the confirmation's answer.
    const blockLeft = this.#framer.blockBytesLeft();
    this.#framer.clear();
    if (blockLeft !== undefined && blockLeft > 0) {
      const untilBytes = this.#stats.bytesReceived + blockLeft;
      while (this.#stats.bytesReceived < untilBytes) {
        if (this.#closedError) return;
        const leftMs = startMs + this.#pacing.maxDrainMs - this.#clock.nowMs();
        if (leftMs <= 0) {
          return this.#drop(
            `${this.#address} did not finish the block it was sending within ${this.#pacing.maxDrainMs} ms of a failed call`,
          );
        }
        await this.#nextData(leftMs, undefined);
      }
      this.#framer.clear();
    }
    for (;;) {
      const before = this.#stats.bytesReceived;
      await this.#sleep(this.#pacing.quietMs, undefined);
      this.#framer.clear();
      if (this.#closedError) return;
      if (this.#stats.bytesReceived === before) break;
      if (this.#clock.nowMs() - startMs > this.#pacing.maxDrainMs) {
        return this.#drop(
          `${this.#address} kept sending for ${this.#pacing.maxDrainMs} ms after a failed call`,
        );
      }
    }
    // Without *OPC? (SPD3303X), *IDN? confirms instead: the instrument answers in order, so a late reply
    // to the failed query comes before the identity and is skipped; a quiet drain alone would let a reply
    // later than `quietMs` be read as the next query's answer. When the failed query was *IDN? itself its
    // late reply could not be told from the confirmation: the link is dropped and reopened instead.
    const failed = this.#lastQuery;
    if (!this.#pacing.opcQuery && failed !== undefined && IDN_QUERY.test(failed.trim())) {
      return this.#drop(`${this.#address} did not answer *IDN? in step`);
    }
    try {
      await this.#send('*CLS', false, undefined);
      const confirm = this.#pacing.opcQuery ? '*OPC?' : '*IDN?';
      await this.#send(confirm, true, undefined);
      for (;;) {
        const line = await this.#await(confirm, {}, () => this.#framer.takeLine());
        if (this.#pacing.opcQuery ? line.text.trim() === '1' : isIdentity(line.text)) break;
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return this.#drop(`${this.#address} did not get back in step after a failed call (${reason})`);
    }
    this.#outOfStep = false;
    this.#logger.debug(`scpi ${this.#address}: resynchronised`);
  }

  #drop(reason: string): void {
    this.#logger.warn(`scpi: ${reason}; dropping the link`);
    this.#markClosed(new DriverError(reason, 'disconnected'));
    this.#socket.destroy();
  }

  #markClosed(error: DriverError): void {
    if (this.#closedError) return;
    this.#closedError = error;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #throwIfClosed(): void {
    if (this.#closedError) throw this.#closedError;
  }
}

const IDN_QUERY = /^\*IDN\?$/i;

/** An `*IDN?` answer: maker, model, serial, firmware (Siglent adds a fifth field). */
function isIdentity(reply: string): boolean {
  return reply.split(',').length >= 4;
}

/** A person-readable DriverError for a socket failure. */
export function describeSocketError(address: string, err: NodeJS.ErrnoException): DriverError {
  const reason: Record<string, string> = {
    ECONNREFUSED: `${address} refused the connection`,
    ECONNRESET: `${address} reset the connection`,
    EPIPE: `${address} closed the connection`,
    ENOTFOUND: `${address}: no such host`,
    EAI_AGAIN: `${address}: the host name could not be looked up`,
    EHOSTUNREACH: `${address} is unreachable (no route to host)`,
    ENETUNREACH: `${address} is unreachable (network unreachable)`,
    ETIMEDOUT: `${address} did not answer (connection timed out)`,
  };
  const message = (err.code && reason[err.code]) ?? `${address}: ${err.message}`;
  return new DriverError(message, 'disconnected', { code: err.code });
}
