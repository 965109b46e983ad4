import { describe, expect, it } from 'vitest';
import {
  DriverError,
  type InstrumentEvent,
  type ScopeRecord,
  type StreamSample,
} from '../../../src-main/instruments/InstrumentDriver.js';
import {
  SimOscilloscope,
  type SimOscilloscopeOptions,
} from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { Clock } from '../../../src-main/util/clock.js';

/** A clock the test moves by hand. */
function manualClock(startMs = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms) => void (nowMs += ms) };
}

function scope(options: SimOscilloscopeOptions = {}) {
  const clock = manualClock();
  return { clock, scope: new SimOscilloscope({ seed: 11, clock, ...options }) };
}

function record(sample: StreamSample): ScopeRecord {
  if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
  return sample.record;
}

function measurements(sample: StreamSample): Record<string, Record<string, number>> {
  if (sample.kind !== 'measurements') throw new Error(`expected measurements, got ${sample.kind}`);
  return sample.values;
}

describe('SimOscilloscope', () => {
  it('starts as the demo bench: CH1 1 kHz sine 2 Vpp, CH2 1 kHz square 1 Vpp, CH3/CH4 off', async () => {
    const { scope: s } = scope();
    const params = await s.getParameters();
    expect(params.channels[1]).toMatchObject({
      enabled: true,
      signal: 'sine',
      frequency: 1_000,
      amplitude: 2,
    });
    expect(params.channels[2]).toMatchObject({
      enabled: true,
      signal: 'square',
      frequency: 1_000,
      amplitude: 1,
    });
    expect(params.channels[3]).toMatchObject({ enabled: false });
    expect(params.channels[4]).toMatchObject({ enabled: false });
    expect(params.global).toMatchObject({ trigger_mode: 'auto', trigger_position: 0.5, run_state: 'run' });
    expect(params.global.sample_rate).toBe(
      (params.global.record_length as number) / (10 * (params.global.timebase as number)),
    );
    const r = record(await s.read('waveform'));
    expect(r.channels.map((c) => c.channel)).toEqual([1, 2]);
    expect(r.triggered).toBe(true);
    expect((await s.getParameters()).global.trigger_state).toBe('triggered');
    expect(s.capabilities().streams.map((x) => x.stream_type)).toEqual(['waveform', 'measurements']);
  });

  it.each([
    ['sine', 1_000, 5e-4],
    ['sine', 1_000, 2e-3],
    ['square', 25_000, 1e-4],
    ['square', 1_000, 5e-3],
    ['triangle', 1e6, 5e-7],
    ['triangle', 440, 2e-3],
  ] as const)(
    'measures a %s at %d Hz on %f s/div: frequency within 0.1 %, Vpp within 2 %',
    async (signal, hz, tb) => {
      const { scope: s, clock } = scope();
      await s.setParameter('signal', signal, 1);
      await s.setParameter('frequency', hz, 1);
      await s.setParameter('timebase', tb);
      for (let k = 0; k < 3; k++) {
        clock.advance(97.3);
        const ch1 = measurements(await s.read('measurements')).CH1!;
        expect(Math.abs(ch1.frequency! - hz) / hz).toBeLessThan(1e-3);
        expect(Math.abs(ch1.period! * hz - 1)).toBeLessThan(1e-3);
        expect(Math.abs(ch1.vpp! - 2) / 2).toBeLessThan(0.02);
      }
    },
  );

  it('measures the square on CH2 with a 50 % duty and fast edges, and a pulse duty cycle', async () => {
    const { scope: s } = scope();
    await s.setParameter('signal', 'pulse', 2);
    await s.setParameter('duty_cycle', 30, 2);
    const values = measurements(await s.read('measurements'));
    expect(values.CH2!.duty).toBeCloseTo(30, 1);
    await s.setParameter('signal', 'square', 2);
    const square = measurements(await s.read('measurements'));
    expect(square.CH2!.duty).toBeCloseTo(50, 1);
    expect(square.CH2!.rise_time).toBeLessThan(square.CH1!.rise_time! / 100);
  });

  it('normal mode with the level above the signal produces no record and says it is waiting', async () => {
    const { scope: s } = scope();
    await s.setParameter('trigger_level', 1.5);
    await s.setParameter('trigger_mode', 'normal');
    const sample = await s.read('waveform');
    expect(sample).toMatchObject({ kind: 'none', reason: 'waiting_for_trigger' });
    expect(await s.read('measurements')).toMatchObject({ kind: 'none', reason: 'waiting_for_trigger' });
    expect((await s.getParameters()).global.trigger_state).toBe('waiting');
    // Auto mode free-runs instead, flagged untriggered.
    await s.setParameter('trigger_mode', 'auto');
    expect(record(await s.read('waveform')).triggered).toBe(false);
    expect((await s.getParameters()).global.trigger_state).toBe('armed');
  });

  it('single mode captures one record, stops, serves that record, and re-arms on run', async () => {
    const events: InstrumentEvent[] = [];
    const { scope: s, clock } = scope();
    s.onEvent((e) => events.push(e));
    expect(await s.setParameter('trigger_mode', 'single')).toBe('single');
    const first = record(await s.read('waveform'));
    expect((await s.getParameters()).global).toMatchObject({ trigger_state: 'stopped', run_state: 'stop' });
    expect(events).toMatchObject([{ kind: 'acquisition_stopped', equipmentId: 'scope_1' }]);
    clock.advance(500);
    expect(record(await s.read('waveform'))).toBe(first);
    expect(measurements(await s.read('measurements')).CH1!.frequency).toBeCloseTo(1_000, 0);
    await s.setParameter('run_state', 'run');
    expect((await s.getParameters()).global.trigger_state).toBe('armed');
    expect(record(await s.read('waveform'))).not.toBe(first);
  });

  it('stopped before anything was captured reads nothing', async () => {
    const { scope: s } = scope({ initial: { runState: 'stop' } });
    expect(await s.read('waveform')).toMatchObject({ kind: 'none', reason: 'stopped' });
    expect((await s.getParameters()).global.trigger_state).toBe('stopped');
  });

  it('validates settings against the published ranges and changes nothing on a bad one', async () => {
    const { scope: s } = scope();
    const before = await s.getParameters();
    await expect(s.setParameter('frequency', 5e9, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(s.setParameter('signal', 'sawtooth2', 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(s.setParameter('frequency', 100)).rejects.toMatchObject({ code: 'invalid_value' });
    await expect(s.setParameter('frequency', 100, 5)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(s.setParameter('trigger_state', 'armed')).rejects.toMatchObject({
      code: 'unknown_parameter',
    });
    await expect(s.setParameter('enabled', 'yes', 1)).rejects.toBeInstanceOf(DriverError);
    expect(await s.getParameters()).toEqual(before);
  });

  it('rounds the timebase to 1-2-5 steps and the record length to the offered ones', async () => {
    const { scope: s } = scope();
    expect(await s.setParameter('timebase', 4.4e-4)).toBe(5e-4);
    expect(await s.setParameter('timebase', 1.3e-6)).toBe(1e-6);
    expect(await s.setParameter('timebase', 0.16)).toBe(0.2);
    expect(await s.setParameter('record_length', 5_000)).toBe(10_000);
    expect(await s.setParameter('record_length', 1_000_000)).toBe(1_000_000);
    const r = record(await s.read('waveform'));
    expect(r.channels[0]!.samples.length).toBe(1_000_000);
    expect(r.sampleRateHz).toBe(1_000_000 / (10 * 0.2));
  });

  it('applies AC coupling, clipping at ±5 divisions, and the trigger source', async () => {
    const { scope: s } = scope();
    await s.setParameter('dc_level', 1, 1);
    await s.setParameter('volts_per_div', 1, 1);
    expect(measurements(await s.read('measurements')).CH1!.vavg).toBeCloseTo(1, 2);
    await s.setParameter('coupling', 'ac', 1);
    expect(measurements(await s.read('measurements')).CH1!.vavg).toBeCloseTo(0, 2);
    await s.setParameter('coupling', 'dc', 1);
    await s.setParameter('volts_per_div', 0.1, 1);
    const clipped = measurements(await s.read('measurements')).CH1!;
    expect(clipped.vmax).toBeCloseTo(0.5, 6);
    await s.setParameter('trigger_source', 'CH3');
    await s.setParameter('enabled', true, 3);
    expect(record(await s.read('waveform')).channels.map((c) => c.channel)).toEqual([1, 2, 3]);
  });

  it('the vertical offset moves the ADC window, not the signal: samples stay in input volts', async () => {
    const { scope: s } = scope();
    // CH1: sine 2 Vpp about 0 V. At 0.2 V/div the ADC covers ±1 V about the screen centre (−offset).
    await s.setParameter('volts_per_div', 0.2, 1);
    await s.setParameter('offset', -0.5, 1);
    const m = measurements(await s.read('measurements')).CH1!;
    // Centre at +0.5 V: the window is [−0.5, 1.5] V, so the peak (1 V) is whole and the trough is clipped.
    expect(m.vmax).toBeCloseTo(1, 1);
    expect(m.vmin).toBeCloseTo(-0.5, 6);
    expect((await s.getParameters()).channels[1]).toMatchObject({ offset: -0.5, dc_level: 0 });
  });

  it('publishes trigger_holdoff and reports it back; a bad one changes nothing', async () => {
    const { scope: s } = scope();
    expect(await s.setParameter('trigger_holdoff', 1.5e-3)).toBe(1.5e-3);
    expect((await s.getParameters()).global.trigger_holdoff).toBe(1.5e-3);
    await expect(s.setParameter('trigger_holdoff', -1)).rejects.toBeInstanceOf(DriverError);
    expect((await s.getParameters()).global.trigger_holdoff).toBe(1.5e-3);
    expect(record(await s.read('waveform')).triggered).toBe(true);
  });

  it('reproduces the same records for the same seed and clock', async () => {
    const a = scope();
    const b = scope();
    for (let k = 0; k < 3; k++) {
      a.clock.advance(33);
      b.clock.advance(33);
      const ra = record(await a.scope.read('waveform'));
      const rb = record(await b.scope.read('waveform'));
      expect(ra.x0S).toBe(rb.x0S);
      expect(ra.channels[0]!.samples).toEqual(rb.channels[0]!.samples);
    }
  });
});
