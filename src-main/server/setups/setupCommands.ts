/**
 * The setup commands (`list_setups`, `save_setup`, `recall_setup`, `delete_setup`, `import_setup`,
 * `export_setup`), answered from the SetupService. A refused command changes nothing and is answered with
 * the service's reason.
 */
import type { ServerMessage, SetupCommandMessage } from '../../../shared/protocol/index.js';
import { SetupError, type SetupService } from '../../setups/index.js';

export interface SetupCommandContext {
  /** Undefined answers every setup command with not_found (a server without a data folder's setups). */
  setups: SetupService | undefined;
  sessionId: string;
  send(message: ServerMessage): void;
}

export async function handleSetupCommand(
  ctx: SetupCommandContext,
  message: SetupCommandMessage,
): Promise<void> {
  const requestId = message.request_id;
  if (ctx.setups === undefined) {
    return ctx.send({
      type: 'error',
      request_id: requestId,
      code: 'not_found',
      message: 'this server keeps no setups',
    });
  }
  try {
    switch (message.type) {
      case 'list_setups': {
        const { setups, restored } = await ctx.setups.list();
        return ctx.send({ type: 'setups', request_id: requestId, setups, restored });
      }
      case 'save_setup': {
        const setup = await ctx.setups.save({
          name: message.name,
          scope: message.scope,
          equipmentId: message.equipment_id,
          client: message.client,
        });
        return ctx.send({ type: 'setup_saved', request_id: requestId, setup });
      }
      case 'recall_setup': {
        const report = await ctx.setups.recall({
          name: message.name,
          equipmentId: message.equipment_id,
          sessionId: ctx.sessionId,
        });
        return ctx.send({ type: 'setup_recalled', request_id: requestId, name: message.name, report });
      }
      case 'delete_setup':
        await ctx.setups.delete(message.name);
        return ctx.send({ type: 'setup_deleted', request_id: requestId, name: message.name });
      case 'import_setup': {
        const setup = await ctx.setups.import(message.text, message.name);
        return ctx.send({ type: 'setup_saved', request_id: requestId, setup });
      }
      case 'export_setup': {
        const text = await ctx.setups.exportText(message.name);
        return ctx.send({ type: 'setup_exported', request_id: requestId, name: message.name, text });
      }
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled setup command ${JSON.stringify(unreachable)}`);
      }
    }
  } catch (err) {
    if (!(err instanceof SetupError)) throw err;
    ctx.send({
      type: 'error',
      request_id: requestId,
      code: err.code,
      message: err.message,
      details: err.details,
    });
  }
}
