/**
 * Timing for benchmarks: warm up, then time repetitions of a batch of calls and take the median per call,
 * so one GC pause or a scheduler hiccup does not move the figure.
 *
 * Two clocks: wall time (default), or the process's CPU time (user + system, all threads, from
 * process.cpuUsage) — the figure to use for "how much CPU does this cost" on a machine shared with other
 * work, where other processes stretch wall time but not our CPU time.
 */

export interface Timing {
  /** Median time per call over the repetitions, ns, on the clock asked for. */
  medianNs: number;
  minNs: number;
  maxNs: number;
  repetitions: number;
  /** Calls per repetition (calibrated so one repetition takes at least `minRepetitionMs`). */
  callsPerRepetition: number;
}

export interface TimingOptions {
  /** Time spent calling `fn` before measuring, ms. Default 300. */
  warmupMs?: number;
  /** Timed repetitions. Default 9. */
  repetitions?: number;
  /** Shortest repetition, ms; short calls are batched up to it. Default 50. */
  minRepetitionMs?: number;
  /** Default 'wall'. CPU time has microsecond resolution, so keep repetitions of 10 ms or more. */
  clock?: 'wall' | 'cpu';
}

function wallNs(): number {
  return Number(process.hrtime.bigint());
}

function cpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1_000;
}

let sink = 0;

/** Folds a result into a value the optimizer cannot prove unused. */
export function consume(value: number): void {
  sink = (sink + value) % 1_000_003;
}

/** Exposed so nothing is dead code; callers never need it. */
export function sinkValue(): number {
  return sink;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times `fn` (which should return something derived from its work, fed to `consume`). */
export function timePerCall(fn: () => number, options: TimingOptions = {}): Timing {
  const warmupMs = options.warmupMs ?? 300;
  const repetitions = options.repetitions ?? 9;
  const minRepetitionMs = options.minRepetitionMs ?? 50;
  const now = options.clock === 'cpu' ? cpuNs : wallNs;

  // Warm-up doubles as calibration: how many calls fill one repetition.
  let calls = 0;
  const warmupStart = performance.now();
  while (performance.now() - warmupStart < warmupMs || calls < 2) {
    consume(fn());
    calls++;
  }
  const perCallMs = (performance.now() - warmupStart) / calls;
  const callsPerRepetition = Math.max(1, Math.ceil(minRepetitionMs / perCallMs));

  const samples: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const start = now();
    for (let i = 0; i < callsPerRepetition; i++) consume(fn());
    samples.push((now() - start) / callsPerRepetition);
  }
  return {
    medianNs: median(samples),
    minNs: Math.min(...samples),
    maxNs: Math.max(...samples),
    repetitions,
    callsPerRepetition,
  };
}

/**
 * Times several alternatives in interleaved rounds (A B C, A B C, …) and reports each one's median over
 * the rounds, so a slow spell of the machine (another process, a frequency change) hits all of them
 * alike instead of whichever happened to run at that moment.
 */
export function timeInterleaved(
  fns: readonly (() => number)[],
  rounds = 5,
  /** Per alternative (by index), on top of a 100 ms warm-up and 5 repetitions per round. */
  options: readonly TimingOptions[] = [],
): Timing[] {
  const perRound: Timing[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) =>
      perRound[i]!.push(timePerCall(fn, { warmupMs: 100, repetitions: 5, ...options[i] })),
    );
  }
  return perRound.map((timings) => ({
    medianNs: median(timings.map((t) => t.medianNs)),
    minNs: Math.min(...timings.map((t) => t.minNs)),
    maxNs: Math.max(...timings.map((t) => t.maxNs)),
    repetitions: timings.reduce((sum, t) => sum + t.repetitions, 0),
    callsPerRepetition: timings[0]!.callsPerRepetition,
  }));
}
