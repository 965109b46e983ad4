/**
 * The backend's statistics of one channel's measurements — current, mean, min, max, σ, count and invalid
 * records — since a reset the user chooses (this channel or all), with who reset them; a trend of any row.
 */
import { useCallback, useState } from 'react';
import {
  MEASUREMENT_NAMES,
  MEASUREMENT_UNITS,
  type MeasurementStatistics,
  type MeasurementStatsMessage,
} from '../../../shared/protocol/measurementStats';
import { useBench } from '../../client/BenchContext';
import type { MeasurementsFeed } from '../../data/MeasurementsFeed';
import { TrendButton } from '../../trends/TrendButton';
import { formatSi } from '../../util/si';
import { useFeedValue } from '../useFeedValue';
import { MEASUREMENT_LABELS } from './measurementColumns';

/** A reset waits behind the streams' data on a busy link; a person would rather wait than be told it failed. */
const RESET_REPLY_TIMEOUT_MS = 15_000;

const COLUMNS: { key: keyof MeasurementStatistics; label: string }[] = [
  { key: 'current', label: 'Current' },
  { key: 'mean', label: 'Mean' },
  { key: 'min', label: 'Min' },
  { key: 'max', label: 'Max' },
  { key: 'stddev', label: 'σ' },
  { key: 'count', label: 'Count' },
  { key: 'invalid', label: 'Invalid' },
];

function formatStat(value: number | undefined, key: keyof MeasurementStatistics, unit: string): string {
  if (key === 'count' || key === 'invalid') return value === undefined ? '—' : String(value);
  if (unit === '%') return value === undefined ? '—' : `${value.toFixed(2)} %`;
  return formatSi(value, unit);
}

/** Measurement names in table order: the scope's own, then whatever else a channel reports. */
function measurementNames(stats: MeasurementStatsMessage['channels'][string] | undefined): string[] {
  const extra = Object.keys(stats?.measurements ?? {}).filter((n) => !MEASUREMENT_NAMES.includes(n));
  return [...MEASUREMENT_NAMES, ...extra.sort()];
}

export function MeasurementStatsTable({ feed }: { feed: MeasurementsFeed }): React.JSX.Element {
  const bench = useBench();
  const subscribe = useCallback((listener: () => void) => feed.subscribe(listener), [feed]);
  const stats = useFeedValue(subscribe, () => feed.stats());
  const channels = stats ? Object.keys(stats.channels).sort() : [];
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const channel = chosen !== undefined && channels.includes(chosen) ? chosen : channels[0];
  const current = channel === undefined ? undefined : stats?.channels[channel];

  const reset = async (which: string | undefined): Promise<void> => {
    setProblem(undefined);
    try {
      const reply = await bench.connection.request<MeasurementStatsMessage>(
        { type: 'reset_measurement_stats', equipment_id: feed.equipmentId, channel: which },
        RESET_REPLY_TIMEOUT_MS,
      );
      feed.acceptStats(reply);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="measurement-stats" data-testid="measurement-stats">
      <div className="measurement-stats-bar">
        <strong>Statistics</strong>
        {channels.length > 0 && (
          <select
            aria-label="Channel of the statistics"
            data-testid="stats-channel"
            value={channel}
            onChange={(e) => setChosen(e.target.value)}
          >
            {channels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
        {current && (
          <span className="muted" data-testid="stats-since">
            since {new Date(current.since_ms).toLocaleTimeString()}
            {current.reset_by !== undefined && ` · reset by ${current.reset_by}`}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          data-testid="stats-reset-channel"
          disabled={channel === undefined}
          onClick={() => void reset(channel)}
        >
          Reset {channel ?? 'channel'}
        </button>
        <button
          type="button"
          data-testid="stats-reset-all"
          disabled={channels.length === 0}
          onClick={() => void reset(undefined)}
        >
          Reset all
        </button>
      </div>
      {problem && (
        <p className="error-text" role="alert" data-testid="stats-problem">
          {problem}
        </p>
      )}
      {channel === undefined || !current ? (
        <p className="muted">
          Statistics start with the first record measured (start the measurements stream).
        </p>
      ) : (
        <table className="measurements stats-table" data-testid={`stats-${channel}`}>
          <thead>
            <tr>
              <th scope="col">{channel}</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Trend</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {measurementNames(current).map((name) => {
              const row = current.measurements[name];
              const unit = MEASUREMENT_UNITS[name] ?? '';
              return (
                <tr key={name} data-testid={`stats-${channel}-${name}`}>
                  <th scope="row">{MEASUREMENT_LABELS[name] ?? name}</th>
                  {COLUMNS.map((c) => (
                    <td
                      key={c.key}
                      data-testid={`stats-${channel}-${name}-${c.key}`}
                      data-value={row?.[c.key] ?? ''}
                    >
                      {formatStat(row?.[c.key], c.key, unit)}
                    </td>
                  ))}
                  <td>
                    <TrendButton spec={{ equipmentId: feed.equipmentId, channel, quantity: name }} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
