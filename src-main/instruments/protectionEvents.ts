/**
 * The event every supply driver emits when a protection trip is cleared, so the log reads the same for
 * every instrument. It says the output stays off: clearing never turns an output on.
 */
import type { InstrumentEvent } from './InstrumentDriver.js';

export function protectionClearedEvent(
  equipmentId: string,
  channel: number,
  trip: 'ovp' | 'ocp',
  timestampMs: number,
): InstrumentEvent {
  return {
    equipmentId,
    level: 'info',
    kind: 'protection_cleared',
    channel,
    message: `CH${channel} ${trip.toUpperCase()} trip cleared; the output stays off until turned on`,
    details: { trip },
    timestampMs,
  };
}
