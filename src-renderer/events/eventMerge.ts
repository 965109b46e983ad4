/**
 * The dashboard's copy of the backend's event log: history fetched on every (re)connect (`get_events` after
 * the last seq seen) merged with live events, so an event that arrives both ways is shown once and none is
 * lost across a reconnect. Events the dashboard itself notes (the link going down and coming back) carry no
 * seq and are always kept. Pure functions: no timers, no store.
 */
import type { EventMessage } from '../../shared/protocol/server';

export interface LoggedEvent extends Omit<EventMessage, 'type'> {
  /** Unique in this dashboard, for React keys; not the backend's seq. */
  id: number;
}

let nextId = 1;

/** The newest backend seq held (0 when none): what the next `get_events` asks after. */
export function newestSeq(events: readonly LoggedEvent[]): number {
  let newest = 0;
  for (const e of events) if (e.seq !== undefined && e.seq > newest) newest = e.seq;
  return newest;
}

/**
 * `current` with those of `incoming` it does not hold yet (by seq), in time order (seq breaking ties), the
 * oldest dropped beyond `max`. Returns the merged list and how many events were new.
 */
export function mergeEvents(
  current: readonly LoggedEvent[],
  incoming: readonly EventMessage[],
  max: number,
): { events: LoggedEvent[]; added: number } {
  const held = new Set<number>();
  for (const e of current) if (e.seq !== undefined) held.add(e.seq);
  const fresh: LoggedEvent[] = [];
  for (const { type: _type, ...event } of incoming) {
    if (event.seq !== undefined) {
      if (held.has(event.seq)) continue;
      held.add(event.seq);
    }
    fresh.push({ ...event, id: nextId++ });
  }
  if (fresh.length === 0) return { events: [...current], added: 0 };
  const merged = [...current, ...fresh].sort(byTimeThenSeq);
  return { events: merged.slice(Math.max(0, merged.length - max)), added: fresh.length };
}

/**
 * Drops every event that came from the backend's log (keeping the dashboard's own): used when the backend
 * answers with a log that cannot be the one we hold — its newest seq is below ours, so it was started on
 * another data folder or its log was removed — before taking that log in whole.
 */
export function withoutBackendEvents(events: readonly LoggedEvent[]): LoggedEvent[] {
  return events.filter((e) => e.seq === undefined);
}

function byTimeThenSeq(a: LoggedEvent, b: LoggedEvent): number {
  return a.timestamp - b.timestamp || (a.seq ?? 0) - (b.seq ?? 0);
}
