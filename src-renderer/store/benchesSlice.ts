import type { StateCreator } from 'zustand';
import { emptyBench, type BenchState } from './benchState';

/** The state of every bench the dashboard talks to, by bench id (one per backend endpoint). */
export interface BenchesSlice {
  benches: Record<string, BenchState>;
  /** Applies `recipe`'s patch to one bench, creating its entry on first use. */
  updateBench(benchId: string, recipe: (bench: BenchState) => Partial<BenchState>): void;
  /** Forgets a bench the dashboard no longer talks to. */
  dropBench(benchId: string): void;
}

export const createBenchesSlice: StateCreator<BenchesSlice, [], [], BenchesSlice> = (set) => ({
  benches: {},
  updateBench: (benchId, recipe) =>
    set((s) => {
      const bench = s.benches[benchId] ?? emptyBench();
      const patch = recipe(bench);
      if (Object.keys(patch).length === 0 && s.benches[benchId]) return s;
      return { benches: { ...s.benches, [benchId]: { ...bench, ...patch } } };
    }),
  dropBench: (benchId) =>
    set((s) => {
      const { [benchId]: _dropped, ...benches } = s.benches;
      return { benches };
    }),
});
