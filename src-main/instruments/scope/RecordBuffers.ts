/**
 * Recycles the sample arrays of a simulated scope's records. At 4 × 100k points and 60 records a second
 * the scope would otherwise allocate 100 MB/s of typed arrays, and the backend paid for it with a full
 * garbage collection (3–4 ms with everything stopped) about five times a second — enough to make every
 * stream's timing jitter.
 *
 * Arrays are lent, not owned: a record's arrays are handed out again only once `keepRecords` newer
 * records have been made, so a consumer may use a record until then. Everything in the backend uses a
 * record synchronously when it is delivered (decimation, frame encoding and measurements copy or reduce
 * it at once); anything that keeps samples longer must copy them, or hold them (holdRecordSamples).
 *
 * The arrays live in SharedArrayBuffers, so the compute pool's worker threads read a record where it lies
 * instead of the event loop copying it first (4 × 4 MB, 1.5–2.5 ms a 4 × 1M record: docs/BENCHMARKS.md,
 * "measurementStats"). A held array is not handed out again until every hold on it is released, however
 * many newer records are made meanwhile.
 */

/** Arrays made by a RecordBuffers, and which one: holdRecordSamples finds their owner. */
const owners = new WeakMap<Float32Array, RecordBuffers>();

/**
 * Holds `samples` where they lie if a simulated scope's RecordBuffers made them (a SharedArrayBuffer, which
 * worker threads can read): they stay unchanged until the returned release is called (once; later calls
 * do nothing). Undefined for any other array: the caller must copy it.
 */
export function holdRecordSamples(samples: Float32Array): (() => void) | undefined {
  return owners.get(samples)?.hold(samples);
}

export class RecordBuffers {
  readonly #keepRecords: number;
  readonly #maxFree: number;
  /** The arrays of the newest records, oldest first: still readable by whoever holds those records. */
  readonly #lent: Float32Array[][] = [];
  readonly #free: Float32Array[] = [];
  /** Holds per array (holdRecordSamples), while there is one. */
  readonly #holds = new Map<Float32Array, number>();
  /** Arrays given back while held: free once the last hold goes. */
  readonly #retiredWhileHeld = new Set<Float32Array>();

  constructor(options: { keepRecords?: number; maxFree?: number } = {}) {
    this.#keepRecords = options.keepRecords ?? 2;
    this.#maxFree = options.maxFree ?? 8;
  }

  /** An array of `length` samples for the record being made: a free one of that length, or a new one. */
  take(length: number): Float32Array {
    const index = this.#free.findIndex((a) => a.length === length);
    if (index >= 0) return this.#free.splice(index, 1)[0]!;
    const array = new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
    owners.set(array, this);
    return array;
  }

  /** The arrays of a record just made: lent out until `keepRecords` newer records exist. */
  lend(arrays: Float32Array[]): void {
    this.#lent.push(arrays);
    while (this.#lent.length > this.#keepRecords + 1) this.giveBack(this.#lent.shift()!);
  }

  /** Arrays taken for a record that was not made (no trigger), or no longer lent. */
  giveBack(arrays: readonly Float32Array[]): void {
    for (const array of arrays) {
      if (this.#holds.has(array)) this.#retiredWhileHeld.add(array);
      else this.#toFree(array);
    }
  }

  /** Keeps `array` from being handed out again until the returned release (holdRecordSamples). */
  hold(array: Float32Array): () => void {
    this.#holds.set(array, (this.#holds.get(array) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.#holds.get(array)! - 1;
      if (left > 0) return void this.#holds.set(array, left);
      this.#holds.delete(array);
      if (this.#retiredWhileHeld.delete(array)) this.#toFree(array);
    };
  }

  /** Arrays waiting to be reused (for tests). */
  get freeCount(): number {
    return this.#free.length;
  }

  /** Arrays held now (for tests). */
  get heldCount(): number {
    return this.#holds.size;
  }

  #toFree(array: Float32Array): void {
    if (this.#free.length < this.#maxFree) this.#free.push(array);
  }
}
