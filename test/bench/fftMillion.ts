/**
 * Section 1 of `npm run bench -- fft` (test/bench/fft.bench.ts): the FFT view's work on one 1M-point
 * record — the whole update's p95 against the path before PFFFT, then where the time goes.
 */
import {
  complexFft,
  computeSpectrum,
  displaySpectrum,
  fftEngineFor,
  findPeak,
  nextPowerOfTwo,
  PffftRealPlan,
  pffftFailure,
  realFft,
  type Spectrum,
  spectrumForDisplay,
  windowCoefficients,
} from '../../shared/dsp/fft/index.js';
import { displayBefore, radix2, spectrumBefore } from './fftBaseline.js';
import { consume, median, type Timing, timeInterleaved } from './measure.js';
import type { BenchResult } from './types.js';

const TARGET_MS = 30;
const WIDTH = 1000;
/**
 * Per-call times, ms, of each alternative in interleaved rounds (A B C, A B C, …) after a warm-up: wall
 * time, and the process's CPU time (all threads: GC included), which other processes on a loaded machine
 * stretch far less than wall time.
 */
function perCallInterleaved(
  fns: readonly (() => number)[],
  rounds: number,
  warmupRounds: number,
): { wall: number[]; cpu: number[] }[] {
  const times = fns.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let r = 0; r < warmupRounds + rounds; r++) {
    fns.forEach((fn, i) => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      consume(fn());
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu);
      if (r < warmupRounds) return;
      times[i]!.wall.push(wall);
      times[i]!.cpu.push((used.user + used.system) / 1000);
    });
  }
  return times;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** What one FFT view update computes from a record (the reply's JSON is section 2's concern). */
function viewWork(spectrum: (x: Float32Array) => Spectrum, display: typeof displaySpectrum, log: boolean) {
  return (record: Float32Array) => {
    const s = spectrum(record);
    return display(s, WIDTH, log).rmsV.length + (findPeak(s)?.bin ?? 0);
  };
}

