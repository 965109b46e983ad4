/**
 * Cuts the bytes of a SCPI raw-socket link into replies, as pure logic (no socket, no timers), so every
 * framing case — split and coalesced TCP chunks, blocks split at any byte — is tested directly.
 *
 * Replies come strictly in order and the caller says what it expects next: a line (`...\n`) or an
 * IEEE 488.2 block (`#<n><len><bytes>` definite, `#0<bytes>\n` indefinite). A definite block is usually
 * followed by a `\n` (Rigol, Keysight); that terminator is dropped whether it arrives with the block or
 * with the next chunk, so it is never read as an empty reply.
 */

/** Why the bytes could not be framed; the port turns it into a DriverError('protocol') and resyncs. */
export class FramingError extends Error {
  override name = 'FramingError';
}

export type FramedReply =
  | { kind: 'line'; text: string }
  | { kind: 'block'; bytes: Uint8Array }
  /** An indefinite `#0` block whose data so far ends in `\n`: complete unless more bytes follow. */
  | { kind: 'indefinite_candidate' };

export interface BlockProgress {
  receivedBytes: number;
  totalBytes: number | undefined;
}

const NL = 0x0a;
const CR = 0x0d;
const HASH = 0x23;

/** Longest line reply accepted, bytes: a longer one is garbage, not an answer. */
export const MAX_LINE_BYTES = 1 << 20;

export class ReplyFramer {
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** A definite block was taken; a `\n` (or `\r\n`) that follows belongs to it. */
  #terminatorPending = false;

  /** Bytes received and not yet taken. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /** Forgets everything buffered (a resync drains the link). */
  clear(): void {
    this.#chunks = [];
    this.#buffered = 0;
    this.#terminatorPending = false;
  }

  /**
   * Takes the next line reply if it has fully arrived, terminator (`\n`, and a `\r` before it) removed.
   * Throws FramingError on bytes no SCPI reply contains (control characters, an endless line). The text is
   * decoded as Latin-1, byte for byte; a driver that expects UTF-8 re-decodes it.
   */
  takeLine(): { kind: 'line'; text: string } | undefined {
    this.#dropPendingTerminator();
    const buf = this.#flatten();
    const end = buf.indexOf(NL);
    const scanTo = end < 0 ? buf.length : end;
    for (let i = 0; i < scanTo; i++) {
      const b = buf[i]!;
      // Control characters never appear in a reply line (bytes above 0x7e may: a unit like "Ω" in UTF-8).
      if ((b < 0x20 && b !== 0x09 && !(b === CR && i === scanTo - 1)) || b === 0x7f) {
        throw new FramingError(`unexpected byte 0x${b.toString(16).padStart(2, '0')} in a reply line`);
      }
    }
    if (end < 0) {
      if (buf.length > MAX_LINE_BYTES)
        throw new FramingError(`reply line longer than ${MAX_LINE_BYTES} bytes`);
      return undefined;
    }
    const textEnd = end > 0 && buf[end - 1] === CR ? end - 1 : end;
    const text = Buffer.from(buf.buffer, buf.byteOffset, textEnd).toString('latin1');
    this.#consume(buf, end + 1);
    return { kind: 'line', text };
  }

