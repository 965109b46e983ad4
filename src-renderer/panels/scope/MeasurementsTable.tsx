/** Automatic measurements per enabled channel, as the scope computes them from each record. */
import { useCallback } from 'react';
import type { MeasurementsData } from '../../../shared/protocol/scope';
import type { MeasurementsFeed } from '../../data/MeasurementsFeed';
import { formatSi } from '../../util/si';
import { StaleNote, useDisconnected } from '../StaleNote';
import { useFeedValue } from '../useFeedValue';
import { MEASUREMENT_COLUMNS as COLUMNS } from './measurementColumns';

function formatCell(value: number | undefined, unit: string): string {
  if (unit === '%') return value === undefined ? '—' : `${value.toFixed(1)} %`;
  return formatSi(value, unit);
}

/**
 * @param channelUnits the unit of a channel's levels where it is not V (a math channel: "V²", or "" for
 *   a ratio), by name.
 */
export function MeasurementsTable({
  feed,
  channelUnits = {},
}: {
  feed: MeasurementsFeed;
  channelUnits?: Record<string, string>;
}): React.JSX.Element {
  const subscribe = useCallback((listener: () => void) => feed.subscribe(listener), [feed]);
  const data: MeasurementsData | undefined = useFeedValue(subscribe, () => feed.latest());
  const channels = data ? Object.keys(data).sort() : [];
  const stale = useDisconnected(feed.equipmentId);
  return (
    <table
      className={stale ? 'measurements stale' : 'measurements'}
      data-testid="scope-measurements"
      data-stale={stale}
    >
      {stale && (
        <caption>
          <StaleNote
            equipmentId={feed.equipmentId}
            lastReceivedMs={() => feed.lastReceivedMs}
            testId="scope-measurements-stale"
          />
        </caption>
      )}
      <thead>
        <tr>
          <th scope="col">Channel</th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {channels.length === 0 ? (
          <tr>
            <td colSpan={COLUMNS.length + 1} className="muted">
              Start the measurements stream to see Vpp, frequency, rise time… computed from each record.
            </td>
          </tr>
        ) : (
          channels.map((name) => (
            <tr key={name} data-testid={`scope-measurements-${name}`}>
              <th scope="row">
                <span className={`channel-swatch ${name.toLowerCase()}`} aria-hidden /> {name}
              </th>
              {COLUMNS.map((c) => (
                <td
                  key={c.key}
                  data-testid={`scope-${name}-${c.key}`}
                  data-value={data?.[name]?.[c.key] ?? ''}
                >
                  {formatCell(data?.[name]?.[c.key], c.unit === 'V' ? (channelUnits[name] ?? 'V') : c.unit)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