function wholeViewUpdate(record: Float32Array, sampleRateHz: number, quick: boolean): BenchResult[] {
  const now = viewWork((x) => computeSpectrum(x, sampleRateHz, 'hann'), displaySpectrum, false);
  const nowLog = viewWork((x) => computeSpectrum(x, sampleRateHz, 'hann'), displaySpectrum, true);
  const oneCall = (x: Float32Array) => {
    const { shown, peak } = spectrumForDisplay(x, sampleRateHz, 'hann', WIDTH, false);
    return shown.rmsV.length + (peak?.bin ?? 0);
  };
  const before = viewWork((x) => spectrumBefore(x, sampleRateHz, 'hann'), displayBefore, false);
  const beforeLog = viewWork((x) => spectrumBefore(x, sampleRateHz, 'hann'), displayBefore, true);
  // The two paths must find the same tone, or the comparison means nothing.
  const a = findPeak(computeSpectrum(record, sampleRateHz, 'hann'))!;
  const b = findPeak(spectrumBefore(record, sampleRateHz, 'hann'))!;
  if (a.bin !== b.bin || Math.abs(a.dbv - b.dbv) > 1e-4) {
    throw new Error(
      `the new and old spectra disagree: peak bin ${a.bin} / ${b.bin}, ${a.dbv} / ${b.dbv} dBV`,
    );
  }
  const [t, tLog, t0, t0Log, tOneCall] = perCallInterleaved(
    [
      () => now(record),
      () => nowLog(record),
      () => before(record),
      () => beforeLog(record),
      () => oneCall(record),
    ],
    quick ? 10 : 60,
    quick ? 2 : 5,
  );
  const p95 = (v: number[]) => percentile(v, 0.95);
  const engine = fftEngineFor(nextPowerOfTwo(record.length));
  const why = pffftFailure() ? ` (PFFFT unavailable: ${pffftFailure()!.message})` : '';
  return [
    {
      name: 'FFT view update, 1M-point record (computeSpectrum + displaySpectrum + findPeak): p95',
      value: p95(t!.wall),
      unit: 'ms',
      baseline: {
        name: 'the path before PFFFT (fft.js, per-bin reduction)',
        value: p95(t0!.wall),
        unit: 'ms',
      },
      ratio: p95(t0!.wall) / p95(t!.wall),
      target: `≤ ${TARGET_MS} ms p95`,
      pass: p95(t!.wall) <= TARGET_MS,
      notes:
        `engine ${engine}${why}; Hann, 2^20, ${WIDTH} px, linear axis, a new rmsV each call (as get_spectrum ` +
        `calls it); wall median ${median(t!.wall).toFixed(1)} ms (before ${median(t0!.wall).toFixed(1)}); ` +
        `CPU median ${median(t!.cpu).toFixed(1)} ms, p95 ${p95(t!.cpu).toFixed(1)} ` +
        `(before ${median(t0!.cpu).toFixed(1)}, ${p95(t0!.cpu).toFixed(1)}); ${t!.wall.length} calls each`,
    },
    {
      name: 'the same on a log-frequency axis: p95',
      value: p95(tLog!.wall),
      unit: 'ms',
      baseline: { name: 'before', value: p95(t0Log!.wall), unit: 'ms' },
      ratio: p95(t0Log!.wall) / p95(tLog!.wall),
      target: `≤ ${TARGET_MS} ms p95`,
      pass: p95(tLog!.wall) <= TARGET_MS,
      notes:
        `wall median ${median(tLog!.wall).toFixed(1)} ms (before ${median(t0Log!.wall).toFixed(1)}); CPU median ` +
        `${median(tLog!.cpu).toFixed(1)} ms (before ${median(t0Log!.cpu).toFixed(1)})`,
    },
    {
      name: 'the same in one call, spectrumForDisplay (its full-length working array reused): p95',
      value: p95(tOneCall!.wall),
      unit: 'ms',
      baseline: { name: 'a new 4 MB rmsV each call', value: p95(t!.wall), unit: 'ms' },
      ratio: p95(t!.wall) / p95(tOneCall!.wall),
      notes:
        `wall median ${median(tOneCall!.wall).toFixed(1)} ms; CPU median ${median(tOneCall!.cpu).toFixed(1)} ms, ` +
        `p95 ${p95(tOneCall!.cpu).toFixed(1)} (new array: ${median(t!.cpu).toFixed(1)}, ${p95(t!.cpu).toFixed(1)}): ` +
        'what the fresh memory’s page faults cost',
    },
  ];
}

/**
 * Where the time of one update goes: each pass against what it replaced, in interleaved rounds, on the
 * process's CPU clock (on a quiet machine the same as wall time; on a loaded one, not stretched by the
 * other processes' turns).
 */
