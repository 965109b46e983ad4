/**
 * Spectra of scope records, computed in the compute pool: one spectrum per (record, channel, window),
 * however many views and sessions ask for it — the cache is keyed by the record object, which lives only
 * as long as someone holds the record — and one display reduction per (spectrum, width, axis). A task
 * that fails is forgotten, so the next request computes it afresh.
 *
 * The bins (4 MB for a 1M-point record) are written into SharedArrayBuffers that are recycled: on the quiet
 * machine a 1M-point spectrum took 18–19 ms written into fresh memory against 6.3 ms into a used buffer, the
 * difference page faults (docs/BENCHMARKS.md, "The transform and the 1M-point target"). A buffer goes back to the free list only when nothing can read
 * it any more: its spectrum has been superseded (the same source's newer record asked for the same channel
 * and window) or its task failed, so it is out of the cache and no caller can start a reduction on it;
 * and no `view` that holds it is still running. That is why the spectrum and its reduction are one call:
 * with two, another request could supersede the spectrum between them and a new task overwrite its bins.
 *
 * The request that computes a spectrum has it reduced for its own view in the same task (one thread hop
 * each way instead of two: hops, not arithmetic, were most of a 10k-point view's time); a view of another
 * width, axis or rounding on the same spectrum is a display task on the bins held meanwhile. When a view
 * opens (its first record, or a new record length) every thread is warmed for its shape first
 * (warmTask.ts), so that no frame of it pays a thread's first-use costs.
 */
import type { DisplaySpectrum, FftWindow } from '../../shared/dsp/fft/index.js';
import type { ScopeRecord } from '../instruments/index.js';
import type { ComputeRunner } from './ComputePool.js';
import {
  binsOf,
  type DisplayJson,
  type DisplayShape,
  type SharedSpectrum,
  type ShownSpectrum,
} from './computeTasks.js';
import type { SharedRecords } from './SharedRecords.js';
import { WARM_RENDEZVOUS_MS } from './warmTask.js';

export interface SpectrumServiceOptions {
  runner: ComputeRunner;
  records: SharedRecords;
}

/** What a view asks for. */
export interface SpectrumRequest {
  /** Where the record comes from (the instrument's id): its newer records supersede its older ones. */
  source: string;
  /** A scope channel number, math channels included. */
  channel: number;
  window: FftWindow;
  /** The chart's width, px: the bins are reduced to about this many points (displaySpectrum). */
  widthPx: number;
  logFrequency: boolean;
  /**
   * Round `shown`'s frequencies and levels to this many significant digits in the worker, as the reply
   * carries them (DisplayTask); absent: exact values.
   */
  significantDigits?: number;
}

/** A spectrum as a view shows it: its figures, its peak and the bins reduced to the view's width. */
export interface SpectrumView extends Omit<SharedSpectrum, 'rmsV'> {
  shown: DisplaySpectrum;
}

/** The same with the reduced arrays as JSON text, made in the worker (viewJson). */
export interface SpectrumJsonView extends Omit<SharedSpectrum, 'rmsV'> {
  json: DisplayJson;
}

/** Free bins buffers kept for reuse: four channels of two records. */
const MAX_FREE = 8;

/** Spectra each thread runs when a view opens (warmTask.ts): the first of a size, then two as it tiers up. */
const WARM_ROUNDS = 3;
/** Shapes remembered as warmed; beyond this the memory starts afresh (a shape warmed twice costs little). */
const MAX_WARMED = 64;

interface Entry {
  /** The shared array the spectrum task writes; recycled once `dropped` and unread. */
  bins: Float64Array;
  computing: Promise<SharedSpectrum>;
  displays: Map<string, Promise<ShownSpectrum>>;
  /** `view` calls running on this spectrum (from asking for it to its reduction's end). */
  readers: number;
  /** Out of the cache (superseded or failed): no new reader can find it. */
  dropped: boolean;
  /** `bins` is on the free list (or was, and another spectrum has it now). */
  recycled: boolean;
  /** Removes it from the cache and from its source's latest. */
  forget(): void;
}

