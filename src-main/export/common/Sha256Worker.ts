/**
 * SHA-256 on a worker thread, for big exports: hashing costs about half a nanosecond per byte, a fifth of
 * what formatting CSV does, and on the main thread the two add up. The main thread copies each block into
 * a pooled buffer and transfers it (no allocation per block, a memcpy instead of a hash); the worker hashes
 * in order and hands the buffer back. Backpressure keeps at most MAX_IN_FLIGHT_BYTES queued. A caller whose
 * bytes already sit in a SharedArrayBuffer skips the copy with updateShared (the HDF5 writer does, where the
 * copy would cost the main thread a tenth of a second per GB).
 */
import { Worker } from 'node:worker_threads';

const MIB = 1 << 20;
/** Bytes handed over and not yet hashed before update() makes the caller wait. */
const MAX_IN_FLIGHT_BYTES = 16 << 20;

// Plain CommonJS, evaluated by the worker: no file to locate in a bundle or a test runner.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.type === 'digest') {
    parentPort.postMessage({ type: 'digest', hex: hash.digest('hex') });
    return;
  }
  if (message.type === 'shared') {
    hash.update(new Uint8Array(message.buffer, message.offset, message.length));
    parentPort.postMessage({ type: 'shared' });
    return;
  }
  hash.update(new Uint8Array(message.buffer, 0, message.length));
  parentPort.postMessage({ type: 'hashed', buffer: message.buffer, length: message.length }, [message.buffer]);
});
`;

type WorkerReply =
  | { type: 'hashed'; buffer: ArrayBuffer; length: number }
  | { type: 'shared' }
  | { type: 'digest'; hex: string };

export class Sha256Worker {
  readonly #worker: Worker;
  readonly #pool: ArrayBuffer[] = [];
  #inFlightBytes = 0;
  #failure: Error | undefined;
  #drained: (() => void)[] = [];
  /** updateShared() calls not hashed yet, oldest first (the worker answers in order). */
  #sharedPending: { resolve: () => void; reject: (err: Error) => void }[] = [];
  #digest: ((hex: string) => void) | undefined;
  #digestFailed: ((err: Error) => void) | undefined;

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true });
    this.#worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'digest') {
        this.#digest?.(reply.hex);
        return;
      }
      if (reply.type === 'shared') {
        this.#sharedPending.shift()?.resolve();
        return;
      }
      this.#inFlightBytes -= reply.length;
      this.#pool.push(reply.buffer);
      if (this.#inFlightBytes <= MAX_IN_FLIGHT_BYTES / 2) this.#wake();
    });
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => {
      if (this.#digest !== undefined || this.#inFlightBytes > 0 || this.#sharedPending.length > 0)
        this.#fail(new Error(`hash worker exited (${code})`));
    });
  }

  /** Hands `bytes` over (copied at once, so the caller may reuse them); waits only when the worker lags. */
  async update(bytes: Uint8Array): Promise<void> {
    if (this.#failure) throw this.#failure;
    // Pooled buffers in whole MiBs, so that blocks of slightly different sizes (CSV chunks) reuse them.
    const fits = this.#pool.findIndex((b) => b.byteLength >= bytes.byteLength);
    const buffer =
      fits >= 0 ? this.#pool.splice(fits, 1)[0]! : new ArrayBuffer(Math.ceil(bytes.byteLength / MIB) * MIB);
    new Uint8Array(buffer, 0, bytes.byteLength).set(bytes);
    this.#inFlightBytes += bytes.byteLength;
    this.#worker.postMessage({ type: 'update', buffer, length: bytes.byteLength }, [buffer]);
    if (this.#inFlightBytes > MAX_IN_FLIGHT_BYTES) {
      await new Promise<void>((resolve) => this.#drained.push(resolve));
      if (this.#failure) throw this.#failure;
    }
  }

  /**
   * Hashes `bytes`, a view of a SharedArrayBuffer, where they are: no copy, in order with update(). Resolves
   * once they are hashed; until then the caller must leave them alone.
   */
  updateShared(bytes: Uint8Array): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      this.#sharedPending.push({ resolve, reject });
      this.#worker.postMessage({
        type: 'shared',
        buffer: bytes.buffer,
        offset: bytes.byteOffset,
        length: bytes.byteLength,
      });
    });
  }

  /** The digest of everything given, in hex; then the worker ends. */
  async digest(): Promise<string> {
    if (this.#failure) throw this.#failure;
    const hex = await new Promise<string>((resolve, reject) => {
      this.#digest = resolve;
      this.#digestFailed = reject;
      this.#worker.postMessage({ type: 'digest' });
    });
    this.#digest = undefined;
    await this.close();
    return hex;
  }

  /** Ends the worker; later calls fail. */
  async close(): Promise<void> {
    this.#digest = undefined;
    this.#failure ??= new Error('hash worker closed');
    this.#inFlightBytes = 0;
    this.#wake();
    this.#rejectShared(this.#failure);
    await this.#worker.terminate();
  }

  #wake(): void {
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    this.#wake();
    this.#rejectShared(err);
    this.#digestFailed?.(err);
  }

  #rejectShared(err: Error): void {
    for (const pending of this.#sharedPending.splice(0)) pending.reject(err);
  }
}
