/**
 * Raised alarms in the header, where they cannot be missed: name, value, since when, and Acknowledge.
 * An acknowledged one stays (dimmed) until it clears.
 */
import { useBench, useBenchState } from '../../client/BenchContext';
import { useControlBlocked } from '../../client/benchControl';
import { clockTime, formatAlarmValue } from './alarmText';

export function ActiveAlarms(): React.JSX.Element | null {
  const bench = useBench();
  const blocked = useControlBlocked();
  const alarms = useBenchState((s) => s.alarms);
  if (alarms === undefined) return null;
  const raised = alarms.definitions.filter((d) => alarms.states[d.id]?.phase === 'raised');
  if (raised.length === 0) return null;
  return (
    <div className="active-alarms" role="alert" aria-label="Active alarms" data-testid="active-alarms">
      {raised.map((d) => {
        const status = alarms.states[d.id]!;
        return (
          <span
            key={d.id}
            className={`active-alarm level-${d.level}${status.acked ? ' acked' : ''}`}
            data-testid={`active-alarm-${d.name}`}
          >
            <strong>{d.name}</strong> {formatAlarmValue(status)} since {clockTime(status.since)}
            {status.acked ? (
              <span className="muted"> (acknowledged)</span>
            ) : (
              <button
                type="button"
                data-testid="active-alarm-ack"
                disabled={blocked !== undefined}
                title={blocked}
                onClick={() => void bench.alarms.acknowledge(d.id).catch(() => undefined)}
              >
                Ack
              </button>
            )}
          </span>
        );
      })}
    </div>
  );
}
