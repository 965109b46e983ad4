/** Connection state with the retry countdown, round-trip time, message rate, gaps and "reconnect now". */
import { useEffect, useRef, useState } from 'react';
import { connection } from '../app/backend';
import { selectConnection, useAppStore } from '../store';

const LABELS = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' } as const;

export function StatusBar(): React.JSX.Element {
  const { state, stats, lastError, nextRetryAtMs } = useAppStore(selectConnection);
  const [now, setNow] = useState(Date.now());
  const previous = useRef<{ at: number; messages: number } | undefined>(undefined);
  const [rate, setRate] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!stats) return;
    const at = Date.now();
    const last = previous.current;
    if (last && at - last.at >= 900) {
      setRate(((stats.messagesReceived - last.messages) * 1000) / (at - last.at));
      previous.current = { at, messages: stats.messagesReceived };
    } else if (!last) previous.current = { at, messages: stats.messagesReceived };
  }, [stats]);

  const retryInS = nextRetryAtMs !== undefined && state !== 'open' ? Math.max(0, (nextRetryAtMs - now) / 1000) : undefined;
  return (
    <footer className="status-bar" role="status" aria-label="Connection status">
      <span className={`conn-dot conn-${state}`} aria-hidden />
      <span data-testid="connection-state" data-state={state}>
        {LABELS[state]}
      </span>
      {retryInS !== undefined && <span className="muted">retry in {retryInS.toFixed(1)} s</span>}
      {state !== 'open' && lastError && <span className="muted" data-testid="connection-error">{lastError}</span>}
      {state !== 'open' && (
        <button type="button" className="link" onClick={() => connection.reconnectNow()} data-testid="reconnect-now">
          Reconnect now
        </button>
      )}
      <span className="spacer" />
      <span title="Round-trip time">RTT {stats?.rttMs !== undefined ? `${stats.rttMs.toFixed(1)} ms` : '—'}</span>
      <span title="Messages received per second">{rate.toFixed(0)} msg/s</span>
      <span title="Sequence gaps: frames the server dropped or that never arrived">gaps {stats?.gaps ?? 0}</span>
      <span title="Reconnects since launch">reconnects {stats?.reconnects ?? 0}</span>
    </footer>
  );
}
