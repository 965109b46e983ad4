/**
 * Across the top of the dashboard while the backend is out of reach: what is wrong, since when, and what
 * to do (connectionNotice.ts); and, once connected again, that the backend restarted in between.
 */
import { useBench, useBenchState } from '../client/BenchContext';
import { useNow } from '../util/useNow';
import { connectionNotice } from './connectionNotice';

/** Text with `commands` in backticks shown as code. */
function withCode(text: string): React.ReactNode[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

export function ConnectionBanner(): React.JSX.Element | null {
  const bench = useBench();
  const link = useBenchState((s) => s.connection);
  const setConnection = bench.state.setConnection.bind(bench.state);
  const nowMs = useNow(250, link.state !== 'open');
  const notice = connectionNotice({
    ...link,
    nowMs,
    pageOrigin: window.location.origin,
    outageAdvice: bench.limits.outageAdvice,
  });
  if (notice) {
    const halted = link.nextRetryAtMs === undefined && link.state === 'closed';
    return (
      <div className={`connection-banner tone-${notice.tone}`} role="alert" data-testid="connection-banner">
        <strong data-testid="connection-banner-title">{notice.title}</strong>
        <span>{withCode(notice.advice)}</span>
        {notice.retry && <span className="muted">{notice.retry}</span>}
        <button
          type="button"
          onClick={() => bench.connection.reconnectNow()}
          data-testid="connection-banner-retry"
        >
          {halted ? 'Try again' : 'Reconnect now'}
        </button>
      </div>
    );
  }
  if (link.state === 'open' && link.backendRestartedAtMs !== undefined) {
    return (
      <div className="connection-banner tone-warning" role="status" data-testid="backend-restarted">
        <strong>
          The backend restarted at{' '}
          {new Date(link.backendRestartedAtMs).toLocaleTimeString(undefined, { hour12: false })}.
        </strong>
        <span>
          Instrument settings are back to their defaults, or to the last run's with outputs off where the
          backend restored them; check them before relying on readings. Streams were started again.
        </span>
        <button
          type="button"
          onClick={() => setConnection({ backendRestartedAtMs: undefined })}
          data-testid="backend-restarted-dismiss"
        >
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
