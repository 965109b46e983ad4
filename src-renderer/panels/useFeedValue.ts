import { useEffect, useRef, useState } from 'react';

/**
 * A low-rate value derived from a high-rate feed (a CV/CC badge, say): recomputed on every feed update
 * but re-rendering only when the derived value actually changes.
 */
export function useFeedValue<T>(subscribe: (listener: () => void) => () => void, compute: () => T): T {
  const computeRef = useRef(compute);
  computeRef.current = compute;
  const [value, setValue] = useState(compute);
  useEffect(() => {
    return subscribe(() => {
      const next = computeRef.current();
      setValue((previous) => (Object.is(previous, next) ? previous : next));
    });
  }, [subscribe]);
  return value;
}
