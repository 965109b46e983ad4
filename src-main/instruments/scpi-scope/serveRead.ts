/**
 * A SCPI scope driver's `read`, the same for every family: waveform and measurements only; the latest
 * acquisition served again where the reader's options allow (SharedAcquisition), else a new one from the
 * driver; `waiting_for_trigger` as a `none` sample; measurements computed from the record once per
 * acquisition with the simulator's code, so they agree with the simulator's definitions.
 */
import type { StreamType } from '../../../shared/protocol/index.js';
import type { Clock } from '../../util/index.js';
import { DriverError, type ReadOptions, type StreamSample } from '../InstrumentDriver.js';
import { measureRecordInSlices } from '../scope/SimOscilloscope.js';
import type { HeldAcquisition, SharedAcquisition } from './SharedAcquisition.js';

export interface ScopeReadContext {
  who: string;
  shared: SharedAcquisition;
  clock: Clock;
  /** Takes a new acquisition of every channel on (the driver's own commands). */
  acquire(): Promise<HeldAcquisition | 'waiting_for_trigger'>;
}

export async function serveScopeRead(
  streamType: StreamType,
  options: ReadOptions | undefined,
  context: ScopeReadContext,
): Promise<StreamSample> {
  const { who, shared, clock } = context;
  if (streamType !== 'waveform' && streamType !== 'measurements') {
    throw new DriverError(`${who} has no ${streamType} stream`, 'invalid_value');
  }
  const held = shared.take(options, clock.nowMs()) ?? (await context.acquire());
  if (held === 'waiting_for_trigger') {
    return { kind: 'none', timestampMs: clock.nowMs(), reason: 'waiting_for_trigger' };
  }
  if (streamType === 'waveform')
    return { kind: 'record', timestampMs: held.timestampMs, record: held.record };
  // A long record is measured one channel per event-loop turn (measureRecordInSlices), once per acquisition.
  held.measurements ??= measureRecordInSlices(held.record);
  return { kind: 'measurements', timestampMs: held.timestampMs, values: { ...(await held.measurements) } };
}

/** The numbers (1-based) of the channels on. */
export function enabledChannels(states: readonly { enabled: boolean }[]): number[] {
  return states.flatMap((c, i) => (c.enabled ? [i + 1] : []));
}
