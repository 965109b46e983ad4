/**
 * One acquisition served to several readers, as the simulator does (SimOscilloscope): a read with
 * ReadOptions gets the latest record when it is younger than `maxAgeMs` and that reader has not had it, so
 * a waveform and a measurements stream together cost one download per tick, not two. A setting change
 * invalidates it.
 */
import type { ReadOptions, ScopeRecord } from '../InstrumentDriver.js';

export interface HeldAcquisition {
  record: ScopeRecord;
  /** Wall time of the first sample, ms. */
  timestampMs: number;
  /** When it was read, ms on the driver's clock. */
  acquiredAtMs: number;
  servedTo: Set<string>;
  /** Measured once, on the first measurements read (in slices: see measureRecordInSlices). */
  measurements?: Promise<Record<string, Record<string, number>>>;
}

export class SharedAcquisition {
  #held: HeldAcquisition | undefined;

  /** The latest acquisition if `options` allow serving it again, marking it served to that reader. */
  take(options: ReadOptions | undefined, nowMs: number): HeldAcquisition | undefined {
    const held = this.#held;
    const readerId = options?.readerId;
    if (!held || readerId === undefined || options?.maxAgeMs === undefined) return undefined;
    if (held.servedTo.has(readerId) || nowMs - held.acquiredAtMs >= options.maxAgeMs) return undefined;
    held.servedTo.add(readerId);
    return held;
  }

  /** Keeps a new acquisition as the latest, served to the reader that caused it. */
  hold(
    record: ScopeRecord,
    timestampMs: number,
    nowMs: number,
    options: ReadOptions | undefined,
  ): HeldAcquisition {
    this.#held = {
      record,
      timestampMs,
      acquiredAtMs: nowMs,
      servedTo: new Set(options?.readerId === undefined ? [] : [options.readerId]),
    };
    return this.#held;
  }

  invalidate(): void {
    this.#held = undefined;
  }
}
