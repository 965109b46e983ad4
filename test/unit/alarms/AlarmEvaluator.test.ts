/**
 * Alarm judgement on an injected clock: every time here is a number handed in, so hold-off, band, rate,
 * clearing and acknowledgement are checked exactly, never against wall-clock thresholds.
 */
import { describe, expect, it } from 'vitest';
import { AlarmEvaluator } from '../../../src-main/alarms/index.js';

describe('AlarmEvaluator hold-off', () => {
  it('raises on the first sample at which the condition has held for the hold-off, not before', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1 }, 500);
    expect(alarm.sample(1.5, 1_000)).toBe('pending');
    expect(alarm.sample(1.5, 1_400)).toBeUndefined();
    expect(alarm.sample(1.5, 1_499)).toBeUndefined();
    expect(alarm.state.phase).toBe('pending');
    expect(alarm.sample(1.5, 1_500)).toBe('raised');
    expect(alarm.state).toMatchObject({ phase: 'raised', sinceMs: 1_500, raisedValue: 1.5, raiseCount: 1 });
  });

  it('starts the hold-off afresh when one sample breaks the condition', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1 }, 500);
    alarm.sample(2, 0);
    alarm.sample(2, 400);
    expect(alarm.sample(0.5, 450)).toBe('normal');
    expect(alarm.sample(2, 500)).toBe('pending');
    expect(alarm.sample(2, 900)).toBeUndefined();
    expect(alarm.sample(2, 1_000)).toBe('raised');
  });

  it('raises on the first sample when the hold-off is 0', () => {
    const alarm = new AlarmEvaluator({ kind: 'below', limit: 3 }, 0);
    expect(alarm.sample(3, 0)).toBeUndefined();
    expect(alarm.sample(2.9, 100)).toBe('raised');
  });

  it('is not raised again while raised, whether or not acknowledged', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1 }, 0);
    expect(alarm.sample(2, 0)).toBe('raised');
    expect(alarm.sample(3, 100)).toBeUndefined();
    alarm.acknowledge(150);
    expect(alarm.sample(3, 200)).toBeUndefined();
    expect(alarm.state.raiseCount).toBe(1);
  });

  it('ignores samples without the field (a timing measurement the record cannot support)', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1 }, 100);
    alarm.sample(2, 0);
    expect(alarm.sample(undefined, 50)).toBeUndefined();
    expect(alarm.sample(Number.NaN, 60)).toBeUndefined();
    expect(alarm.sample(2, 100)).toBe('raised');
  });
});

describe('AlarmEvaluator band', () => {
  const band = { kind: 'outside', low: 4.5, high: 5.5 } as const;

  it('holds below low and above high, not inside or on the edges', () => {
    const alarm = new AlarmEvaluator(band, 0);
    expect(alarm.sample(4.5, 0)).toBeUndefined();
    expect(alarm.sample(5.5, 10)).toBeUndefined();
    expect(alarm.sample(5, 20)).toBeUndefined();
    expect(alarm.sample(5.6, 30)).toBe('raised');
    const low = new AlarmEvaluator(band, 0);
    expect(low.sample(4.4, 0)).toBe('raised');
  });

  it('clears only once the value is inside the band by the hysteresis', () => {
    const alarm = new AlarmEvaluator({ ...band, hysteresis: 0.1 }, 0);
    alarm.sample(6, 0);
    expect(alarm.sample(5.45, 10)).toBeUndefined();
    expect(alarm.state.phase).toBe('raised');
    expect(alarm.sample(5.4, 20)).toBe('cleared');
    expect(alarm.state).toMatchObject({ phase: 'normal', sinceMs: 20 });
  });
});

describe('AlarmEvaluator rate of change', () => {
  it('judges the change per second over the whole window, and nothing before a window has passed', () => {
    const alarm = new AlarmEvaluator({ kind: 'rate', limit_per_s: 1, window_s: 1 }, 0);
    expect(alarm.sample(0, 0)).toBeUndefined();
    // 0.6 in 0.5 s would be 1.2/s, but the window is not full yet.
    expect(alarm.sample(0.6, 500)).toBeUndefined();
    expect(alarm.state.value).toBeUndefined();
    // 0.9 over 1 s: 0.9/s, under the limit.
    expect(alarm.sample(0.9, 1_000)).toBeUndefined();
    expect(alarm.state.value).toBeCloseTo(0.9, 9);
    // From the anchor at 500 ms (0.6) to 1.8 at 1500 ms: 1.2/s.
    expect(alarm.sample(1.8, 1_500)).toBe('raised');
    expect(alarm.state.raisedValue).toBeCloseTo(1.2, 9);
  });

  it('respects the direction: a falling alarm ignores a rise', () => {
    const alarm = new AlarmEvaluator({ kind: 'rate', limit_per_s: 1, window_s: 1, direction: 'falling' }, 0);
    alarm.sample(0, 0);
    expect(alarm.sample(5, 1_000)).toBeUndefined();
    expect(alarm.sample(2, 2_000)).toBe('raised');
  });

  it('clears when the rate falls back under the limit less the hysteresis', () => {
    const alarm = new AlarmEvaluator({ kind: 'rate', limit_per_s: 1, window_s: 1, hysteresis: 0.5 }, 0);
    alarm.sample(0, 0);
    expect(alarm.sample(2, 1_000)).toBe('raised');
    expect(alarm.sample(2.7, 2_000)).toBeUndefined(); // 0.7/s: under the limit, not under 0.5
    expect(alarm.sample(3.1, 3_000)).toBe('cleared'); // 0.4/s
  });
});

describe('AlarmEvaluator clear and acknowledge', () => {
  it('clears as soon as the condition ends without hysteresis, and resets the acknowledgement', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1 }, 0);
    alarm.sample(2, 0);
    expect(alarm.acknowledge(50)).toBe(true);
    expect(alarm.state).toMatchObject({ acked: true, ackedMs: 50 });
    expect(alarm.sample(1, 100)).toBe('cleared');
    expect(alarm.state).toMatchObject({ phase: 'normal', acked: false, ackedMs: undefined });
  });

  it('with hysteresis, stays raised until the value is below the limit by that much', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1, hysteresis: 0.2 }, 0);
    alarm.sample(2, 0);
    expect(alarm.sample(0.9, 100)).toBeUndefined();
    expect(alarm.sample(0.8, 200)).toBe('cleared');
  });

  it('raises again, unacknowledged, after a clear when the condition holds for the hold-off', () => {
    const alarm = new AlarmEvaluator({ kind: 'below', limit: 1 }, 200);
    alarm.sample(0, 0);
    alarm.sample(0, 200);
    alarm.acknowledge(250);
    expect(alarm.sample(2, 300)).toBe('cleared');
    expect(alarm.sample(0, 400)).toBe('pending');
    expect(alarm.sample(0, 600)).toBe('raised');
    expect(alarm.state).toMatchObject({ acked: false, raiseCount: 2 });
  });

  it('refuses to acknowledge an alarm that is not raised', () => {
    const alarm = new AlarmEvaluator({ kind: 'above', limit: 1 }, 100);
    expect(alarm.acknowledge(0)).toBe(false);
    alarm.sample(2, 0);
    expect(alarm.acknowledge(10)).toBe(false);
    expect(alarm.state.acked).toBe(false);
  });
});
