/**
 * Records' channels in SharedArrayBuffers, which worker threads read where they lie: a simulated scope's
 * own arrays, held in place (see the last paragraph), or else a copy. A copy is
 * made when a record is first handed to the pool and shared by every task on it while any runs (its
 * measurement, its spectra); the original arrays stay with the record — the waveform stream and captures
 * use them, and a simulated scope lends them for only two newer records (RecordBuffers), so a task that
 * waits must not read them later.
 *
 * The buffers are recycled: a copy no task holds any more goes back to a free list, and the next record's
 * copy reuses it. Fresh memory is what costs: writing 4 MB into a new buffer took 100 ms on the loaded
 * 2-core machine (every page faulted in), into a used one 1 ms (docs/BENCHMARKS.md, "The compute pool").
 *
 * A simulated scope's records are born in shared memory (RecordBuffers): their arrays are held where they
 * lie (holdRecordSamples: the scope does not reuse them until released) and not copied at all, which takes
 * the copy's 1.5–2.5 ms a 4 × 1M record off the event loop and off the way to the statistics.
 */
import { holdRecordSamples, type ScopeRecord } from '../instruments/index.js';

/** One channel's copy, held until `release` (once; later calls do nothing). */
export interface SharedSamples {
  samples: Float32Array;
  release(): void;
}

interface Copy {
  samples: Float32Array;
  holders: number;
  /** When the last holder lets go: back to the free list, or the record's own array released. */
  letGo: () => void;
}

/**
 * Free buffers kept for reuse: four channels of four records. A measurer at display rate holds up to three
 * records at once (one measured, one waiting, and the next one copied before it replaces the waiting one),
 * and the spectra may hold a fourth; a list kept for only two records let the third's buffers go whenever
 * the pool went idle, and the next replacement paid for fresh ones — 16 MB of page faults, ~50 ms on the
 * event loop (docs/ARCHITECTURE.md, "The compute pool").
 */
const MAX_FREE_BUFFERS = 16;

export class SharedRecords {
  readonly #copies = new WeakMap<ScopeRecord, Map<number, Copy>>();
  readonly #free: Float32Array[] = [];
  #copiedBytes = 0;
  #reused = 0;
  #heldInPlace = 0;

  /** Bytes copied so far (for benchmarks and tests). */
  get copiedBytes(): number {
    return this.#copiedBytes;
  }

  /** Channels shared where they lie (already in shared memory, held by their owner) rather than copied. */
  get heldInPlace(): number {
    return this.#heldInPlace;
  }

  /** Copies made into a recycled buffer rather than a new one. */
  get reused(): number {
    return this.#reused;
  }

  /**
   * The shared copy of one channel of `record` (made now unless a task still holds one); undefined when
   * the record does not carry that channel. The caller releases it when its task has ended.
   */
  hold(record: ScopeRecord, channel: number): SharedSamples | undefined {
    let copies = this.#copies.get(record);
    if (copies === undefined) this.#copies.set(record, (copies = new Map()));
    let copy = copies.get(channel);
    if (copy === undefined) {
      const samples = record.channels.find((c) => c.channel === channel)?.samples;
      if (samples === undefined) return undefined;
      copy = this.#share(samples);
      copies.set(channel, copy);
    }
    copy.holders++;
    const held = copy;
    let released = false;
    return {
      samples: held.samples,
      release: () => {
        if (released) return;
        released = true;
        if (--held.holders > 0) return;
        copies.delete(channel);
        held.letGo();
      },
    };
  }

  #share(samples: Float32Array): Copy {
    const releaseInPlace = holdRecordSamples(samples);
    if (releaseInPlace !== undefined) {
      this.#heldInPlace++;
      return { samples, holders: 0, letGo: releaseInPlace };
    }
    const copy = this.#copyOf(samples);
    return {
      samples: copy,
      holders: 0,
      letGo: () => {
        if (this.#free.length < MAX_FREE_BUFFERS) this.#free.push(copy);
      },
    };
  }

  #copyOf(samples: Float32Array): Float32Array {
    const index = this.#free.findIndex((f) => f.length === samples.length);
    let copy: Float32Array;
    if (index >= 0) {
      copy = this.#free.splice(index, 1)[0]!;
      this.#reused++;
    } else {
      copy = new Float32Array(new SharedArrayBuffer(samples.byteLength));
    }
    copy.set(samples);
    this.#copiedBytes += samples.byteLength;
    return copy;
  }
}
