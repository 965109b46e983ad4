import { describe, expect, it } from 'vitest';
import type { InstrumentEvent, StreamSample } from '../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import type { PsuChannelReading } from '../../shared/protocol/index.js';

/** A clock the test moves by hand, so physics runs on simulated time. */
function manualClock(startMs = 1_700_000_000_000) {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

/** A noiseless supply on a manual clock, recording its events. */
function supply() {
  const clock = manualClock();
  const psu = new SimPowerSupply({ seed: 1, clock, voltageNoiseV: 0, currentNoiseA: 0 });
  const events: InstrumentEvent[] = [];
  psu.onEvent((e) => events.push(e));
  return { psu, clock, events };
}

async function channel(psu: SimPowerSupply, n: number): Promise<PsuChannelReading> {
  const sample: StreamSample = await psu.read('readings');
  if (sample.kind !== 'readings') throw new Error(`expected readings, got ${sample.kind}`);
  return sample.readings.find((r) => r.channel === n)!;
}

describe('SimPowerSupply physics', () => {
  it('crosses over from CV to CC where the load asks for more than the limit: V = min(Vset, Ilim·R)', async () => {
    const { psu, clock } = supply();
    await psu.setParameter('voltage_set', 12, 1);
    await psu.setParameter('current_set', 0.5, 1);
    await psu.setParameter('output_enabled', true, 1);
    // Crossover at R = Vset / Ilim = 24 Ω: above it CV at 12 V, below it CC at 0.5 A.
    for (const [loadOhm, expectedV, cc] of [
      [100, 12, false],
      [30, 12, false],
      [24.5, 12, false],
      [20, 10, true],
      [10, 5, true],
    ] as const) {
      await psu.setParameter('load_resistance', loadOhm, 1);
      clock.advance(200);
      const r = await channel(psu, 1);
      expect(r.voltage_actual).toBeCloseTo(expectedV, 6);
      expect(r.in_cc_mode).toBe(cc);
      expect(r.in_cv_mode).toBe(!cc);
      expect(r.current_actual).toBeCloseTo(Math.min(12 / loadOhm, 0.5), 6);
    }
  });

  it('slews at 500 V/s: 30 V takes about 60 ms', async () => {
    const { psu, clock } = supply();
    await psu.setParameter('current_set', 3, 1);
    await psu.setParameter('load_resistance', 1_000, 1);
    await psu.setParameter('voltage_set', 30, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(30);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(15, 6);
    clock.advance(29);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(29.5, 6);
    clock.advance(1);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(30, 6);
  });

  it('trips OCP: the output turns off and an alarm event names the channel', async () => {
    const { psu, clock, events } = supply();
    await psu.setParameter('voltage_set', 10, 2);
    await psu.setParameter('current_set', 2, 2);
    await psu.setParameter('load_resistance', 5, 2);
    await psu.setParameter('ocp_level', 1, 2);
    await psu.setParameter('ocp_enabled', true, 2);
    await psu.setParameter('output_enabled', true, 2);
    clock.advance(100);
    const r = await channel(psu, 2);
    expect(r.output_enabled).toBe(false);
    expect(r.current_actual).toBe(0);
    expect(events).toMatchObject([
      { kind: 'protection_trip', level: 'alarm', channel: 2, equipmentId: 'psu_1', details: { trip: 'ocp' } },
    ]);
    expect((await psu.getParameters()).channels[2]).toMatchObject({ protection_tripped: 'ocp' });
    // It stays off until the trip is cleared.
    await expect(psu.setParameter('output_enabled', true, 2)).rejects.toMatchObject({
      code: 'invalid_value',
    });
    await psu.setParameter('clear_protection', true, 2);
    await psu.setParameter('ocp_level', 3, 2);
    await psu.setParameter('output_enabled', true, 2);
    clock.advance(100);
    expect((await channel(psu, 2)).current_actual).toBeCloseTo(2, 6);
  });

  it('trips OVP while slewing past the threshold', async () => {
    const { psu, clock, events } = supply();
    await psu.setParameter('ovp_level', 5, 1);
    await psu.setParameter('load_resistance', 1_000, 1);
    await psu.setParameter('voltage_set', 12, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(5);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(2.5, 6);
    clock.advance(50);
    const r = await channel(psu, 1);
    expect(r.output_enabled).toBe(false);
    expect(r.voltage_actual).toBe(0);
    expect(events).toMatchObject([{ kind: 'protection_trip', channel: 1, details: { trip: 'ovp' } }]);
    expect(events[0]!.message).toMatch(/OVP 5 V/);
  });

  it('keeps stepping a slewing output every millisecond while another output has settled', async () => {
    // A settled output is stepped once per read, not once a millisecond: that must not stop the others.
    const { psu, clock, events } = supply();
    await psu.setParameter('voltage_set', 5, 1);
    await psu.setParameter('load_resistance', 10, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(200);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(5, 6);
    await psu.setParameter('voltage_set', 30, 2);
    await psu.setParameter('current_set', 3, 2);
    await psu.setParameter('load_resistance', 1_000, 2);
    await psu.setParameter('ovp_level', 20, 2);
    await psu.setParameter('output_enabled', true, 2);
    clock.advance(15);
    const readings = await psu.read('readings');
    if (readings.kind !== 'readings') throw new Error('expected readings');
    expect(readings.readings[0]!.voltage_actual).toBeCloseTo(5, 6);
    expect(readings.readings[1]!.voltage_actual).toBeCloseTo(7.5, 6);
    // CH1 settled for the whole read; CH2 slews on past its OVP level at 40 ms and trips there.
    clock.advance(100);
    expect((await channel(psu, 2)).output_enabled).toBe(false);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(5, 6);
    expect(events).toMatchObject([{ kind: 'protection_trip', channel: 2, details: { trip: 'ovp' } }]);
  });

  it('steps an output that settled before its setting changed again from the new setting', async () => {
    const { psu, clock } = supply();
    await psu.setParameter('load_resistance', 1_000, 1);
    await psu.setParameter('voltage_set', 2, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(50);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(2, 6);
    await psu.setParameter('voltage_set', 12, 1);
    clock.advance(10);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(7, 6);
    clock.advance(2_500);
    expect((await channel(psu, 1)).voltage_actual).toBeCloseTo(12, 6);
  });
});
