/**
 * The recorder's disk side: an in-order queue of whole frames, written by one async loop that hands the OS
 * whatever has piled up (one writev per pass) and fdatasyncs at least every `syncIntervalMs`. It never
 * blocks the caller and never reorders; after the first write error it stops for good and says how far the
 * file got, so the recorder can report exactly what was kept.
 */
import { fileSizeForSampleCount, frameBytes, SAMPLE_FILE_HEADER_BYTES } from './sampleFile.js';
import { type SampleSink, writeFully } from '../../util/index.js';

export interface FrameWriterOptions {
  channelCount: number;
  syncIntervalMs: number;
  /** After each completed write, with the whole frames now in the file. Must not throw. */
  onFlushed(flushedFrames: number): void;
  /** Once, on the first failed write or sync; the queue has been discarded. Must not throw. */
  onError(error: unknown): void;
}

/** Caps on one writev, so a large backlog is written (and its progress reported) in steps. */
const MAX_CHUNKS_PER_WRITE = 256;
const MAX_BYTES_PER_WRITE = 16 * 1024 * 1024;

export class FrameWriter {
  readonly #sink: SampleSink;
  readonly #options: FrameWriterOptions;
  readonly #frameBytes: number;
  readonly #syncTimer: ReturnType<typeof setInterval>;
  #queue: { bytes: Uint8Array; enqueuedAtMs: number }[] = [];
  #queuedBytes = 0;
  /** Bytes after the header handed to the OS; ends inside a frame only after a failed write. */
  #dataBytes = 0;
  #syncedBytes = 0;
  #lastSyncMs = performance.now();
  #syncRequested = false;
  #maxLagMs = 0;
  #failed = false;
  #draining = false;
  #closing = false;
  #idleWaiters: (() => void)[] = [];

  constructor(sink: SampleSink, options: FrameWriterOptions) {
    this.#sink = sink;
    this.#options = options;
    this.#frameBytes = frameBytes(options.channelCount);
    this.#syncTimer = setInterval(() => {
      this.#syncRequested = true;
      this.#kick();
    }, options.syncIntervalMs);
    this.#syncTimer.unref();
  }

  get queuedBytes(): number {
    return this.#queuedBytes;
  }
  get flushedFrames(): number {
    return Math.floor(this.#dataBytes / this.#frameBytes);
  }
  get durableFrames(): number {
    return Math.floor(this.#syncedBytes / this.#frameBytes);
  }
  /** Worst time from enqueue to the completion of the write holding it, ms. */
  get maxLagMs(): number {
    return this.#maxLagMs;
  }
  get failed(): boolean {
    return this.#failed;
  }

  /** Queues whole frames (the buffer is kept, not copied) and starts the loop if it is idle. */
  enqueue(bytes: Uint8Array): void {
    if (this.#failed || this.#closing) throw new Error('FrameWriter: enqueue after failure or close');
    this.#queue.push({ bytes, enqueuedAtMs: performance.now() });
    this.#queuedBytes += bytes.byteLength;
    this.#kick();
  }

  /**
   * Writes out the queue, cuts any torn frame left by a failed write, syncs and closes the sink. Resolves
   * (never rejects) once the file is final; a failed final sync is reported through onError.
   */
  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#syncTimer);
    await new Promise<void>((resolve) => {
      if (!this.#draining) resolve();
      else this.#idleWaiters.push(resolve);
    });
    const wholeBytes = fileSizeForSampleCount(this.flushedFrames, this.#options.channelCount);
    if (SAMPLE_FILE_HEADER_BYTES + this.#dataBytes !== wholeBytes) {
      await this.#sink.truncate(wholeBytes).catch(() => undefined);
      // Readers floor the size to whole frames anyway, so a failed truncate still leaves a readable file.
      this.#dataBytes = wholeBytes - SAMPLE_FILE_HEADER_BYTES;
    }
    try {
      await this.#sink.datasync();
      this.#syncedBytes = this.#dataBytes;
    } catch (err) {
      this.#onError(err);
    }
    await this.#sink.close().catch(() => undefined);
  }

  #kick(): void {
    if (this.#draining) return;
    this.#draining = true;
    void this.#drain();
  }

  #syncDue(): boolean {
    if (this.#dataBytes === this.#syncedBytes) return false;
    return this.#syncRequested || performance.now() - this.#lastSyncMs >= this.#options.syncIntervalMs;
  }

  /** The loop: one at a time; what is enqueued during an await is picked up by the next pass. */
  async #drain(): Promise<void> {
    try {
      while (!this.#failed) {
        if (this.#queue.length > 0) await this.#writeBatch();
        else if (!this.#syncDue() || this.#closing) break;
        if (this.#syncDue() && !this.#closing) await this.#sync();
      }
    } catch (err) {
      this.#onError(err);
    }
    this.#draining = false;
    for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  async #writeBatch(): Promise<void> {
    let count = 0;
    let bytes = 0;
    while (count < this.#queue.length && count < MAX_CHUNKS_PER_WRITE && bytes < MAX_BYTES_PER_WRITE) {
      bytes += this.#queue[count]!.bytes.byteLength;
      count++;
    }
    const batch = this.#queue.splice(0, count);
    const position = SAMPLE_FILE_HEADER_BYTES + this.#dataBytes;
    await writeFully(
      this.#sink,
      batch.map((b) => b.bytes),
      position,
      (written) => (this.#dataBytes += written),
    );
    this.#queuedBytes -= bytes;
    this.#maxLagMs = Math.max(this.#maxLagMs, performance.now() - batch[0]!.enqueuedAtMs);
    this.#options.onFlushed(this.flushedFrames);
  }

  async #sync(): Promise<void> {
    const upTo = this.#dataBytes;
    this.#syncRequested = false;
    await this.#sink.datasync();
    this.#syncedBytes = upTo;
    this.#lastSyncMs = performance.now();
  }

  #onError(err: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#options.onError(err);
  }
}
