/**
 * `get_measurement_stats`, `reset_measurement_stats` and `get_trend_history` (docs/PROTOCOL.md,
 * "Measurement statistics and trends"). A reset is recorded as an event naming who reset, which every
 * dashboard sees; the new statistics reach them with the next push.
 */
import type {
  EventMessage,
  MeasurementStatsCommandMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import type { InstrumentRegistry } from '../../instruments/index.js';
import { type MeasurementStatsService, StatsError } from '../../measurementStats/index.js';

export interface MeasurementStatsCommandContext {
  stats: MeasurementStatsService | undefined;
  registry: InstrumentRegistry;
  sessionId: string;
  clientName(): string | undefined;
  send(message: ServerMessage): void;
  /** Records and broadcasts the reset event. */
  broadcast(event: EventMessage): void;
}

export function handleMeasurementStatsCommand(
  ctx: MeasurementStatsCommandContext,
  message: MeasurementStatsCommandMessage,
): void {
  const stats = ctx.stats;
  if (stats === undefined) {
    return ctx.send({
      type: 'error',
      request_id: message.request_id,
      code: 'not_found',
      message: 'this server keeps no measurement statistics',
    });
  }
  if (message.type === 'get_trend_history') {
    return ctx.send({
      type: 'trend_history',
      request_id: message.request_id,
      series: stats.trendHistory(message.keys, message.since_ms),
    });
  }
  if (!ctx.registry.get(message.equipment_id)) {
    return ctx.send({
      type: 'error',
      request_id: message.request_id,
      code: 'unknown_equipment',
      message: `no instrument "${message.equipment_id}"`,
      details: { equipment_id: message.equipment_id, known: ctx.registry.ids() },
    });
  }
  if (message.type === 'reset_measurement_stats') {
    const name = ctx.clientName();
    const by = name === undefined ? `session ${ctx.sessionId}` : `${name} (session ${ctx.sessionId})`;
    try {
      stats.reset(message.equipment_id, message.channel, by);
    } catch (err) {
      if (!(err instanceof StatsError)) throw err;
      return ctx.send({
        type: 'error',
        request_id: message.request_id,
        code: err.code,
        message: err.message,
        details: err.details,
      });
    }
    const what = message.channel === undefined ? 'every channel' : message.channel;
    ctx.broadcast({
      type: 'event',
      level: 'info',
      kind: 'measurement_stats_reset',
      equipment_id: message.equipment_id,
      message: `${message.equipment_id} measurement statistics of ${what} reset by ${by}`,
      details: { channel: message.channel, by },
      timestamp: Date.now(),
    });
  }
  ctx.send({
    type: 'measurement_stats',
    request_id: message.request_id,
    ...stats.snapshot(message.equipment_id),
  });
}
