/**
 * A directly connected bench in the overview: its name and address, its connection (with the reason when
 * refused or unreachable, and a retry), its instruments with their key values, raised alarms and running
 * captures; "Open" shows it in the full panels, "Remove" forgets a further bench. Rendered inside that
 * bench's BenchProvider.
 */
import { benchLinkView } from '../benches/benchLinkView';
import { useShallow } from 'zustand/react/shallow';
import { benchCardLink } from './benchCardLink';
import type { BenchEntry } from '../benches/BenchRegistry';
import { useBench, useBenchState } from '../client/BenchContext';
import { useNow } from '../util/useNow';
import { InstrumentKeyValues } from './InstrumentKeyValues';
import { useOverviewStreams } from './useOverviewStreams';

const RUNNING_CAPTURE = new Set(['armed', 'running', 'paused']);

/** Text with a `command` in backticks shown as code, kept on one line. */
function withCode(text: string): React.ReactNode[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

export function BenchCard({
  entry,
  onOpen,
  onRemove,
}: {
  entry: BenchEntry;
  onOpen(): void;
  onRemove(): void;
}): React.JSX.Element {
  const bench = useBench();
  // Field by field, not the connection slice, which changes with the link's figures every 250 ms.
  const { state, problem, nextRetryAtMs, backendAddress, gaps } = useBenchState(useShallow(benchCardLink));
  const instruments = useBenchState((s) => s.instruments);
  const preferences = useBenchState((s) => s.streamPreferences);
  const alarms = useBenchState((s) => s.alarms);
  const acquisitions = useBenchState((s) => s.acquisitions);
  const connected = state === 'open';
  useOverviewStreams(bench, instruments, connected, preferences);
  const nowMs = useNow(500, !connected);
  const view = benchLinkView(
    { state, problem, nextRetryAtMs, backendAddress },
    nowMs,
    window.location.origin,
  );
  const raised = (alarms?.states ? Object.values(alarms.states) : []).filter((a) => a.phase === 'raised');
  const names = new Map(alarms?.definitions.map((d) => [d.id, d.name]) ?? []);
  const captures = Object.values(acquisitions).filter((a) => RUNNING_CAPTURE.has(a.state));
  const testId = `bench-card-${entry.id}`;

  return (
    <article className={`bench-card phase-${view.phase}`} data-testid={testId} data-bench={entry.id}>
      <header className="bench-card-head">
        <h3 title={entry.label}>{entry.label}</h3>
        <span
          className={`bench-badge phase-${view.phase}`}
          data-testid={`${testId}-state`}
          data-phase={view.phase}
        >
          {view.label}
        </span>
      </header>
      <div className="bench-card-address muted">
        {entry.local ? (backendAddress ?? 'this dashboard’s backend') : entry.address?.host}
        {entry.address && (
          <span title="The token is kept for this bench and never shown whole">
            {' '}
            · token {entry.address.maskedToken}
          </span>
        )}
        {gaps > 0 && <span> · {gaps} gaps</span>}
      </div>
      {view.reason && (
        <p className={`bench-card-reason phase-${view.phase}`} data-testid={`${testId}-reason`}>
          {withCode(view.reason)}
        </p>
      )}
      {connected && instruments && instruments.length === 0 && <p className="muted">No instruments.</p>}
      {instruments && instruments.length > 0 && (
        <ul className="kv-instruments">
          {instruments.map((i) => (
            <InstrumentKeyValues key={i.id} instrument={i} testId={`${testId}-${i.id}`} />
          ))}
        </ul>
      )}
      {(raised.length > 0 || captures.length > 0) && (
        <div className="bench-card-activity">
          {raised.map((a) => (
            <span key={a.alarm_id} className="bench-alarm" data-testid={`${testId}-alarm`}>
              ⚠ {names.get(a.alarm_id) ?? a.alarm_id}
            </span>
          ))}
          {captures.length > 0 && (
            <span className="bench-captures" data-testid={`${testId}-captures`}>
              ● {captures.length} capture{captures.length === 1 ? '' : 's'}{' '}
              {captures.length === 1 ? captures[0]!.state : 'running'}
            </span>
          )}
        </div>
      )}
      <footer className="bench-card-actions">
        <button type="button" className="primary" onClick={onOpen} data-testid={`${testId}-open`}>
          Open
        </button>
        {view.phase === 'refused' || view.phase === 'closed' ? (
          <button
            type="button"
            onClick={() => bench.connection.reconnectNow()}
            data-testid={`${testId}-retry`}
          >
            Retry
          </button>
        ) : null}
        {!entry.local && (
          <button type="button" onClick={onRemove} data-testid={`${testId}-remove`}>
            Remove
          </button>
        )}
      </footer>
    </article>
  );
}
