/**
 * A fixed-length Float64 array whose storage comes in chunks, each allocated when first written (reads of
 * an unwritten element give 0, as a new Float64Array's would). A trend series fills its history one value
 * a record, so memory it has not reached yet need not exist: a 4-channel scope's first record made 40
 * series at once, 2.9 MB of fresh memory in that record's turn (9–22 ms of CPU on the loaded 2-core
 * machine, against 0.01–0.26 ms for any later record: docs/BENCHMARKS.md, "One task per thread, and the
 * first record"). In chunks, the cost comes a chunk at a time, spread over the series' life.
 */
export class ChunkedFloat64Array {
  readonly length: number;
  readonly #chunkLength: number;
  readonly #chunks: (Float64Array | undefined)[];

  /** `length` elements in chunks of `chunkLength` (the last one may reach past `length`). */
  constructor(length: number, chunkLength: number) {
    if (!(Number.isInteger(chunkLength) && chunkLength > 0))
      throw new RangeError(`chunk length must be a positive integer, got ${chunkLength}`);
    this.length = length;
    this.#chunkLength = chunkLength;
    this.#chunks = new Array<Float64Array | undefined>(Math.ceil(length / chunkLength)).fill(undefined);
  }

  /** Bytes of the chunks allocated so far. */
  get allocatedBytes(): number {
    let bytes = 0;
    for (const chunk of this.#chunks) bytes += chunk?.byteLength ?? 0;
    return bytes;
  }

  /** Element `i` (0 ≤ i < length; not checked, as for a typed array read in a loop). */
  get(i: number): number {
    // Truncation is the floor for these indices (0 ≤ i < 2^31), and cheaper than Math.floor here.
    const k = (i / this.#chunkLength) | 0;
    const chunk = this.#chunks[k];
    return chunk === undefined ? 0 : chunk[i - k * this.#chunkLength]!;
  }

  /** Sets element `i` (0 ≤ i < length), allocating its chunk on its first write. */
  set(i: number, value: number): void {
    const k = (i / this.#chunkLength) | 0;
    let chunk = this.#chunks[k];
    if (chunk === undefined) this.#chunks[k] = chunk = new Float64Array(this.#chunkLength);
    chunk[i - k * this.#chunkLength] = value;
  }
}
