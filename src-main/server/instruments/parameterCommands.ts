/**
 * `get_parameters` and `set_parameter`: the commands answered by an instrument. Every call goes through the
 * instrument's host with the session's driver timeout, so a hung instrument yields `error busy` (and a log
 * line) instead of a command that is never answered; driver errors map onto protocol codes (a dropped
 * link or an offline instrument is `instrument_fault`, not a malformed message).
 */
import type {
  ErrorCode,
  EventMessage,
  GetParametersMessage,
  RequestId,
  ServerMessage,
  SetParameterMessage,
} from '../../../shared/protocol/index.js';
import {
  DriverError,
  type InstrumentHost,
  type InstrumentRegistry,
  type ParameterValue,
} from '../../instruments/index.js';
import { settingChangedEvent } from '../../events/index.js';
import type { Logger } from '../../util/index.js';
import type { Frame } from '../streams/index.js';

export interface ParameterCommandContext {
  registry: InstrumentRegistry;
  log: Logger;
  sessionId: string;
  /** The name the client gave in `hello` (undefined before one, or for a client that sent none). */
  clientName(): string | undefined;
  driverTimeoutMs: number;
  send(message: ServerMessage): void;
  /**
   * Sends a message already encoded (a `spectrum` reply whose arrays' JSON the compute pool made:
   * spectrumReply.ts) on a WebSocket session; absent where replies travel as message objects (the fleet's
   * remote commands), which get `send`.
   */
  sendFrame?(frame: Frame): void;
  /** Tells every session, this one included, about a change (setting_changed). */
  broadcast(event: EventMessage): void;
}

/** The protocol code for a driver's error code. */
export function errorCodeOfDriverError(code: DriverError['code']): ErrorCode {
  switch (code) {
    case 'out_of_range':
      return 'out_of_range';
    case 'unknown_parameter':
      return 'unknown_parameter';
    case 'invalid_value':
      return 'invalid_message';
    case 'timeout':
      return 'busy';
    case 'disconnected':
    case 'protocol':
    case 'fault':
      return 'instrument_fault';
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped driver error code ${String(unreachable)}`);
    }
  }
}

export async function getParameters(
  ctx: ParameterCommandContext,
  message: GetParametersMessage,
): Promise<void> {
  const driver = findDriver(ctx, message.request_id, message.equipment_id);
  if (!driver) return;
  try {
    const snapshot = await driver.getParameters({ timeoutMs: ctx.driverTimeoutMs });
    ctx.send({
      type: 'parameters',
      request_id: message.request_id,
      equipment_id: driver.id,
      global: snapshot.global,
      channels: Object.fromEntries(Object.entries(snapshot.channels)),
    });
  } catch (err) {
    replyDriverError(ctx, message.request_id, err, {});
  }
}

export async function setParameter(
  ctx: ParameterCommandContext,
  message: SetParameterMessage,
): Promise<void> {
  const driver = findDriver(ctx, message.request_id, message.equipment_id);
  if (!driver) return;
  let value: ParameterValue;
  try {
    value = await driver.setParameter(message.parameter, message.value, message.channel, {
      timeoutMs: ctx.driverTimeoutMs,
      // The instrument may still apply it after we gave up: if it does, everyone hears the change, so no
      // client is left showing a value that is no longer true. (The late reply answers nobody else.)
      onLate: (late) => broadcastChange(ctx, driver, message, late, true),
    });
  } catch (err) {
    replyDriverError(ctx, message.request_id, err, { parameter: message.parameter });
    return;
  }
  ctx.send({
    type: 'parameter_set',
    request_id: message.request_id,
    equipment_id: driver.id,
    channel: message.channel,
    parameter: message.parameter,
    value,
  });
  broadcastChange(ctx, driver, message, value, false);
}

function broadcastChange(
  ctx: ParameterCommandContext,
  driver: InstrumentHost,
  message: SetParameterMessage,
  value: ParameterValue,
  late: boolean,
): void {
  const info = driver
    .capabilities()
    .parameters.find(
      (p) => p.name === message.parameter && (p.channel === undefined || p.channel === message.channel),
    );
  ctx.broadcast(
    settingChangedEvent(
      {
        equipmentId: driver.id,
        channel: message.channel,
        parameter: message.parameter,
        value,
        unit: info?.unit,
        by: { kind: 'client', sessionId: ctx.sessionId, clientName: ctx.clientName() },
        late,
      },
      Date.now(),
    ),
  );
}

function findDriver(
  ctx: ParameterCommandContext,
  requestId: RequestId | undefined,
  equipmentId: string,
): InstrumentHost | undefined {
  const driver = ctx.registry.get(equipmentId);
  if (driver) return driver;
  ctx.send({
    type: 'error',
    request_id: requestId,
    code: 'unknown_equipment',
    message: `no instrument "${equipmentId}"`,
    details: { equipment_id: equipmentId, known: ctx.registry.ids() },
  });
  return undefined;
}

/** Answers a failed driver call; anything that is not a DriverError is a bug and rethrown (→ internal). */
function replyDriverError(
  ctx: ParameterCommandContext,
  requestId: RequestId | undefined,
  err: unknown,
  details: Record<string, unknown>,
): void {
  if (!(err instanceof DriverError)) throw err;
  const code = errorCodeOfDriverError(err.code);
  if (code === 'busy' || code === 'instrument_fault') {
    ctx.log.warn(`session ${ctx.sessionId}: ${err.message} (answered ${code})`);
  }
  ctx.send({
    type: 'error',
    request_id: requestId,
    code,
    message: err.message,
    details: { ...err.details, ...details },
  });
}
