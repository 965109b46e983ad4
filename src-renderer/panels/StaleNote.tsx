/**
 * "stale · last value 35.0 s old" beside values that stopped updating because the backend is out of reach
 * or the instrument is not online.
 */
import { useBenchState } from '../client/BenchContext';
import { useNow } from '../util/useNow';
import { staleLabel } from './staleness';

/**
 * True while the backend is out of reach, or (given an instrument) while that instrument is not online:
 * its live values on screen are then the last received.
 */
export function useDisconnected(equipmentId?: string): boolean {
  return useBenchState(
    (s) =>
      s.instruments !== undefined &&
      (s.connection.state !== 'open' ||
        (equipmentId !== undefined && s.instruments.find((i) => i.id === equipmentId)?.state !== 'online')),
  );
}

export function StaleNote({
  lastReceivedMs,
  equipmentId,
  testId,
}: {
  /** The instrument whose values these are: stale too while it is not online. */
  equipmentId?: string;
  /** When the values shown arrived (ms since the epoch); read at each tick. */
  lastReceivedMs(): number | undefined;
  testId?: string;
}): React.JSX.Element | null {
  const stale = useDisconnected(equipmentId);
  const nowMs = useNow(1_000, stale);
  if (!stale) return null;
  return (
    <span className="stale-note" data-testid={testId}>
      {staleLabel(lastReceivedMs(), nowMs)}
    </span>
  );
}
