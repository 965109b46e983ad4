/**
 * The backend's events log (connection losses and recoveries, CV/CC changes, trips, setting changes,
 * acquisitions, exports, alarms) with this dashboard's own link notes, newest first; filtered by instrument
 * and level, and exported as CSV exactly as filtered.
 */
import { useBench, useBenchState } from '../client/BenchContext';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventLevel } from '../../shared/protocol/server';
import { download } from '../charts/snapshot';
import { filterEvents, instrumentChoices, type EventFilter } from '../events/eventFilter';
import { eventsCsvFileName, eventsToCsv } from '../events/eventsCsv';

const LEVELS: EventLevel[] = ['alarm', 'error', 'warning', 'info'];
const ALL_INSTRUMENTS = '';

function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

export function EventsLog(): React.JSX.Element {
  const bench = useBench();
  const events = useBenchState((s) => s.events);
  const instruments = useBenchState((s) => s.instruments);
  const [filter, setFilter] = useState<EventFilter>({
    equipmentId: undefined,
    levels: { alarm: true, error: true, warning: true, info: true },
  });
  const matching = useMemo(() => filterEvents(events, filter), [events, filter]);
  const visible = useMemo(() => [...matching].reverse(), [matching]);
  const choices = useMemo(
    () => instrumentChoices(events, instruments?.map((i) => i.id) ?? []),
    [events, instruments],
  );
  const unread = useBenchState((s) => s.unreadEvents);
  const markEventsRead = bench.state.markEventsRead.bind(bench.state);
  const ref = useRef<HTMLElement>(null);
  // Events count as read once the log is on screen.
  useEffect(() => {
    const element = ref.current;
    if (!element || unread === 0) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) markEventsRead();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [unread, markEventsRead]);
  const exportCsv = (): void => {
    const blob = new Blob([eventsToCsv(matching)], { type: 'text/csv;charset=utf-8' });
    download(blob, eventsCsvFileName(Date.now()));
  };
  return (
    <section ref={ref} className="panel events-log" aria-label="Events" data-testid="events-log">
      <header className="panel-header">
        <h2>Events</h2>
        <label className="events-instrument">
          Instrument
          <select
            aria-label="Filter by instrument"
            data-testid="events-filter-instrument"
            value={filter.equipmentId ?? ALL_INSTRUMENTS}
            onChange={(e) =>
              setFilter((f) => ({
                ...f,
                equipmentId: e.target.value === ALL_INSTRUMENTS ? undefined : e.target.value,
              }))
            }
          >
            <option value={ALL_INSTRUMENTS}>All</option>
            {choices.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <div className="level-filters" role="group" aria-label="Filter by level">
          {LEVELS.map((level) => (
            <label key={level} className={`level-chip level-${level}`}>
              <input
                type="checkbox"
                checked={filter.levels[level]}
                onChange={(e) =>
                  setFilter((f) => ({ ...f, levels: { ...f.levels, [level]: e.target.checked } }))
                }
                data-testid={`events-filter-${level}`}
              />
              {level}
            </label>
          ))}
        </div>
        <button
          type="button"
          data-testid="events-export-csv"
          disabled={matching.length === 0}
          title="Download the events shown (as filtered) as CSV, times in ISO 8601 UTC"
          onClick={exportCsv}
        >
          Export CSV
        </button>
      </header>
      {visible.length === 0 ? (
        <p className="muted empty-note">
          {events.length === 0
            ? 'No events yet. Connection changes, protection trips, setting changes and faults appear here.'
            : 'No events match the filters: choose another instrument or tick more levels.'}
        </p>
      ) : (
        <ol className="event-list">
          {visible.map((e) => (
            <li
              key={e.id}
              className={`event level-${e.level}`}
              data-testid="event-row"
              data-kind={e.kind}
              data-seq={e.seq}
            >
              <time dateTime={new Date(e.timestamp).toISOString()}>{formatTime(e.timestamp)}</time>
              <span className="event-level">{e.level}</span>
              <span className="event-message">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
