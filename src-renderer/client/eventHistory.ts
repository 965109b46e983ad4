/**
 * Brings a bench's events log up to date with the backend's on every (re)connect: asks for what came after
 * the newest seq held, so a reload, a second dashboard or a reconnect shows the same history, without
 * double entries (merged by seq) and without losing what happened while the link was down. A backend
 * whose newest seq is below ours keeps another log (a different data folder, or its log was removed):
 * its whole log replaces the backend events held.
 */
import type { EventsMessage } from '../../shared/protocol/server';
import { newestSeq } from '../events/eventMerge';
import { MAX_EVENTS } from '../store/benchState';
import type { BenchClient } from './BenchClient';

export async function catchUpEvents(client: BenchClient): Promise<void> {
  const { connection, state } = client;
  const heldSeq = newestSeq(state.current().events);
  const firstLoad = heldSeq === 0;
  let reply = await connection.request<EventsMessage>({
    type: 'get_events',
    after_seq: heldSeq,
    limit: MAX_EVENTS,
  });
  let replace = false;
  if (reply.newest_seq < heldSeq) {
    replace = true;
    reply = await connection.request<EventsMessage>({ type: 'get_events', after_seq: 0, limit: MAX_EVENTS });
  }
  state.mergeEventHistory(reply.events, { replace, countUnread: !firstLoad && !replace });
}
