/** "stale · last value 35.0 s old" beside values that stopped updating because the link is down. */
import { useAppStore } from '../store';
import { useNow } from '../util/useNow';
import { staleLabel } from './staleness';

/** True while the backend is out of reach: live values on screen are then the last received. */
export function useDisconnected(): boolean {
  return useAppStore((s) => s.connection.state !== 'open' && s.instruments !== undefined);
}

export function StaleNote({
  lastReceivedMs,
  testId,
}: {
  /** When the values shown arrived (ms since the epoch); read at each tick. */
  lastReceivedMs(): number | undefined;
  testId?: string;
}): React.JSX.Element | null {
  const stale = useDisconnected();
  const nowMs = useNow(1_000, stale);
  if (!stale) return null;
  return (
    <span className="stale-note" data-testid={testId}>
      {staleLabel(lastReceivedMs(), nowMs)}
    </span>
  );
}
