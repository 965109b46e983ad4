/**
 * `get_stream_preferences` / `set_stream_preference`: the remembered streams every dashboard follows when
 * it opens (StreamMemory). Choosing does not start or stop anything here; each dashboard runs its own.
 */
import type { ServerMessage, StreamMemoryCommandMessage } from '../../../shared/protocol/index.js';
import { MAX_REMEMBERED_STREAMS, type StreamMemory } from '../../streamMemory/index.js';

export function handleStreamMemoryCommand(
  memory: StreamMemory | undefined,
  message: StreamMemoryCommandMessage,
  send: (message: ServerMessage) => void,
): void {
  if (memory === undefined) {
    return send({
      type: 'error',
      request_id: message.request_id,
      code: 'not_found',
      message: 'this server remembers no streams',
    });
  }
  if (message.type === 'set_stream_preference' && !memory.remember(message.preference)) {
    return send({
      type: 'error',
      request_id: message.request_id,
      code: 'limit_exceeded',
      message: `already ${MAX_REMEMBERED_STREAMS} streams remembered; remove instruments from the bench first`,
    });
  }
  send({ type: 'stream_preferences', request_id: message.request_id, preferences: memory.all() });
}
