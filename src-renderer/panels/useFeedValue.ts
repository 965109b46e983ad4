import { useSyncExternalStore } from 'react';

/**
 * A low-rate value derived from a high-rate feed (a CV/CC badge, say). `compute` must return a primitive
 * (or a stable object): React re-renders only when it changes, however often the feed updates.
 */
export function useFeedValue<T>(subscribe: (listener: () => void) => () => void, compute: () => T): T {
  return useSyncExternalStore(subscribe, compute);
}
