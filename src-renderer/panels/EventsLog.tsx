/** Alarms, protection trips, setting changes and faults, newest first, filterable by level. */
import { useBench, useBenchState } from '../client/BenchContext';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventLevel } from '../../shared/protocol/server';

const LEVELS: EventLevel[] = ['alarm', 'error', 'warning', 'info'];

function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

export function EventsLog(): React.JSX.Element {
  const bench = useBench();
  const events = useBenchState((s) => s.events);
  const [shown, setShown] = useState<Record<EventLevel, boolean>>({
    alarm: true,
    error: true,
    warning: true,
    info: true,
  });
  const visible = useMemo(() => events.filter((e) => shown[e.level]).reverse(), [events, shown]);
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
  return (
    <section ref={ref} className="panel events-log" aria-label="Events" data-testid="events-log">
      <header className="panel-header">
        <h2>Events</h2>
        <div className="level-filters" role="group" aria-label="Filter by level">
          {LEVELS.map((level) => (
            <label key={level} className={`level-chip level-${level}`}>
              <input
                type="checkbox"
                checked={shown[level]}
                onChange={(e) => setShown((s) => ({ ...s, [level]: e.target.checked }))}
                data-testid={`events-filter-${level}`}
              />
              {level}
            </label>
          ))}
        </div>
      </header>
      {visible.length === 0 ? (
        <p className="muted empty-note">
          {events.length === 0
            ? 'No events yet. Protection trips, setting changes and faults appear here.'
            : 'No events at the selected levels.'}
        </p>
      ) : (
        <ol className="event-list">
          {visible.map((e) => (
            <li key={e.id} className={`event level-${e.level}`} data-testid="event-row" data-kind={e.kind}>
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
