/**
 * The link's history as entries of the events log, so a disconnect leaves a record beside the alarms it
 * may explain: "connection lost", "connection restored (gap 12.3 s)", and that the backend restarted in
 * between (its settings are then back to their defaults). Local entries: the backend never sent them.
 */
import type { EventMessage } from '../../shared/protocol/server';
import type { LinkEvent } from './ConnectionManager';

/** A duration as a person reads it: "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatGap(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const totalS = Math.round(ms / 1_000);
  if (totalS < 3_600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, '0')} s`;
  const totalMin = Math.floor(totalS / 60);
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`;
}

export function linkEventMessages(event: LinkEvent): EventMessage[] {
  if (event.kind === 'lost') {
    const why = event.problem.detail ? ` (${event.problem.detail})` : '';
    return [
      {
        type: 'event',
        level: 'warning',
        kind: 'connection_lost',
        message: `Connection to the backend lost${why}; the values shown stop updating until it is back`,
        timestamp: event.atMs,
      },
    ];
  }
  const gapMs = event.atMs - event.lostAtMs;
  const restored: EventMessage = {
    type: 'event',
    level: 'info',
    kind: 'connection_restored',
    message: `Connection restored (gap ${formatGap(gapMs)})`,
    details: { gap_ms: gapMs },
    timestamp: event.atMs,
  };
  if (!event.backendRestarted) return [restored];
  return [
    restored,
    {
      type: 'event',
      level: 'warning',
      kind: 'backend_restarted',
      message:
        "The backend restarted while disconnected: instrument settings are back to their defaults (or the last run's, outputs off), " +
        'and streams were started again',
      timestamp: event.atMs,
    },
  ];
}
