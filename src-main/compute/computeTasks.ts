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

/**
 * Measure channels of one record (measureChannel: the wire's field names), one after another in one task:
 * a record's channels go to the pool in one task per thread, not one per channel, so no channel waits for
 * the event loop to hand it to a thread that has finished the one before (PoolMeasurer).
 */
export interface MeasureTask {
  kind: 'measure';
  channels: Float32Array[];
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
  /**
   * The reduction's arrays as JSON text only (UTF-8, JSON.stringify's own numbers), which get_spectrum's
   * reply carries as they are, instead of as Float64Arrays. Its text built on the event loop (a number
   * array per value, then the message's JSON) was about 67 kB of garbage a reply there, 270 kB a frame
   * of four views; and every array sent back is a new ArrayBuffer there, which only a collection frees
   * (docs/BENCHMARKS.md, "fft: the reply's text made in the worker").
   */
  json?: boolean;
}

/** The reduction's arrays as JSON text, UTF-8 (`[1.5,2,…]`): two views of one buffer. */
export interface DisplayJson {
  frequencyHz: Uint8Array;
  rmsV: Uint8Array;
}

/**
 * A spectrum reduced for a view: as arrays, or as their JSON text when the view asked for that
 * (DisplayShape.json).
 */
export type ShownSpectrum =
  { shown: DisplaySpectrum; json?: undefined } | { shown?: undefined; json: DisplayJson };

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

/**
 * A spectrum's figures without its bins: the caller has them already (the `into` it handed over), and
 * a SharedArrayBuffer sent back is a new buffer object, and its typed array, on the caller's heap per task.
 */
export type SpectrumFigures = Omit<SharedSpectrum, 'rmsV'>;

/** What a spectrum task resolves with: the spectrum's figures (its bins are in `into`) and its reduction. */
export type SpectrumWithView = ShownSpectrum & { spectrum: SpectrumFigures };

export type ComputeTask = MeasureTask | SpectrumTask | DisplayTask | WarmTask;

/** What each kind of task resolves with. */
export interface ComputeResults {
  /** One entry per channel of the task, in order. */
  measure: (Record<string, number> | undefined)[];
  spectrum: SpectrumWithView;
  display: ShownSpectrum;
  /** The ms the warm task's spectra took. */
  warm: number;
}

export type ResultOf<T extends ComputeTask> = ComputeResults[T['kind']];

function reduce(spectrum: Spectrum, shape: DisplayShape): ShownSpectrum {
  const shown = displaySpectrum(spectrum, shape.widthPx, shape.logFrequency);
  const digits = shape.significantDigits;
  if (digits !== undefined) {
    // Both arrays are the reduction's own (never the spectrum's bins): rounded in place.
    for (const values of [shown.frequencyHz, shown.rmsV]) {
      for (let i = 0; i < values.length; i++) values[i] = Number(values[i]!.toPrecision(digits));
    }
  }
  return shape.json === true ? { json: jsonOf(shown) } : { shown };
}

/** Both arrays as JSON.stringify writes number arrays (NaN and ±∞ as null), in one UTF-8 buffer. */
function jsonOf(shown: DisplaySpectrum): DisplayJson {
  const frequencies = jsonText(shown.frequencyHz);
  // The text is ASCII: one byte a character, so the split is the first text's length.
  const bytes = encoder.encode(frequencies + jsonText(shown.rmsV));
  return { frequencyHz: bytes.subarray(0, frequencies.length), rmsV: bytes.subarray(frequencies.length) };
}

function jsonText(values: Float64Array): string {
  const plain = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) plain[i] = values[i]!;
  return JSON.stringify(plain);
}

const encoder = new TextEncoder();

export function runComputeTask<T extends ComputeTask>(task: T): ResultOf<T>;
export function runComputeTask(task: ComputeTask): ComputeResults[keyof ComputeResults] {
  switch (task.kind) {
    case 'measure':
      return task.channels.map((samples) => measureChannel(samples, task.sampleRateHz));
    case 'spectrum': {
      // The bins are written straight into the caller's shared memory: a new 4 MB array per 1M-point
      // spectrum (and a copy back) costs more than the wasm transform itself (docs/BENCHMARKS.md, FFT).
      const { into } = task;
      const spectrum = computeSpectrum(task.samples, task.sampleRateHz, task.window, { into });
      const { rmsV: _bins, ...figures } = spectrum;
      return { spectrum: { ...figures, peak: findPeak(spectrum) }, ...reduce(spectrum, task.display) };
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
