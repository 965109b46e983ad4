/**
 * The work the compute pool does, as plain functions of plain data: what a worker runs (computeWorker.ts)
 * and what InlineRunner runs on the caller's thread. Samples arrive in SharedArrayBuffers (one copy of a
 * record, shared by every task on it: see SharedRecords); a spectrum's bins are written into one the caller
 * hands over (recycled: SpectrumService), so the display reductions of every view asking for it read the
 * same bins without copying 4 MB each way.
 */
import { measureChannel } from '../../shared/analysis/measureWaveform.js';
import {
  computeSpectrum,
  type DisplaySpectrum,
  displaySpectrum,
  type FftWindow,
  findPeak,
  nextPowerOfTwo,
  type Spectrum,
  type SpectrumPeak,
} from '../../shared/dsp/fft/index.js';

/** Measure one channel of a record (measureChannel: the wire's field names). */
export interface MeasureTask {
  kind: 'measure';
  samples: Float32Array;
  sampleRateHz: number;
}

/** The amplitude spectrum of one channel of a record, and its peak. */
export interface SpectrumTask {
  kind: 'spectrum';
  samples: Float32Array;
  sampleRateHz: number;
  window: FftWindow;
  /**
   * Where the bins go: binsOf(samples.length) values in a SharedArrayBuffer the caller owns (recycled:
   * SpectrumService), overwritten and returned as the result's `rmsV`.
   */
  into: Float64Array;
}

/**
 * How many bins a spectrum of `points` samples has (an FFT of the next power of two, one-sided). Sized for
 * at least 4 points: fewer is refused by computeSpectrum with its own message.
 */
export function binsOf(points: number): number {
  return nextPowerOfTwo(Math.max(4, points)) / 2 + 1;
}

/** A spectrum reduced to a chart's width (displaySpectrum). */
export interface DisplayTask {
  kind: 'display';
  spectrum: Spectrum;
  widthPx: number;
  logFrequency: boolean;
  /**
   * Each frequency and level rounded to this many significant digits (as Number(v.toPrecision(d))), as
   * a reply carries them; absent: exact. Rounding takes a string per value: 8,000 for four 1000-px views,
   * about 1 MB of garbage and 1–2 ms a frame on the event loop when get_spectrum did it there.
   */
  significantDigits?: number;
}

/** A spectrum whose bins (`rmsV`) live in a SharedArrayBuffer, with its peak. */
export interface SharedSpectrum extends Spectrum {
  peak: SpectrumPeak | undefined;
}

export type ComputeTask = MeasureTask | SpectrumTask | DisplayTask;

/** What each kind of task resolves with. */
export interface ComputeResults {
  measure: Record<string, number> | undefined;
  spectrum: SharedSpectrum;
  display: DisplaySpectrum;
}

export type ResultOf<T extends ComputeTask> = ComputeResults[T['kind']];

export function runComputeTask<T extends ComputeTask>(task: T): ResultOf<T>;
export function runComputeTask(task: ComputeTask): ComputeResults[keyof ComputeResults] {
  switch (task.kind) {
    case 'measure':
      return measureChannel(task.samples, task.sampleRateHz);
    case 'spectrum': {
      // The bins are written straight into the caller's shared memory: a new 4 MB array per 1M-point
      // spectrum (and a copy back) costs more than the wasm transform itself (docs/BENCHMARKS.md, FFT).
      const { into } = task;
      const spectrum = computeSpectrum(task.samples, task.sampleRateHz, task.window, { into });
      return { ...spectrum, peak: findPeak(spectrum) };
    }
    case 'display': {
      const shown = displaySpectrum(task.spectrum, task.widthPx, task.logFrequency);
      const digits = task.significantDigits;
      if (digits !== undefined) {
        // Both arrays are the reduction's own (never the spectrum's bins): rounded in place.
        for (const values of [shown.frequencyHz, shown.rmsV]) {
          for (let i = 0; i < values.length; i++) values[i] = Number(values[i]!.toPrecision(digits));
        }
      }
      return shown;
    }
    default: {
      const unknown: never = task;
      throw new Error(`unknown compute task ${JSON.stringify(unknown)}`);
    }
  }
}
