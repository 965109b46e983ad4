import { describe, expect, it } from 'vitest';
import type { InstrumentEvent } from '../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import type { PsuChannelReading } from '../../shared/protocol/index.js';

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

async function readings(psu: SimPowerSupply): Promise<PsuChannelReading[]> {
  const sample = await psu.read('readings');
  if (sample.kind !== 'readings') throw new Error(`expected readings, got ${sample.kind}`);
  return sample.readings;
}

describe('SimPowerSupply coupling (tracking_mode)', () => {
  it('publishes the four modes and the coupled pair in its catalog', () => {
    const { psu } = supply();
    expect(psu.capabilities().parameters.find((p) => p.name === 'tracking_mode')).toMatchObject({
      type: 'enum',
      choices: ['independent', 'series', 'parallel', 'track'],
      coupled_channels: [1, 2],
    });
  });

  it('series: CH1 is one output set up to 60 V; each half carries half the voltage and the full current', async () => {
    const { psu, clock } = supply();
    await expect(psu.setParameter('voltage_set', 50, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await psu.setParameter('tracking_mode', 'series');
    await psu.setParameter('ovp_level', 66, 1);
    await psu.setParameter('voltage_set', 50, 1);
    await psu.setParameter('current_set', 2, 1);
    await psu.setParameter('load_resistance', 100, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(500);
    const [ch1, ch2] = await readings(psu);
    expect(ch1).toMatchObject({ output_enabled: true, in_cv_mode: true });
    expect(ch1!.voltage_actual).toBeCloseTo(50, 6);
    expect(ch1!.current_actual).toBeCloseTo(0.5, 6);
    expect(ch2!.voltage_actual).toBeCloseTo(25, 6);
    expect(ch2!.current_actual).toBeCloseTo(0.5, 6);
    expect((await psu.getParameters()).global).toEqual({ tracking_mode: 'series' });
    await expect(psu.setParameter('voltage_set', 61, 1)).rejects.toMatchObject({ code: 'out_of_range' });
  });

  it('parallel: CH1 is one output with up to 6 A; each half carries half the current', async () => {
    const { psu, clock } = supply();
    await psu.setParameter('tracking_mode', 'parallel');
    await psu.setParameter('voltage_set', 10, 1);
    await psu.setParameter('current_set', 5, 1);
    await psu.setParameter('load_resistance', 2.5, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(500);
    const [ch1, ch2] = await readings(psu);
    expect(ch1!.voltage_actual).toBeCloseTo(10, 6);
    expect(ch1!.current_actual).toBeCloseTo(4, 6);
    expect(ch2!.voltage_actual).toBeCloseTo(10, 6);
    expect(ch2!.current_actual).toBeCloseTo(2, 6);
    expect(ch2!.output_enabled).toBe(true);
  });

  it('paired: CH2 refuses settings of its own but switching it off switches the pair off', async () => {
    const { psu, clock } = supply();
    await psu.setParameter('tracking_mode', 'series');
    await expect(psu.setParameter('voltage_set', 5, 2)).rejects.toMatchObject({
      code: 'invalid_value',
      message: 'CH2 is paired with CH1 in series: set CH1, the paired output',
    });
    await psu.setParameter('voltage_set', 5, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(100);
    await psu.setParameter('output_enabled', false, 2);
    const [ch1, ch2] = await readings(psu);
    expect(ch1!.output_enabled).toBe(false);
    expect(ch2!.output_enabled).toBe(false);
  });

  it('leaving series brings CH1 back inside one output’s range', async () => {
    const { psu } = supply();
    await psu.setParameter('tracking_mode', 'series');
    await psu.setParameter('ovp_level', 60, 1);
    await psu.setParameter('voltage_set', 45, 1);
    await psu.setParameter('tracking_mode', 'independent');
    expect((await psu.getParameters()).channels[1]).toMatchObject({ voltage_set: 30, ovp_level: 33 });
  });

  it('track: a setpoint set on either output is applied to both', async () => {
    const { psu } = supply();
    await psu.setParameter('voltage_set', 7, 1);
    await psu.setParameter('tracking_mode', 'track');
    expect((await psu.getParameters()).channels[2]).toMatchObject({ voltage_set: 7 });
    await psu.setParameter('voltage_set', 12, 2);
    await psu.setParameter('current_set', 0.25, 1);
    const { channels } = await psu.getParameters();
    expect(channels[1]).toMatchObject({ voltage_set: 12, current_set: 0.25 });
    expect(channels[2]).toMatchObject({ voltage_set: 12, current_set: 0.25 });
    // CH3 is not part of the pair.
    await psu.setParameter('voltage_set', 3, 3);
    expect((await psu.getParameters()).channels[1]).toMatchObject({ voltage_set: 12 });
  });

  it('refuses a mode change while CH1 or CH2 is on, and changes nothing', async () => {
    const { psu } = supply();
    await psu.setParameter('output_enabled', true, 2);
    await expect(psu.setParameter('tracking_mode', 'parallel')).rejects.toMatchObject({
      code: 'invalid_value',
      message: 'turn CH1 and CH2 off before changing tracking_mode',
    });
    await expect(psu.setParameter('tracking_mode', 'crossed')).rejects.toMatchObject({
      code: 'out_of_range',
    });
    expect((await psu.getParameters()).global).toEqual({ tracking_mode: 'independent' });
  });
});

describe('SimPowerSupply protection state machine', () => {
  it('armed → tripped OVP → cleared: the output stays off, and trip and clear are events', async () => {
    const { psu, clock, events } = supply();
    await psu.setParameter('load_resistance', 1_000, 1);
    await psu.setParameter('voltage_set', 12, 1);
    await psu.setParameter('ovp_level', 10, 1);
    expect((await psu.getParameters()).channels[1]).toMatchObject({
      ovp_enabled: true,
      protection_tripped: 'none',
    });
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(100);
    expect((await psu.getParameters()).channels[1]).toMatchObject({
      protection_tripped: 'ovp',
      output_enabled: false,
    });
    await psu.setParameter('clear_protection', true, 1);
    clock.advance(100);
    expect((await psu.getParameters()).channels[1]).toMatchObject({
      protection_tripped: 'none',
      output_enabled: false,
    });
    expect((await readings(psu))[0]!.output_enabled).toBe(false);
    expect(events.map((e) => [e.kind, e.level, e.channel, e.details])).toEqual([
      ['protection_trip', 'alarm', 1, { trip: 'ovp' }],
      ['protection_cleared', 'info', 1, { trip: 'ovp' }],
    ]);
    expect(events[1]!.message).toBe('CH1 OVP trip cleared; the output stays off until turned on');
  });

  it('clearing with nothing tripped changes nothing and records nothing', async () => {
    const { psu, events } = supply();
    await psu.setParameter('clear_protection', true, 2);
    expect(events).toEqual([]);
    expect((await psu.getParameters()).channels[2]).toMatchObject({ output_enabled: false });
  });

  it('OVP disarmed: above the level nothing trips', async () => {
    const { psu, clock, events } = supply();
    await psu.setParameter('load_resistance', 1_000, 1);
    await psu.setParameter('voltage_set', 12, 1);
    await psu.setParameter('ovp_level', 10, 1);
    await psu.setParameter('ovp_enabled', false, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(100);
    expect((await readings(psu))[0]!.voltage_actual).toBeCloseTo(12, 6);
    expect(events).toEqual([]);
  });

  it('a paired output trips as one: CH1’s OCP turns the pair off', async () => {
    const { psu, clock, events } = supply();
    await psu.setParameter('tracking_mode', 'parallel');
    await psu.setParameter('voltage_set', 10, 1);
    await psu.setParameter('current_set', 6, 1);
    await psu.setParameter('ocp_level', 4, 1);
    await psu.setParameter('ocp_enabled', true, 1);
    await psu.setParameter('load_resistance', 2, 1);
    await psu.setParameter('output_enabled', true, 1);
    clock.advance(100);
    const [ch1, ch2] = await readings(psu);
    expect([ch1!.output_enabled, ch2!.output_enabled]).toEqual([false, false]);
    expect(events).toMatchObject([{ kind: 'protection_trip', channel: 1, details: { trip: 'ocp' } }]);
  });
});