function breakdown(record: Float32Array, sampleRateHz: number, quick: boolean): BenchResult[] {
  const size = nextPowerOfTwo(record.length);
  const w = windowCoefficients('hann', record.length);
  const plan = new PffftRealPlan(size);
  const realIn = new Float64Array(size);
  const realOut = new Float64Array(2 * size);
  for (let i = 0; i < record.length; i++) realIn[i] = record[i]! * w[i]!;
  const complexIn = new Float64Array(2 * size);
  for (let i = 0; i < record.length; i++) complexIn[2 * i] = realIn[i]!;
  const complexOut = new Float64Array(2 * size);
  const scratch = new Float64Array(2 * size);
  plan.inputView().set(realIn);
  const spectrum = computeSpectrum(record, sampleRateHz, 'hann');
  const rms = new Float64Array(size / 2 + 1);
  const magnitudes = () => {
    const out = plan.forward();
    for (let k = 1; k < size / 2; k++) {
      const re = out[2 * k]!;
      const im = out[2 * k + 1]!;
      rms[k] = Math.sqrt(re * re + im * im) * 1e-6;
    }
    return rms[7]!;
  };
  // Memory as computeSpectrum's rmsV gets it: new (page faults on first write) or already the caller's.
  const freshArray = () => new Float64Array(size / 2 + 1).fill(1)[7]!;
  const refilledArray = () => rms.fill(1)[7]!;
  const fns: (() => number)[] = [
    () => computeSpectrum(record, sampleRateHz, 'hann').rmsV[10]!,
    () => spectrumBefore(record, sampleRateHz, 'hann').rmsV[10]!,
    () => {
      plan.forward();
      return 1;
    },
    () => {
      realFft(realIn, realOut);
      return realOut[3]!;
    },
    () => {
      complexFft(complexIn, complexOut);
      return complexOut[3]!;
    },
    () => {
      scratch.set(complexIn);
      radix2(scratch);
      return scratch[3]!;
    },
    () => {
      const input = plan.inputView();
      for (let i = 0; i < record.length; i++) {
        const x = record[i]!;
        input[i] = x === x ? x * w[i]! : 0;
      }
      input.fill(0, record.length);
      return input[5]!;
    },
    magnitudes,
    () => displaySpectrum(spectrum, WIDTH, false).rmsV.length,
    () => displayBefore(spectrum, WIDTH, false).rmsV.length,
    () => displaySpectrum(spectrum, WIDTH, true).rmsV.length,
    () => displayBefore(spectrum, WIDTH, true).rmsV.length,
    () => findPeak(spectrum)!.bin,
    freshArray,
    refilledArray,
  ];
  const timings = timeInterleaved(
    fns,
    quick ? 2 : 5,
    fns.map(() => ({ repetitions: quick ? 2 : 3, minRepetitionMs: 20, clock: 'cpu' as const })),
  );
  plan.dispose();
  const ms = (i: number) => (timings[i] as Timing).medianNs / 1e6;
  const row = (name: string, i: number, baselineName: string, j: number, notes: string): BenchResult => ({
    name,
    value: ms(i),
    unit: 'ms',
    baseline: { name: baselineName, value: ms(j), unit: 'ms' },
    ratio: ms(j) / ms(i),
    notes,
  });
  return [
    row(
      'spectrum of a 1M-point record (Hann, 2^20 real FFT, scaled)',
      0,
      'the same before PFFFT (fft.js real transform)',
      1,
      `window + transform + magnitudes; 1M points zero-padded to ${size}; CPU-time medians of interleaved rounds (this row and those below)`,
    ),
    row(
      'PFFFT real transform (wasm SIMD, float32), 2^20',
      2,
      'fft.js real transform (float64), 2^20',
      3,
      'transform only',
    ),
    row(
      'fft.js real transform, 2^20',
      3,
      'fft.js complex transform, 2^20',
      4,
      'what the real transform saves over the complex one',
    ),
    row('fft.js complex transform, 2^20', 4, 'plain radix-2 complex FFT in JS', 5, 'transform only'),
    {
      name: 'window pass: 1M samples × window (NaN → 0) into the wasm input, zero-padded',
      value: ms(6),
      unit: 'ms',
      notes: `PFFFT transform + magnitudes and scale of 2^19 bins into an existing array ${ms(7).toFixed(2)} ms (transform alone ${ms(2).toFixed(2)}); findPeak ${ms(12).toFixed(2)} ms`,
    },
    row(
      'rmsV memory: an existing 4 MB array written through',
      14,
      'a new 4 MB Float64Array written through',
      13,
      'what a new rmsV per call costs beyond the arithmetic (page faults of fresh memory)',
    ),
    row(
      `displaySpectrum, 2^19 bins to ${WIDTH} px, linear axis`,
      8,
      'every bin bucketed (before)',
      9,
      'runs found by bisection',
    ),
    row(
      `displaySpectrum, 2^19 bins to ${WIDTH} px, log axis`,
      10,
      'every bin bucketed, a log each (before)',
      11,
      'runs found by bisection',
    ),
  ];
}

/** Section 1 of fft.bench.ts: `record` is the 1M-point record, `quick` the short mode. */
export function fftOfMillion(record: Float32Array, sampleRateHz: number, quick: boolean): BenchResult[] {
  return [...wholeViewUpdate(record, sampleRateHz, quick), ...breakdown(record, sampleRateHz, quick)];
}