  /**
   * Takes the next block reply if it has fully arrived. For `#0`, answers `indefinite_candidate` while the
   * data so far ends in `\n` (the port waits for the link to go quiet, then calls `takeIndefinite`).
   * Throws FramingError when the reply does not start with a block header.
   */
  takeBlock(): FramedReply | undefined {
    this.#dropPendingTerminator();
    if (this.#buffered === 0) return undefined;
    const head = this.#peek(11);
    if (head[0] !== HASH)
      throw new FramingError(`expected a block ("#..."), got ${describeStart(this.#peek(16))}`);
    if (head.length < 2) return undefined;
    const digits = head[1]! - 0x30;
    if (digits < 0 || digits > 9) throw new FramingError(`bad block header: ${describeStart(head)}`);
    if (digits === 0) {
      const last = this.#chunks[this.#chunks.length - 1]!;
      return this.#buffered > 2 && last[last.length - 1] === NL
        ? { kind: 'indefinite_candidate' }
        : undefined;
    }
    if (head.length < 2 + digits) return undefined;
    let length = 0;
    for (let i = 2; i < 2 + digits; i++) {
      const d = head[i]! - 0x30;
      if (d < 0 || d > 9) throw new FramingError(`bad block length: ${describeStart(head)}`);
      length = length * 10 + d;
    }
    const start = 2 + digits;
    // Large blocks arrive in many chunks: nothing is copied until the whole block is here.
    if (this.#buffered < start + length) return undefined;
    const buf = this.#flatten();
    const bytes = buf.slice(start, start + length);
    this.#consume(buf, start + length);
    this.#terminatorPending = true;
    return { kind: 'block', bytes };
  }

  /** Ends a `#0` block at its final `\n`: everything buffered after the `#0`, terminator removed. */
  takeIndefinite(): Uint8Array {
    const buf = this.#flatten();
    const end = buf[buf.length - 1] === NL ? buf.length - 1 : buf.length;
    const bytes = buf.slice(2, end);
    this.#consume(buf, buf.length);
    return bytes;
  }

  /** How far the block now arriving has come (for progress reports). */
  blockProgress(): BlockProgress {
    const head = this.#peek(11);
    if (head.length < 2 || head[0] !== HASH) return { receivedBytes: 0, totalBytes: undefined };
    const digits = head[1]! - 0x30;
    if (digits <= 0 || digits > 9)
      return { receivedBytes: Math.max(0, this.#buffered - 2), totalBytes: undefined };
    if (head.length < 2 + digits) return { receivedBytes: 0, totalBytes: undefined };
    const total = Number(Buffer.from(head.buffer, head.byteOffset + 2, digits).toString('latin1'));
    return { receivedBytes: Math.min(total, this.#buffered - 2 - digits), totalBytes: total };
  }

  /**
   * Bytes of a definite block still to come, when the buffer starts with one whose header has arrived
   * (a resync after a cancelled download skips exactly these instead of guessing from a quiet link);
   * undefined when no such block is in flight. Its terminator is not counted: not every model sends one.
   */
  blockBytesLeft(): number | undefined {
    const { receivedBytes, totalBytes } = this.blockProgress();
    return totalBytes === undefined ? undefined : Math.max(0, totalBytes - receivedBytes);
  }

  /** The first `count` buffered bytes (fewer if fewer are here), copying only those. */
  #peek(count: number): Uint8Array {
    const first = this.#chunks[0];
    if (first === undefined) return new Uint8Array(0);
    if (first.length >= count || this.#chunks.length === 1) return first.subarray(0, count);
    const out = new Uint8Array(Math.min(count, this.#buffered));
    let at = 0;
    for (const chunk of this.#chunks) {
      const part = chunk.subarray(0, out.length - at);
      out.set(part, at);
      at += part.length;
      if (at === out.length) break;
    }
    return out;
  }

  #dropPendingTerminator(): void {
    if (!this.#terminatorPending || this.#buffered === 0) return;
    const buf = this.#peek(2);
    if (buf[0] === NL) this.#drop(1);
    else if (buf[0] === CR && buf.length >= 2 && buf[1] === NL) this.#drop(2);
    else if (buf[0] === CR && buf.length < 2) return;
    this.#terminatorPending = false;
  }

  #flatten(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const merged = this.#chunks.length === 0 ? new Uint8Array(0) : Buffer.concat(this.#chunks);
    this.#chunks = merged.length === 0 ? [] : [merged];
    return merged;
  }

  #drop(count: number): void {
    this.#consume(this.#flatten(), count);
  }

  #consume(buf: Uint8Array, count: number): void {
    const rest = buf.subarray(count);
    this.#chunks = rest.length === 0 ? [] : [rest];
    this.#buffered = rest.length;
  }
}

function describeStart(buf: Uint8Array): string {
  const head = Buffer.from(buf.subarray(0, 16)).toString('latin1');
  return JSON.stringify(head);
}
