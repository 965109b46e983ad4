/**
 * How components find their bench: the BenchClient of the panel they are in comes from context, and
 * `useBenchState` subscribes to that bench's slice of the store. Nothing reaches a module-level client.
 */
import { createContext, useContext } from 'react';
import { useAppStore } from '../store';
import { NO_BENCH, type BenchState } from '../store/benchState';
import type { BenchClient } from './BenchClient';

export const BenchContext = createContext<BenchClient | undefined>(undefined);

export const BenchProvider = BenchContext.Provider;

/** The BenchClient of the surrounding BenchProvider. */
export function useBench(): BenchClient {
  const client = useContext(BenchContext);
  if (client === undefined) throw new Error('useBench() outside a <BenchProvider>');
  return client;
}

/** Subscribes to part of this bench's state; re-renders only when the selected value changes. */
export function useBenchState<T>(selector: (bench: BenchState) => T): T {
  const { benchId } = useBench();
  return useAppStore((s) => selector(s.benches[benchId] ?? NO_BENCH));
}
