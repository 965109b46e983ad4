/**
 * The contract between the bench runner (test/bench/run.ts) and every `test/bench/*.bench.ts` module:
 * a module exports `run(): Promise<BenchResult[]>`. Targets are reported, never asserted.
 */
export interface BenchResult {
  /** What was measured, e.g. "frame encode+decode". */
  name: string;
  /** The measured figure (a median where it was timed). */
  value: number;
  /** Unit of `value`, e.g. "ns/sample", "bytes/message". */
  unit: string;
  /** The same quantity for the thing we compare against, measured in the same run. */
  baseline?: { name: string; value: number; unit?: string };
  /**
   * baseline.value / value: how many times smaller ours is. For costs (time, bytes) above 1 means ours
   * is cheaper; below 1 means ours costs more.
   */
  ratio?: number;
  /** The goal in words, e.g. "≤ 4.1 bytes/sample". */
  target?: string;
  /** Whether `target` was met; absent when there is no target. */
  pass?: boolean;
  notes?: string;
}

/** What a bench module exports. */
export interface BenchModule {
  run(): Promise<BenchResult[]>;
}
