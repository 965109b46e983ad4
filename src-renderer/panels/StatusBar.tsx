/**
 * Connection state with the retry countdown, round-trip time, message rate, frames the server dropped,
 * sequence gaps, frames that came for streams no longer (or never) running — only once there are any, as
 * the backend should send none — and "reconnect now".
 */
import { useEffect, useState } from 'react';
import { useBench, useBenchState } from '../client/BenchContext';

const LABELS = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
} as const;

/** Seconds until the next reconnect attempt, re-evaluated 4× a second while one is scheduled. */
function useRetryCountdownS(nextRetryAtMs: number | undefined): number | undefined {
  const [nowMs, setNowMs] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (nextRetryAtMs === undefined) return;
    const timer = setInterval(() => setNowMs(Date.now()), 250);
    return () => clearInterval(timer);
  }, [nextRetryAtMs]);
  if (nextRetryAtMs === undefined || nowMs === undefined) return undefined;
  return Math.max(0, (nextRetryAtMs - nowMs) / 1000);
}

export function StatusBar(): React.JSX.Element {
  const bench = useBench();
  const { state, stats, lastError, nextRetryAtMs, messageRateHz } = useBenchState((s) => s.connection);
  const retryInS = useRetryCountdownS(state === 'open' ? undefined : nextRetryAtMs);
  const strayFrames = stats?.unknownStreamData ?? 0;
  return (
    <footer className="status-bar" role="status" aria-label="Connection status">
      <span className={`conn-dot conn-${state}`} aria-hidden />
      <span data-testid="connection-state" data-state={state}>
        {LABELS[state]}
      </span>
      {retryInS !== undefined && <span className="muted">retry in {retryInS.toFixed(1)} s</span>}
      {state !== 'open' && lastError && (
        <span className="muted" data-testid="connection-error">
          {lastError}
        </span>
      )}
      {state !== 'open' && (
        <button
          type="button"
          className="link"
          onClick={() => bench.connection.reconnectNow()}
          data-testid="reconnect-now"
        >
          Reconnect now
        </button>
      )}
      <span className="spacer" />
      <span title="Round-trip time">
        RTT {stats?.rttMs !== undefined ? `${stats.rttMs.toFixed(1)} ms` : '—'}
      </span>
      <span title="Messages received per second">{messageRateHz.toFixed(0)} msg/s</span>
      <span
        title="Frames the server reported not sending to this dashboard (the link was too slow: only the newest frame of each stream waits)"
        data-testid="server-drops"
      >
        dropped {stats?.serverDrops ?? 0}
      </span>
      <span title="Sequence gaps since launch: frames missing between the ones received within each connection. What a disconnection lost is not counted here: the charts mark each outage, and reconnects counts them.">
        gaps {stats?.gaps ?? 0}
      </span>
      {strayFrames > 0 && (
        <span
          title="Frames and stream messages that came for a stream this dashboard had stopped or never started (one of an earlier connection, or never announced): ignored, not drawn. The backend should send none."
          data-testid="stray-stream-frames"
        >
          {strayFrames} frames for stopped streams
        </span>
      )}
      <span title="Reconnects since launch">reconnects {stats?.reconnects ?? 0}</span>
    </footer>
  );
}
