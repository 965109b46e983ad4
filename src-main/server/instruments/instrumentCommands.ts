/**
 * `add_instrument` and `remove_instrument`: changes to the running bench (BenchManager). The sender gets
 * the acknowledgement; every client hears the change as an `instrument_added` / `instrument_removed` event.
 */
import type {
  AddInstrumentMessage,
  RemoveInstrumentMessage,
  RequestId,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { BenchChangeError, type BenchManager } from '../../bench/index.js';

export interface InstrumentCommandContext {
  /** Undefined answers both commands with not_found (a server without a bench, in some tests). */
  bench: BenchManager | undefined;
  send(message: ServerMessage): void;
}

export async function handleInstrumentCommand(
  ctx: InstrumentCommandContext,
  message: AddInstrumentMessage | RemoveInstrumentMessage,
): Promise<void> {
  if (ctx.bench === undefined) {
    return ctx.send({
      type: 'error',
      request_id: message.request_id,
      code: 'not_found',
      message: 'this server has no bench to change',
    });
  }
  try {
    if (message.type === 'add_instrument') {
      const instrument = await ctx.bench.add(message.instrument);
      return ctx.send({ type: 'instrument_added', request_id: message.request_id, instrument });
    }
    await ctx.bench.remove(message.equipment_id);
    ctx.send({
      type: 'instrument_removed',
      request_id: message.request_id,
      equipment_id: message.equipment_id,
    });
  } catch (err) {
    if (!(err instanceof BenchChangeError)) throw err;
    replyError(ctx, message.request_id, err);
  }
}

function replyError(
  ctx: InstrumentCommandContext,
  requestId: RequestId | undefined,
  err: BenchChangeError,
): void {
  ctx.send({
    type: 'error',
    request_id: requestId,
    code: err.code,
    message: err.message,
    details: err.details,
  });
}
