/**
 * Alarm commands (docs/PROTOCOL.md, "Alarms"): define, update, delete, list and acknowledge. Each is
 * answered with `alarms` (every definition and state) carrying its request id; every other client hears
 * the change through the push the server sends on each engine change.
 */
import type { AlarmCommandMessage, ServerMessage } from '../../../shared/protocol/index.js';
import { AlarmError, type AlarmEngine } from '../../alarms/index.js';

export interface AlarmCommandContext {
  engine: AlarmEngine | undefined;
  sessionId: string;
  send(message: ServerMessage): void;
}

export async function handleAlarmCommand(
  ctx: AlarmCommandContext,
  message: AlarmCommandMessage,
): Promise<void> {
  const engine = ctx.engine;
  if (engine === undefined) {
    return ctx.send({
      type: 'error',
      request_id: message.request_id,
      code: 'not_found',
      message: 'this server keeps no alarms',
    });
  }
  try {
    switch (message.type) {
      case 'define_alarm':
        await engine.define(message.alarm);
        break;
      case 'update_alarm':
        await engine.update(message.alarm_id, message.alarm);
        break;
      case 'delete_alarm':
        await engine.delete(message.alarm_id);
        break;
      case 'acknowledge_alarm':
        engine.acknowledge(message.alarm_id, `session ${ctx.sessionId}`);
        break;
      case 'list_alarms':
        break;
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled alarm command ${JSON.stringify(unreachable)}`);
      }
    }
  } catch (err) {
    if (!(err instanceof AlarmError)) throw err;
    return ctx.send({
      type: 'error',
      request_id: message.request_id,
      code: err.code,
      message: err.message,
      details: err.details,
    });
  }
  ctx.send({ type: 'alarms', request_id: message.request_id, ...engine.snapshot() });
}