export class SpectrumService {
  readonly #runner: ComputeRunner;
  readonly #records: SharedRecords;
  readonly #spectra = new WeakMap<ScopeRecord, Map<string, Entry>>();
  /** Per source, channel and window: the newest record's spectrum, which the next one supersedes. */
  readonly #latest = new Map<string, Entry>();
  readonly #free: Float64Array[] = [];
  /** The views' shapes (length, window, display) the threads have been warmed for. */
  readonly #warmed = new Set<string>();
  #computed = 0;
  #reused = 0;

  constructor(options: SpectrumServiceOptions) {
    this.#runner = options.runner;
    this.#records = options.records;
  }

  /** Spectra computed (not served from the cache) since construction. */
  get computed(): number {
    return this.#computed;
  }

  /** Spectra written into a recycled bins buffer rather than a new one. */
  get reused(): number {
    return this.#reused;
  }

  /** Bins buffers waiting on the free list (at most MAX_FREE). */
  get freeBuffers(): number {
    return this.#free.length;
  }

  /**
   * The spectrum of `request.channel` of `record`, reduced to `request.widthPx`. Rejects with RangeError
   * when the channel is not in the record, or as computeSpectrum does (fewer than 4 points).
   */
  async view(record: ScopeRecord, request: SpectrumRequest): Promise<SpectrumView> {
    const { reduced, ...figures } = await this.#view(record, request, false);
    if (reduced.shown === undefined) throw new Error('a reduction came back without its arrays');
    return { ...figures, shown: reduced.shown };
  }

  /**
   * As `view`, with the reduced arrays as the JSON text a reply carries, made in the worker
   * (DisplayShape.json): no arrays, and no JSON to make, on the event loop.
   */
  async viewJson(record: ScopeRecord, request: SpectrumRequest): Promise<SpectrumJsonView> {
    const { reduced, ...figures } = await this.#view(record, request, true);
    if (reduced.json === undefined) throw new Error('a reduction came back without its JSON');
    return { ...figures, json: reduced.json };
  }

