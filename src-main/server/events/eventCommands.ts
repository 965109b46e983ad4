/**
 * `get_events`: the backend's event log, so a dashboard that opens, reloads or reconnects shows the same
 * history as every other (it asks for what came after the last seq it saw).
 */
import type { GetEventsMessage, ServerMessage } from '../../../shared/protocol/index.js';
import type { EventJournal } from '../../events/index.js';

export function handleGetEvents(
  journal: EventJournal | undefined,
  message: GetEventsMessage,
  send: (message: ServerMessage) => void,
): void {
  if (journal === undefined) {
    return send({
      type: 'error',
      request_id: message.request_id,
      code: 'not_found',
      message: 'this server keeps no event log',
    });
  }
  const { entries, truncated, newestSeq } = journal.query({
    afterSeq: message.after_seq,
    limit: message.limit,
    equipmentId: message.equipment_id,
    minLevel: message.min_level,
  });
  send({ type: 'events', request_id: message.request_id, events: entries, newest_seq: newestSeq, truncated });
}
