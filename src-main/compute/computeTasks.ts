/**
 * The work the compute pool does, as plain functions of plain data: what a worker runs (computeWorker.ts)
 * and what InlineRunner runs on the caller's thread. Samples arrive in SharedArrayBuffers (one copy of a
 * record, shared by every task on it: see SharedRecords); a spectrum's bins are written into one the caller
 * hands over (recycled: SpectrumService), so the display reductions of every view asking for it read the
 * same bins without copying 4 MB each way. A spectrum task also reduces its bins for the view that asked
 * first: one task, two thread hops, where a spectrum and then its reduction took four.
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
import { runWarmTask, type WarmTask } from './warmTask.js';

/** Measure one channel of a record (measureChannel: the wire's field names). */
export interface MeasureTask {
  kind: 'measure';
  samples: Float32Array;
  sampleRateHz: number;
}

/** How a view shows a spectrum: reduced to its width (displaySpectrum), rounded as its reply carries it. */
export interface DisplayShape {
  widthPx: number;
  logFrequency: boolean;
  /**
   * Each frequency and level rounded to this many significant digits (as Number(v.toPrecision(d))), as
   * a reply carries them; absent: exact. Rounding takes a string per value: 8,000 for four 1000-px views,
   * about 1 MB of garbage and 1–2 ms a frame on the event loop when get_spectrum did it there.
   */
  significantDigits?: number;
}

/**
 * The amplitude spectrum of one channel of a record, its peak, and its bins reduced for the view that
 * asked for it (other views' reductions are display tasks on the bins).
 */
export interface SpectrumTask {
  kind: 'spectrum';
  samples: Float32Array;
  sampleRateHz: number;
  window: FftWindow;
  /**
   * Where the bins go: binsOf(samples.length) values in a SharedArrayBuffer the caller owns (recycled:
   * SpectrumService), overwritten and returned as the result's `spectrum.rmsV`.
   */
  into: Float64Array;
  display: DisplayShape;
}

/**
 * How many bins a spectrum of `points` samples has (an FFT of the next power of two, one-sided). Sized for
 * at least 4 points: fewer is refused by computeSpectrum with its own message.
 */
export function binsOf(points: number): number {
  return nextPowerOfTwo(Math.max(4, points)) / 2 + 1;
}

/** A spectrum reduced to a chart's width (displaySpectrum): a view other than the one that asked first. */
export interface DisplayTask extends DisplayShape {
  kind: 'display';
  spectrum: Spectrum;
}

/** A spectrum whose bins (`rmsV`) live in a SharedArrayBuffer, with its peak. */
export interface SharedSpectrum extends Spectrum {
  peak: SpectrumPeak | undefined;
}

/** What a spectrum task resolves with: the spectrum (its bins in the caller's array) and its reduction. */
export interface SpectrumWithView {
  spectrum: SharedSpectrum;
  shown: DisplaySpectrum;
}

export type ComputeTask = MeasureTask | SpectrumTask | DisplayTask | WarmTask;

/** What each kind of task resolves with. */
export interface ComputeResults {
  measure: Record<string, number> | undefined;
  spectrum: SpectrumWithView;
  display: DisplaySpectrum;
  /** The ms the warm task's spectra took. */
  warm: number;
}

export type ResultOf<T extends ComputeTask> = ComputeResults[T['kind']];

function reduce(spectrum: Spectrum, shape: DisplayShape): DisplaySpectrum {
  const shown = displaySpectrum(spectrum, shape.widthPx, shape.logFrequency);
  const digits = shape.significantDigits;
  if (digits !== undefined) {
    // Both arrays are the reduction's own (never the spectrum's bins): rounded in place.
    for (const values of [shown.frequencyHz, shown.rmsV]) {
      for (let i = 0; i < values.length; i++) values[i] = Number(values[i]!.toPrecision(digits));
    }
  }
  return shown;
}

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
      return { spectrum: { ...spectrum, peak: findPeak(spectrum) }, shown: reduce(spectrum, task.display) };
    }
    case 'display':
      return reduce(task.spectrum, task);
    case 'warm':
      return runWarmTask(task, runComputeTask);
    default: {
      const unknown: never = task;
      throw new Error(`unknown compute task ${JSON.stringify(unknown)}`);
    }
  }
}
