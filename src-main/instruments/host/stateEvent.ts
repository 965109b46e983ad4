/**
 * A link state change as the instrument event every client receives (`event` kind `instrument_state`),
 * with the instrument's catalog entry as it now stands, so a client can update its catalog without asking.
 */
import type { InstrumentState } from '../../../shared/protocol/index.js';
import type { InstrumentEvent, InstrumentEventLevel } from '../InstrumentDriver.js';
import type { HostStateChange } from './hostTypes.js';

const LEVEL: Record<InstrumentState, InstrumentEventLevel> = {
  connecting: 'info',
  online: 'info',
  offline: 'warning',
  error: 'error',
};

export function stateEvent(change: HostStateChange): InstrumentEvent {
  const id = change.equipmentId;
  let message: string;
  switch (change.state) {
    case 'online':
      message =
        change.offlineMs === undefined
          ? `${id} online`
          : `${id} online again after ${(change.offlineMs / 1000).toFixed(1)} s`;
      break;
    case 'offline':
      message = `${id} offline: ${change.reason ?? 'link lost'}; reconnecting`;
      break;
    case 'error':
      message = `${id} cannot be used: ${change.reason ?? 'unknown error'}`;
      break;
    case 'connecting':
      message = `${id} connecting`;
      break;
  }
  return {
    equipmentId: id,
    level: LEVEL[change.state],
    kind: 'instrument_state',
    message,
    details: {
      state: change.state,
      previous_state: change.previousState,
      ...(change.reason !== undefined && { reason: change.reason }),
      ...(change.offlineMs !== undefined && { offline_ms: change.offlineMs }),
      instrument: change.info,
    },
    timestampMs: change.timestampMs,
  };
}
