import { describe, expect, it } from 'vitest';
import { MeasurementStatsService, StatsError } from '../../../src-main/measurementStats/index.js';
import { silentLogger } from '../../../src-main/util/index.js';

function service(): { stats: MeasurementStatsService; clock: { nowMs(): number; t: number } } {
  const clock = { t: 5_000, nowMs: () => clock.t };
  return { stats: new MeasurementStatsService({ log: silentLogger, clock }), clock };
}

const square = { vpp: 2, vmax: 1, vmin: -1, vavg: 0, vrms: 1, frequency: 1_000, period: 1e-3, duty: 50 };

describe('MeasurementStatsService', () => {
  it('counts each record once per channel, by any channel id, and missing measurements as invalid', () => {
    const { stats } = service();
    stats.takeMeasurements('scope_1', 100, { CH1: square, M1: { vpp: 4, vavg: 0.5 } });
    // The same record again (a second producer, a stopped scope): not counted twice.
    stats.takeMeasurements('scope_1', 100, { CH1: { ...square, vpp: 99 } });
    stats.takeMeasurements('scope_1', 200, { CH1: { ...square, vpp: 4, frequency: undefined as never } });
    const snap = stats.snapshot('scope_1');
    expect(snap.channels.CH1!.measurements.vpp).toMatchObject({
      count: 2,
      mean: 3,
      min: 2,
      max: 4,
      stddev: 1,
    });
    expect(snap.channels.CH1!.measurements.frequency).toMatchObject({ count: 1, invalid: 1, mean: 1_000 });
    expect(snap.channels.CH1!.measurements.frequency!.current).toBeUndefined();
    // rise_time was never given: both records count it invalid.
    expect(snap.channels.CH1!.measurements.rise_time).toEqual({ count: 0, invalid: 2 });
    expect(snap.channels.M1!.measurements.vpp).toMatchObject({ count: 1, current: 4 });
    expect(snap.channels.CH1!.since_ms).toBe(5_000);
  });

  it('counts a measurement first given by a later record from that record on, invalid when it is missing', () => {
    const { stats } = service();
    stats.takeMeasurements('scope_1', 100, { M1: { vpp: 1 } });
    stats.takeMeasurements('scope_1', 200, { M1: { vpp: 3, crest: 1.5 } });
    stats.takeMeasurements('scope_1', 300, { M1: { vpp: 5 } });
    stats.takeMeasurements('scope_1', 400, { M1: { crest: 2.5, vpp: 7 } });
    const m1 = stats.snapshot('scope_1').channels.M1!.measurements;
    expect(m1.vpp).toMatchObject({ count: 4, invalid: 0, mean: 4, min: 1, max: 7, current: 7 });
    // Not there before its first record; missing in the third.
    expect(m1.crest).toEqual({
      count: 2,
      invalid: 1,
      current: 2.5,
      mean: 2,
      min: 1.5,
      max: 2.5,
      stddev: 0.5,
    });
    expect(m1.frequency).toEqual({ count: 0, invalid: 4 });
    // Every measurement of every record trended, the late one too.
    const crest = stats.trendHistory(['scope_1/M1/crest'])[0]!;
    expect(crest.t_ms).toEqual([200, 400]);
    expect(crest.values).toEqual([1.5, 2.5]);
  });

  it('resets one channel or all, noting when and who; the others carry on', () => {
    const { stats, clock } = service();
    const changed: string[] = [];
    stats.changes.on((id) => changed.push(id));
    stats.takeMeasurements('scope_1', 100, { CH1: square, CH2: square });
    clock.t = 9_000;
    stats.reset('scope_1', 'CH1', 'bench-pc (session a)');
    let snap = stats.snapshot('scope_1');
    expect(snap.channels.CH1).toMatchObject({ since_ms: 9_000, reset_by: 'bench-pc (session a)' });
    expect(snap.channels.CH1!.measurements).toEqual({});
    expect(snap.channels.CH2!.measurements.vpp!.count).toBe(1);
    stats.takeMeasurements('scope_1', 200, { CH1: square, CH2: square });
    clock.t = 10_000;
    stats.reset('scope_1', undefined, 'someone');
    snap = stats.snapshot('scope_1');
    expect(snap.channels.CH2).toMatchObject({ since_ms: 10_000, reset_by: 'someone', measurements: {} });
    expect(changed).toEqual(['scope_1', 'scope_1', 'scope_1', 'scope_1']);
  });

  it('refuses to reset a channel it has never measured, naming the ones it has', () => {
    const { stats } = service();
    stats.takeMeasurements('scope_1', 100, { CH1: square });
    expect(() => stats.reset('scope_1', 'CH7', 'x')).toThrow(StatsError);
    expect(() => stats.reset('scope_1', 'CH7', 'x')).toThrow(/has CH1/);
    expect(stats.snapshot('scope_1').channels.CH1!.measurements.vpp!.count).toBe(1);
  });

  it('trends every measurement and supply reading, and forgets an instrument that left', () => {
    const { stats } = service();
    stats.take({
      equipmentId: 'scope_1',
      streamType: 'measurements',
      sample: { kind: 'measurements', timestampMs: 100, values: { CH1: square } },
    });
    const reading = {
      channel: 2,
      voltage_set: 5,
      current_set: 1,
      voltage_actual: 4.99,
      current_actual: 0.2,
      power: 0.998,
      output_enabled: true,
      in_cv_mode: true,
      in_cc_mode: false,
      timestamp: 150,
    };
    stats.take({
      equipmentId: 'psu_1',
      streamType: 'readings',
      sample: { kind: 'readings', timestampMs: 150, readings: [reading] },
    });
    const history = stats.trendHistory(['scope_1/CH1/vpp', 'psu_1/CH2/current', 'nope/CH1/vpp']);
    expect(history).toEqual([
      expect.objectContaining({ key: 'scope_1/CH1/vpp', unit: 'V', t_ms: [100], values: [2] }),
      expect.objectContaining({ key: 'psu_1/CH2/current', unit: 'A', t_ms: [150], values: [0.2] }),
    ]);
    stats.forget('psu_1');
    expect(stats.trendHistory().map((s) => s.key)).not.toContain('psu_1/CH2/voltage');
    // Back on the bench: its trends start afresh, in new series the history lists again.
    stats.take({
      equipmentId: 'psu_1',
      streamType: 'readings',
      sample: { kind: 'readings', timestampMs: 50, readings: [{ ...reading, timestamp: 50 }] },
    });
    expect(stats.trendHistory(['psu_1/CH2/current'])).toEqual([
      expect.objectContaining({ key: 'psu_1/CH2/current', t_ms: [50], values: [0.2] }),
    ]);
  });
});
