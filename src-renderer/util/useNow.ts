import { useEffect, useState } from 'react';

/** The wall clock (ms since the epoch), re-read every `periodMs` while `active`; for ages and countdowns. */
export function useNow(periodMs: number, active: boolean): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = (): void => setNowMs(Date.now());
    // At once on becoming active (the last reading may be from long ago), then every period.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, periodMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [periodMs, active]);
  return nowMs;
}
