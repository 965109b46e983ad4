/**
 * `probe_instrument` and `discover_instruments`: finding an instrument to add. A probe of an address the
 * bench already holds is answered from the bench — many instruments serve one session at a time, so a
 * second link would go unanswered (or, worse, disturb the first).
 */
import type {
  DiscoverInstrumentsMessage,
  ProbeInstrumentMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { DriverError, type InstrumentFinder, type InstrumentRegistry } from '../../instruments/index.js';

export interface FindCommandContext {
  /** Undefined answers both commands with not_found (a backend without a bench). */
  finder: InstrumentFinder | undefined;
  registry: InstrumentRegistry;
  send(message: ServerMessage): void;
}

export const DEFAULT_DISCOVERY_MS = 3_000;

export async function handleFindCommand(
  ctx: FindCommandContext,
  message: ProbeInstrumentMessage | DiscoverInstrumentsMessage,
): Promise<void> {
  const requestId = message.request_id;
  if (ctx.finder === undefined) {
    return ctx.send({
      type: 'error',
      request_id: requestId,
      code: 'not_found',
      message: 'this backend cannot add instruments',
    });
  }
  if (message.type === 'discover_instruments') {
    const instruments = await ctx.finder.discover(message.duration_ms ?? DEFAULT_DISCOVERY_MS);
    return ctx.send({ type: 'instruments_discovered', request_id: requestId, instruments });
  }
  const { host, port } = message;
  const onBench = ctx.registry.entries().find((entry) => {
    const options = entry.options ?? {};
    return (
      typeof options.host === 'string' &&
      options.host.toLowerCase() === host.toLowerCase() &&
      (options.port ?? undefined) === port
    );
  });
  const held = onBench && ctx.registry.get(onBench.id);
  if (onBench && held) {
    const { vendor, model, serial } = held.capabilities();
    return ctx.send({
      type: 'instrument_probed',
      request_id: requestId,
      host,
      port,
      identity: { vendor, model, serial, firmware: '' },
      driver: onBench.driver,
      description: `on the bench already as ${onBench.id}`,
      equipment_id: onBench.id,
    });
  }
  try {
    const result = await ctx.finder.probe({ host, port });
    if (!result.ok) {
      return ctx.send({
        type: 'error',
        request_id: requestId,
        code: 'unsupported_instrument',
        message: result.message,
        ...(result.identity && { details: { identity: result.identity } }),
      });
    }
    ctx.send({
      type: 'instrument_probed',
      request_id: requestId,
      host,
      port,
      identity: result.identity,
      driver: result.driver,
      description: result.description,
    });
  } catch (err) {
    if (!(err instanceof DriverError)) throw err;
    ctx.send({
      type: 'error',
      request_id: requestId,
      code: 'instrument_fault',
      message: err.message,
      details: { reason: err.code },
    });
  }
}
