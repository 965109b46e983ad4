/**
 * Spectra of scope records, computed in the compute pool: one spectrum per (record, channel, window),
 * however many views and sessions ask for it — the cache is keyed by the record object, which lives only
 * as long as someone holds the record — and one display reduction per (spectrum, width, axis). A task
 * that fails is forgotten, so the next request computes it afresh.
 */
import type { DisplaySpectrum, FftWindow } from '../../shared/dsp/fft/index.js';
import type { ScopeRecord } from '../instruments/index.js';
import type { ComputeRunner } from './ComputePool.js';
import type { SharedSpectrum } from './computeTasks.js';
import type { SharedRecords } from './SharedRecords.js';

export interface SpectrumServiceOptions {
  runner: ComputeRunner;
  records: SharedRecords;
}

export class SpectrumService {
  readonly #runner: ComputeRunner;
  readonly #records: SharedRecords;
  readonly #spectra = new WeakMap<ScopeRecord, Map<string, Promise<SharedSpectrum>>>();
  readonly #displays = new WeakMap<SharedSpectrum, Map<string, Promise<DisplaySpectrum>>>();
  #computed = 0;

  constructor(options: SpectrumServiceOptions) {
    this.#runner = options.runner;
    this.#records = options.records;
  }

  /** Spectra computed (not served from the cache) since construction. */
  get computed(): number {
    return this.#computed;
  }

  /**
   * The spectrum of `channel` (a number, math channels included) of `record`. Rejects with RangeError
   * when the channel is not in the record, or as computeSpectrum does (fewer than 4 points).
   */
  spectrum(record: ScopeRecord, channel: number, window: FftWindow): Promise<SharedSpectrum> {
    let spectra = this.#spectra.get(record);
    if (spectra === undefined) this.#spectra.set(record, (spectra = new Map()));
    const key = `${channel}:${window}`;
    const cached = spectra.get(key);
    if (cached !== undefined) return cached;
    const shared = this.#records.hold(record, channel);
    if (shared === undefined) {
      return Promise.reject(new RangeError(`channel ${channel} is not in the record`));
    }
    this.#computed++;
    const computing = this.#runner.run({
      kind: 'spectrum',
      samples: shared.samples,
      sampleRateHz: record.sampleRateHz,
      window,
    });
    void computing.then(shared.release, shared.release);
    spectra.set(key, computing);
    computing.catch(() => spectra.delete(key));
    return computing;
  }

  /** `spectrum` reduced to `widthPx` buckets (displaySpectrum), shared by requests of the same width. */
  display(spectrum: SharedSpectrum, widthPx: number, logFrequency: boolean): Promise<DisplaySpectrum> {
    let displays = this.#displays.get(spectrum);
    if (displays === undefined) this.#displays.set(spectrum, (displays = new Map()));
    const key = `${widthPx}:${logFrequency}`;
    const cached = displays.get(key);
    if (cached !== undefined) return cached;
    const { peak: _peak, ...bins } = spectrum;
    const reducing = this.#runner.run({ kind: 'display', spectrum: bins, widthPx, logFrequency });
    displays.set(key, reducing);
    reducing.catch(() => displays.delete(key));
    return reducing;
  }
}
