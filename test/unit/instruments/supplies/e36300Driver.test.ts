/** Pure parts of the E36300 driver: trip events from polled status, and the coupling commands per model. */
import { describe, expect, it } from 'vitest';
import type { InstrumentEvent } from '../../../../src-main/instruments/InstrumentDriver.js';
import { findE36300Model } from '../../../../src-main/instruments/keysight-e36300/e36300Models.js';
import { trackingCommands } from '../../../../src-main/instruments/keysight-e36300/tracking.js';
import { TripTracker } from '../../../../src-main/instruments/keysight-e36300/TripTracker.js';

describe('TripTracker', () => {
  it('reports a trip once while it stays latched, again after a clear, and each kind of trip', () => {
    const events: InstrumentEvent[] = [];
    const tracker = new TripTracker('psu', (e) => events.push(e), { nowMs: () => 42 });
    expect(tracker.observe(1, undefined)).toBe('none');
    expect(tracker.observe(1, 'ovp')).toBe('ovp');
    tracker.observe(1, 'ovp');
    expect(events).toEqual([
      {
        equipmentId: 'psu',
        level: 'alarm',
        kind: 'protection_trip',
        channel: 1,
        message: 'CH1 output turned off: over-voltage protection tripped',
        details: { trip: 'ovp' },
        timestampMs: 42,
      },
    ]);
    tracker.observe(1, undefined); // cleared at the front panel
    tracker.observe(1, 'ocp');
    tracker.cleared(1, 'ocp');
    tracker.observe(1, 'ocp');
    tracker.observe(2, 'ocp');
    expect(events.map((e) => [e.kind, e.channel, e.details?.trip])).toEqual([
      ['protection_trip', 1, 'ovp'],
      ['protection_trip', 1, 'ocp'],
      ['protection_cleared', 1, 'ocp'],
      ['protection_trip', 1, 'ocp'],
      ['protection_trip', 2, 'ocp'],
    ]);
    expect(events[2]).toMatchObject({
      level: 'info',
      message: 'CH1 OCP trip cleared; the output stays off until turned on',
    });
    // Clearing an output with nothing latched records nothing.
    tracker.cleared(3, 'none');
    expect(events).toHaveLength(5);
    tracker.reset(); // a new session reports what is still latched once more
    tracker.observe(2, 'ocp');
    expect(events).toHaveLength(6);
  });
});

describe('E36300 coupling commands', () => {
  it('switches the mode being left off first, and uses OUTP:PAIR only where the model has it', () => {
    const e36312a = findE36300Model('E36312A')!;
    const e36311a = findE36300Model('e36311a')!;
    expect(trackingCommands(e36312a, 'series')).toEqual(['OUTP:TRAC OFF', 'OUTP:PAIR SER']);
    expect(trackingCommands(e36312a, 'parallel')).toEqual(['OUTP:TRAC OFF', 'OUTP:PAIR PAR']);
    expect(trackingCommands(e36312a, 'track')).toEqual(['OUTP:PAIR OFF', 'OUTP:TRAC ON']);
    expect(trackingCommands(e36312a, 'independent')).toEqual(['OUTP:PAIR OFF', 'OUTP:TRAC OFF']);
    expect(trackingCommands(e36311a, 'track')).toEqual(['OUTP:TRAC ON']);
    expect(trackingCommands(e36311a, 'independent')).toEqual(['OUTP:TRAC OFF']);
    expect(() => trackingCommands(e36311a, 'sideways')).toThrow(/independent, track/);
  });
});