  async #view(
    record: ScopeRecord,
    request: SpectrumRequest,
    json: boolean,
  ): Promise<Omit<SharedSpectrum, 'rmsV'> & { reduced: ShownSpectrum }> {
    const entry = this.#entry(record, request, json);
    entry.readers++;
    try {
      const spectrum = await entry.computing;
      const reduced = await this.#display(entry, spectrum, displayShape(request, json));
      const { rmsV: _bins, ...figures } = spectrum;
      return { ...figures, reduced };
    } finally {
      entry.readers--;
      this.#recycle(entry);
    }
  }

  #entry(record: ScopeRecord, request: SpectrumRequest, json: boolean): Entry {
    const { source, channel, window } = request;
    let spectra = this.#spectra.get(record);
    if (spectra === undefined) this.#spectra.set(record, (spectra = new Map()));
    const key = `${channel}:${window}`;
    const cached = spectra.get(key);
    if (cached !== undefined) return cached;
    const shared = this.#records.hold(record, channel);
    if (shared === undefined) throw new RangeError(`channel ${channel} is not in the record`);
    // The previous record's spectrum goes first, so that with one view its buffer is the one reused now.
    const latestKey = `${source}\u0000${key}`;
    const previous = this.#latest.get(latestKey);
    if (previous !== undefined) this.#drop(previous);
    const into = this.#bins(binsOf(shared.samples.length));
    this.#computed++;
    const display = displayShape(request, json);
    // A view opens (or its record length changes): its threads meet their first-use costs now, once.
    if (previous?.bins.length !== into.length) this.#warm(shared.samples.length, record, window, display);
    const running = this.#runner.run({
      kind: 'spectrum',
      samples: shared.samples,
      sampleRateHz: record.sampleRateHz,
      window,
      into,
      display,
    });
    void running.then(shared.release, shared.release);
    // The bins are in `into`: the task does not send them back (SpectrumFigures).
    const computing = running.then((r): SharedSpectrum => ({ ...r.spectrum, rmsV: into }));
    const shown = running.then(({ spectrum: _figures, ...reduced }): ShownSpectrum => reduced);
    const owner = spectra;
    const entry: Entry = {
      bins: into,
      computing,
      displays: new Map(),
      readers: 0,
      dropped: false,
      recycled: false,
      forget: () => {
        if (owner.get(key) === entry) owner.delete(key);
        if (this.#latest.get(latestKey) === entry) this.#latest.delete(latestKey);
      },
    };
    const displayKey = displayKeyOf(display);
    entry.displays.set(displayKey, shown);
    shown.catch(() => entry.displays.delete(displayKey));
    spectra.set(key, entry);
    this.#latest.set(latestKey, entry);
    computing.catch(() => this.#drop(entry));
    return entry;
  }

  /** `spectrum` reduced to `widthPx` buckets, shared by the views of the same width, axis and rounding. */
  #display(entry: Entry, spectrum: SharedSpectrum, display: DisplayShape): Promise<ShownSpectrum> {
    const key = displayKeyOf(display);
    const cached = entry.displays.get(key);
    if (cached !== undefined) return cached;
    const { peak: _peak, ...bins } = spectrum;
    const reducing = this.#runner.run({ kind: 'display', spectrum: bins, ...display });
    entry.displays.set(key, reducing);
    reducing.catch(() => entry.displays.delete(key));
    return reducing;
  }

  /**
   * One warm task per thread for this view's shape, queued before its first spectrum (warmTask.ts), unless
   * another view of that shape warmed them already (none on a runner without threads). A warm task that
   * fails is of no consequence: the view's own task reports what is wrong.
   */
  #warm(points: number, record: ScopeRecord, window: FftWindow, display: DisplayShape): void {
    const parties = this.#runner.threads;
    if (parties === undefined || points < 4) return;
    const key = `${points}:${window}:${displayKeyOf(display)}`;
    if (this.#warmed.has(key)) return;
    // Bounded: a window resized step by step makes a shape per width.
    if (this.#warmed.size >= MAX_WARMED) this.#warmed.clear();
    this.#warmed.add(key);
    const rendezvous = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const task = {
      sampleRateHz: record.sampleRateHz,
      window,
      display,
      rounds: WARM_ROUNDS,
      rendezvous,
      parties,
      maxWaitMs: WARM_RENDEZVOUS_MS,
    };
    for (let i = 0; i < parties; i++) {
      this.#runner.run({ kind: 'warm', points, ...task }).catch(() => undefined);
    }
  }

  #drop(entry: Entry): void {
    entry.forget();
    entry.dropped = true;
    this.#recycle(entry);
  }

  #recycle(entry: Entry): void {
    if (!entry.dropped || entry.readers > 0 || entry.recycled) return;
    entry.recycled = true;
    // The oldest goes when full: after record lengths change, the stale sizes must not crowd out the new.
    if (this.#free.length >= MAX_FREE) this.#free.shift();
    this.#free.push(entry.bins);
  }

  #bins(length: number): Float64Array {
    const index = this.#free.findIndex((f) => f.length === length);
    if (index < 0) return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
    this.#reused++;
    return this.#free.splice(index, 1)[0]!;
  }
}

function displayShape(
  { widthPx, logFrequency, significantDigits }: SpectrumRequest,
  json: boolean,
): DisplayShape {
  return {
    widthPx,
    logFrequency,
    ...(significantDigits !== undefined && { significantDigits }),
    ...(json && { json }),
  };
}

function displayKeyOf({ widthPx, logFrequency, significantDigits, json }: DisplayShape): string {
  return `${widthPx}:${logFrequency}:${significantDigits ?? 'exact'}:${json === true ? 'json' : ''}`;
}
