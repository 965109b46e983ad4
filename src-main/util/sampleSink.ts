/**
 * The recorder's only way to the disk, so tests can put a fault between the two: a full disk, a failing
 * device, a slow one. `openFileSink` is the real thing; `withWriteFault` wraps any sink.
 */
import { open } from 'node:fs/promises';

export interface SampleSink {
  /**
   * Writes the chunks, in order, at byte offset `positionBytes`, and resolves with the bytes written —
   * possibly fewer than given (a short write, as pwritev(2) may do when a disk fills).
   */
  writev(chunks: readonly Uint8Array[], positionBytes: number): Promise<number>;
  /** Makes written data durable (fdatasync). */
  datasync(): Promise<void>;
  truncate(lengthBytes: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating or truncating) the sample file at `filePath` for writing. */
export type OpenSampleSink = (filePath: string) => Promise<SampleSink>;

export const openFileSink: OpenSampleSink = async (filePath) => {
  const handle = await open(filePath, 'w', 0o644);
  return {
    writev: async (chunks, positionBytes) => (await handle.writev(chunks, positionBytes)).bytesWritten,
    datasync: () => handle.datasync(),
    truncate: (lengthBytes) => handle.truncate(lengthBytes),
    close: () => handle.close(),
  };
};

export interface WriteFaultOptions {
  /** Bytes (header included) the file may reach; the write that crosses it is short, the next one fails. */
  failAfterBytes: number;
  /** errno code of the failure. Default 'ENOSPC' (disk full). */
  code?: string;
}

/** A sink that behaves like `inner` until the file reaches `failAfterBytes`, then fails as a full disk does. */
export function withWriteFault(inner: OpenSampleSink, options: WriteFaultOptions): OpenSampleSink {
  const code = options.code ?? 'ENOSPC';
  return async (filePath) => {
    const sink = await inner(filePath);
    return {
      ...sink,
      async writev(chunks, positionBytes) {
        const room = options.failAfterBytes - positionBytes;
        if (room <= 0) {
          throw Object.assign(new Error(`${code}: injected write fault, write '${filePath}'`), {
            code,
            errno: -28,
          });
        }
        const total = chunks.reduce((sum, c) => sum + c.byteLength, 0);
        if (total <= room) return sink.writev(chunks, positionBytes);
        // Short write up to the limit, byte-exact, so a torn frame is left for the recorder to clean up.
        const kept: Uint8Array[] = [];
        let left = room;
        for (const chunk of chunks) {
          if (left === 0) break;
          const part = chunk.subarray(0, Math.min(left, chunk.byteLength));
          kept.push(part);
          left -= part.byteLength;
        }
        return sink.writev(kept, positionBytes);
      },
    };
  };
}
