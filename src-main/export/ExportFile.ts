/**
 * The file an export streams into: a temp file beside the target, written strictly in order, hashed
 * (SHA-256) as the bytes go out — so the digest costs no second read — and counted for progress. A
 * failed or cancelled export discards it; a finished one is synced, closed and then renamed by the caller.
 *
 * Writes go through the storage layer's SampleSink, so tests put the same fault wrapper between the export
 * and the disk as they do for captures (withWriteFault: a short write at the limit, then ENOSPC).
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { OpenSampleSink, SampleSink } from '../acquisition/sampleSink.js';
import { writeFully } from '../acquisition/writeFully.js';
import { Sha256Worker } from './Sha256Worker.js';

/** Creates the file exclusively (`wx`): a temp name that somehow exists is never written through. */
export const openExportSink: OpenSampleSink = async (filePath) => {
  const handle = await open(filePath, 'wx', 0o644);
  return {
    writev: async (chunks, positionBytes) => (await handle.writev(chunks, positionBytes)).bytesWritten,
    datasync: () => handle.datasync(),
    truncate: (lengthBytes) => handle.truncate(lengthBytes),
    close: () => handle.close(),
  };
};

export class ExportFile {
  /** Path of the temp file. */
  readonly path: string;
  readonly #sink: SampleSink;
  /** Hashing on the main thread (small files) or on a worker (big ones, see Sha256Worker). */
  readonly #hash: Hash | undefined;
  readonly #hashWorker: Sha256Worker | undefined;
  /** Bytes handed to write() (and hashed). */
  #queuedBytes = 0;
  /** Bytes the OS has accepted. */
  #writtenBytes = 0;
  #tail: Promise<void> = Promise.resolve();
  #failure: unknown = undefined;
  #closed = false;

  private constructor(path: string, sink: SampleSink, hashOnWorker: boolean) {
    this.path = path;
    this.#sink = sink;
    this.#hashWorker = hashOnWorker ? new Sha256Worker() : undefined;
    this.#hash = hashOnWorker ? undefined : createHash('sha256');
  }

  /**
   * Creates the temp file. `hashOnWorker` moves the SHA-256 to a worker thread: worth its start-up (a few
   * ms) for files of tens of MB, where it frees the main thread for formatting.
   */
  static async create(
    path: string,
    openSink: OpenSampleSink = openExportSink,
    hashOnWorker = false,
  ): Promise<ExportFile> {
    return new ExportFile(path, await openSink(path), hashOnWorker);
  }

  /** Bytes written so far (accepted by the OS). */
  get bytesWritten(): number {
    return this.#writtenBytes;
  }

  /**
   * Hashes `bytes` now and writes them after everything given before. Resolves once they are written;
   * until then the caller must leave `bytes` alone. Rejects when this or an earlier write failed.
   */
  write(bytes: Uint8Array): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const hashed = this.#hashWorker?.update(bytes);
    this.#hash?.update(bytes);
    const position = this.#queuedBytes;
    this.#queuedBytes += bytes.byteLength;
    const written = this.#tail.then(() => {
      if (this.#failure !== undefined) throw this.#failure;
      return writeFully(this.#sink, [bytes], position, (n) => {
        this.#writtenBytes += n;
      });
    });
    const done = hashed === undefined ? written : Promise.all([hashed, written]).then(() => undefined);
    this.#tail = done.catch((err: unknown) => {
      this.#failure ??= err;
    });
    // The caller awaits `done`; this only keeps a write it abandoned (on cancel) from counting as unhandled.
    done.catch(() => undefined);
    return done;
  }

  /** Waits for every write, syncs if asked, closes; returns the size and digest. Throws a write's error. */
  async finish(sync: boolean): Promise<{ bytes: number; sha256: string }> {
    await this.#tail;
    if (this.#failure !== undefined) throw this.#failure;
    const sha256 = this.#hash?.digest('hex') ?? (await this.#hashWorker!.digest());
    if (sync) await this.#sink.datasync();
    this.#closed = true;
    await this.#sink.close();
    return { bytes: this.#queuedBytes, sha256 };
  }

  /** Waits for writes in flight, closes and removes the temp file. Never throws. */
  async discard(): Promise<void> {
    await this.#tail;
    await this.#hashWorker?.close().catch(() => undefined);
    if (!this.#closed) {
      this.#closed = true;
      await this.#sink.close().catch(() => undefined);
    }
    await rm(this.path, { force: true }).catch(() => undefined);
  }
}
