/**
 * The file an export streams into: a temp file beside the target, written strictly in order, hashed
 * (SHA-256) as the bytes go out — so the digest costs no second read — and counted for progress. A
 * failed or cancelled export discards it; a finished one is synced, closed and then renamed by the caller.
 *
 * Writes go through the storage layer's SampleSink, so tests put the same fault wrapper between the export
 * and the disk as they do for captures (withWriteFault: a short write at the limit, then ENOSPC).
 *
 * Bytes in a SharedArrayBuffer are hashed where they are (no copy to the hash worker). A writer may ask for
 * an fdatasync every so many bytes while it writes: the disk then works alongside instead of after, and
 * the sync that finish() waits for is short.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { type OpenSampleSink, type SampleSink, writeFully } from '../../util/index.js';
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
  /** The fdatasyncs started while writing (see syncEveryBytes); failures land in #failure. */
  #syncs: Promise<void> = Promise.resolve();
  readonly #syncEveryBytes: number;
  #nextSyncAtBytes: number;
  #failure: unknown = undefined;
  #closed = false;

  private constructor(path: string, sink: SampleSink, hashOnWorker: boolean, syncEveryBytes: number) {
    this.path = path;
    this.#sink = sink;
    this.#hashWorker = hashOnWorker ? new Sha256Worker() : undefined;
    this.#hash = hashOnWorker ? undefined : createHash('sha256');
    this.#syncEveryBytes = syncEveryBytes;
    this.#nextSyncAtBytes = syncEveryBytes > 0 ? syncEveryBytes : Infinity;
  }

  /**
   * Creates the temp file. `hashOnWorker` moves the SHA-256 to a worker thread: worth its start-up (a few
   * ms) for files of tens of MB, where it frees the main thread for formatting. `syncEveryBytes` (0: never)
   * starts an fdatasync, without waiting for it, each time that many more bytes have been handed over.
   */
  static async create(
    path: string,
    openSink: OpenSampleSink = openExportSink,
    hashOnWorker = false,
    syncEveryBytes = 0,
  ): Promise<ExportFile> {
    return new ExportFile(path, await openSink(path), hashOnWorker, syncEveryBytes);
  }

  /** Bytes written so far (accepted by the OS). */
  get bytesWritten(): number {
    return this.#writtenBytes;
  }

  /**
   * Hashes `bytes` (or hands them to the hash worker) and writes them after everything given before.
   * Resolves once they are written and hashed; until then the caller must leave `bytes` alone. Rejects when
   * this or an earlier write failed.
   */
  write(bytes: Uint8Array): Promise<void> {
    if (this.#failure !== undefined) {
      const failed = Promise.reject(this.#failure);
      failed.catch(() => undefined); // as below: a caller may abandon it
      return failed;
    }
    const worker = this.#hashWorker;
    const hashed =
      worker === undefined
        ? undefined
        : bytes.buffer instanceof SharedArrayBuffer
          ? worker.updateShared(bytes)
          : worker.update(bytes);
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
    if (this.#queuedBytes >= this.#nextSyncAtBytes) {
      this.#nextSyncAtBytes = this.#queuedBytes + this.#syncEveryBytes;
      // Not part of #tail: the next writes go on while the disk catches up.
      const synced = written.then(() => this.#sink.datasync());
      this.#syncs = Promise.allSettled([this.#syncs, synced]).then(([, result]) => {
        if (result.status === 'rejected') this.#failure ??= result.reason;
      });
    }
    return done;
  }

  /** Waits for every write, syncs if asked, closes; returns the size and digest. Throws a write's error. */
  async finish(sync: boolean): Promise<{ bytes: number; sha256: string }> {
    await this.#tail;
    await this.#syncs;
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
    await this.#syncs;
    await this.#hashWorker?.close().catch(() => undefined);
    if (!this.#closed) {
      this.#closed = true;
      await this.#sink.close().catch(() => undefined);
    }
    await rm(this.path, { force: true }).catch(() => undefined);
  }
}
