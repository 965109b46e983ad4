/**
 * Recycles the sample arrays of a simulated scope's records. At 4 × 100k points and 60 records a second
 * the scope would otherwise allocate 100 MB/s of typed arrays, and the backend paid for it with a full
 * garbage collection (3–4 ms with everything stopped) about five times a second — enough to make every
 * stream's timing jitter.
 *
 * Arrays are lent, not owned: a record's arrays are handed out again only once `keepRecords` newer
 * records have been made, so a consumer may use a record until then. Everything in the backend uses a
 * record synchronously when it is delivered (decimation, frame encoding and measurements copy or reduce
 * it at once); anything that keeps samples longer must copy them.
 */
export class RecordBuffers {
  readonly #keepRecords: number;
  readonly #maxFree: number;
  /** The arrays of the newest records, oldest first: still readable by whoever holds those records. */
  readonly #lent: Float32Array[][] = [];
  readonly #free: Float32Array[] = [];

  constructor(options: { keepRecords?: number; maxFree?: number } = {}) {
    this.#keepRecords = options.keepRecords ?? 2;
    this.#maxFree = options.maxFree ?? 8;
  }

  /** An array of `length` samples for the record being made: a free one of that length, or a new one. */
  take(length: number): Float32Array {
    const index = this.#free.findIndex((a) => a.length === length);
    if (index < 0) return new Float32Array(length);
    const [array] = this.#free.splice(index, 1);
    return array!;
  }

  /** The arrays of a record just made: lent out until `keepRecords` newer records exist. */
  lend(arrays: Float32Array[]): void {
    this.#lent.push(arrays);
    while (this.#lent.length > this.#keepRecords + 1) this.giveBack(this.#lent.shift()!);
  }

  /** Arrays taken for a record that was not made (no trigger), or no longer lent. */
  giveBack(arrays: readonly Float32Array[]): void {
    for (const array of arrays) if (this.#free.length < this.#maxFree) this.#free.push(array);
  }

  /** Arrays waiting to be reused (for tests). */
  get freeCount(): number {
    return this.#free.length;
  }
}
