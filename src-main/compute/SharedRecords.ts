/**
 * One copy of each record's channels in SharedArrayBuffers, made when the record is first handed to the
 * pool and shared by every task on it (its measurement and every spectrum of it): a worker reads it where
 * it lies, with no copy per task. The original arrays stay with the record — the waveform stream and
 * captures use them, and a simulated scope lends them for only two newer records (RecordBuffers), so a
 * task that waits must not read them later.
 */
import type { ScopeRecord } from '../instruments/index.js';

export class SharedRecords {
  readonly #copies = new WeakMap<ScopeRecord, Map<number, Float32Array>>();
  #copiedBytes = 0;

  /** Bytes copied so far (for benchmarks and tests). */
  get copiedBytes(): number {
    return this.#copiedBytes;
  }

  /** The shared copy of one channel of `record` (made now if it was not yet); undefined if not in it. */
  channel(record: ScopeRecord, channel: number): Float32Array | undefined {
    let copies = this.#copies.get(record);
    if (copies === undefined) this.#copies.set(record, (copies = new Map()));
    const cached = copies.get(channel);
    if (cached !== undefined) return cached;
    const samples = record.channels.find((c) => c.channel === channel)?.samples;
    if (samples === undefined) return undefined;
    const copy = new Float32Array(new SharedArrayBuffer(samples.byteLength));
    copy.set(samples);
    this.#copiedBytes += samples.byteLength;
    copies.set(channel, copy);
    return copy;
  }
}
