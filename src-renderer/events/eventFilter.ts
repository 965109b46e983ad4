/** Which events the log shows: by instrument (or all) and by level. Pure, so the CSV export matches the view. */
import type { EventLevel } from '../../shared/protocol/server';
import type { LoggedEvent } from './eventMerge';

export interface EventFilter {
  /** An equipment id, or undefined for every instrument (and events of none, such as the link's). */
  equipmentId: string | undefined;
  levels: Record<EventLevel, boolean>;
}

export function filterEvents(events: readonly LoggedEvent[], filter: EventFilter): LoggedEvent[] {
  return events.filter(
    (e) =>
      filter.levels[e.level] && (filter.equipmentId === undefined || e.equipment_id === filter.equipmentId),
  );
}

/** Every instrument an event names, and every instrument on the bench, sorted: the filter's choices. */
export function instrumentChoices(events: readonly LoggedEvent[], benchIds: readonly string[]): string[] {
  const ids = new Set(benchIds);
  for (const e of events) if (e.equipment_id !== undefined) ids.add(e.equipment_id);
  return [...ids].sort();
}
