/**
 * Alarms: the form to define one (choices from the catalog) and the list with each alarm's state, value,
 * acknowledgement and delete. Raised alarms are also shown in the header (ActiveAlarms).
 */
import { useState } from 'react';
import type { AlarmDefinition, AlarmStatus } from '../../../shared/protocol/alarm';
import { useBench, useBenchState } from '../../client/BenchContext';
import { useControlBlocked } from '../../client/benchControl';
import { AlarmForm } from './AlarmForm';
import { describeAlarm } from './alarmForm';
import { describeStatus, formatAlarmValue } from './alarmText';

export function AlarmsPanel(): React.JSX.Element {
  const alarms = useBenchState((s) => s.alarms);
  const instruments = useBenchState((s) => s.instruments);
  const connected = useBenchState((s) => s.connection.state === 'open');
  return (
    <section className="panel alarms-panel" aria-label="Alarms" data-testid="alarms-panel">
      <header className="panel-header">
        <h2>Alarms</h2>
      </header>
      {alarms === undefined ? (
        <p className="muted empty-note">
          {connected ? 'Loading alarms…' : 'Alarms show once the backend is connected.'}
        </p>
      ) : alarms.definitions.length === 0 ? (
        <p className="muted empty-note" data-testid="alarms-empty">
          No alarms yet. Define one below: pick an instrument and the reading or measurement to watch, a
          limit, how long it must hold, and what to do — notify, switch outputs off or stop a capture. The
          backend watches it even with no dashboard open.
        </p>
      ) : (
        <ul className="alarm-list">
          {alarms.definitions.map((d) => (
            <AlarmRow key={d.id} definition={d} status={alarms.states[d.id]} />
          ))}
        </ul>
      )}
      {instruments && instruments.length > 0 && <AlarmForm instruments={instruments} />}
    </section>
  );
}

function AlarmRow({
  definition,
  status,
}: {
  definition: AlarmDefinition;
  status: AlarmStatus | undefined;
}): React.JSX.Element {
  const bench = useBench();
  const blocked = useControlBlocked();
  const [error, setError] = useState<string | undefined>(undefined);
  const phase = status?.watching === false ? 'unwatched' : (status?.phase ?? 'normal');
  const run = (what: Promise<void>): void => {
    setError(undefined);
    what.catch((err: Error) => setError(err.message));
  };
  return (
    <li
      className={`alarm-row alarm-${phase} level-${definition.level}`}
      data-testid={`alarm-row-${definition.name}`}
      data-phase={phase}
      data-acked={status?.acked ? 'true' : 'false'}
    >
      <div className="alarm-row-main">
        <span className={`alarm-level level-${definition.level}`}>{definition.level}</span>
        <strong>{definition.name}</strong>
        <span className="muted">{describeAlarm(definition)}</span>
      </div>
      <div className="alarm-row-state">
        <span data-testid="alarm-state">{describeStatus(status)}</span>
        <span className="alarm-value" data-testid="alarm-value">
          {formatAlarmValue(status)}
        </span>
        {status?.phase === 'raised' && !status.acked && (
          <button
            type="button"
            data-testid="alarm-ack"
            disabled={blocked !== undefined}
            title={blocked}
            onClick={() => run(bench.alarms.acknowledge(definition.id))}
          >
            Acknowledge
          </button>
        )}
        <button
          type="button"
          className="danger"
          data-testid="alarm-delete"
          disabled={blocked !== undefined}
          title={blocked}
          onClick={() => run(bench.alarms.remove(definition.id))}
        >
          Delete
        </button>
      </div>
      {error && (
        <span className="setting-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
