/**
 * The bench this window was opened for: the backend that served the page (browser), or the one the
 * desktop app's preload names. Its id names its slice of the store. Further benches (by URL) are further
 * BenchClients, each under its own id.
 */
import { BenchClient } from '../client/BenchClient';
import { resolveEndpoint } from '../connection/endpoint';
import { useAppStore } from '../store';

export const LOCAL_BENCH_ID = 'local';

export function createLocalBench(): BenchClient {
  return new BenchClient({ benchId: LOCAL_BENCH_ID, getEndpoint: resolveEndpoint, store: useAppStore });
}
